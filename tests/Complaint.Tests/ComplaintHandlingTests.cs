using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using HallPlatform.Contracts.Contacts.V1;
using HallPlatform.Identity;
using HallPlatform.Messaging;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static HallPlatform.Complaint.Tests.ComplaintSteps;

namespace HallPlatform.Complaint.Tests;

/// <summary>Routing and transfer history, merge and links, visibility of a complaint about a staff member, events, contacts.</summary>
[Collection(ServersCollection.Name)]
public sealed class ComplaintHandlingTests : IAsyncLifetime
{
    private const string Phone = "13812345678";

    private static readonly HallCaller Li = TestCallers.Staff("usr_li", HallRoles.ComplaintHandler, "hall-001");
    private static readonly HallCaller Wang = TestCallers.Staff("usr_wang", HallRoles.ComplaintHandler, "hall-001");

    private readonly ComplaintApp _app;
    private readonly HttpClient _client;

    public ComplaintHandlingTests(RealServersFixture servers)
    {
        _app = new ComplaintApp(servers) { Settings = new Dictionary<string, string> { ["Complaint:SweepEnabled"] = "false" } };
        _client = _app.CreateClient();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<string> RegisterAsync(string category = "billing", string phone = Phone, string? relatedStaffId = null, HttpClient? client = null)
    {
        using var response = await (client ?? _client).PostAsJsonAsync(Complaints, new
        {
            channel = "hall", subject = "Overcharged", description = "Billed twice", remedySought = "Refund", category, hallId = "hall-001",
            customerPhone = phone, customerName = "Zhang Wei", relatedStaffId, relatedOrderId = "ord_123",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("complaintId").GetString()!;
    }

    [Fact]
    public async Task Assessment_routes_to_the_category_owner_and_transfers_keep_their_history_and_tell_the_customer()
    {
        var id = await RegisterAsync(category: "network");

        var assessed = await AssessAsync(_client, id, category: "network", severity: "high");
        Assert.Equal("dep-network", assessed.GetProperty("departmentId").GetString());
        Assert.Equal("high", assessed.GetProperty("severity").GetString());
        await AssignAsync(_client, id, "dep-network", "usr_noc_lead", "Coverage question");
        var transferred = await AssignAsync(_client, id, "dep-billing", "usr_billing_lead", "It is a billing matter after all");

        Assert.Equal("assigned", transferred.GetProperty("status").GetString());
        var history = transferred.GetProperty("assignmentHistory").EnumerateArray()
            .Select(a => (From: a.GetProperty("fromDepartmentId").GetString(), To: a.GetProperty("toDepartmentId").GetString(),
                Handler: a.GetProperty("toHandlerId").GetString(), By: a.GetProperty("by").GetString(), Reason: a.GetProperty("reason").GetString()))
            .ToArray();
        Assert.Equal(
            [
                ("dep-network", "dep-network", "usr_noc_lead", "test-admin", "Coverage question"),
                ("dep-network", "dep-billing", "usr_billing_lead", "test-admin", "It is a billing matter after all"),
            ],
            history);
        Assert.Equal("dep-billing", transferred.GetProperty("departmentId").GetString());

        using var messages = await _client.GetAsync($"{Complaints}/{id}/communications");
        var codes = (await messages.ReadJsonAsync()).GetProperty("communications").EnumerateArray()
            .Select(m => (m.GetProperty("templateCode").GetString(), m.GetProperty("body").GetString()!.Contains("Billing office", StringComparison.Ordinal)))
            .ToArray();
        Assert.Equal([("complaint.acknowledged", false), ("complaint.assigned", false), ("complaint.transferred", true)], codes);

        // The same assignment again is a conflict; a handler of another department and an unknown department are field errors.
        using var again = await _client.PostAsJsonAsync($"{Complaints}/{id}/assignment", new { departmentId = "dep-billing", handlerId = "usr_billing_lead" });
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict);
        using var wrongHandler = await _client.PostAsJsonAsync($"{Complaints}/{id}/assignment", new { departmentId = "dep-billing", handlerId = "usr_noc_lead" });
        await ProblemAssert.IsValidationProblemAsync(wrongHandler, "handlerId");
        using var unknown = await _client.PostAsJsonAsync($"{Complaints}/{id}/assignment", new { departmentId = "dep-nowhere" });
        await ProblemAssert.IsValidationProblemAsync(unknown, "departmentId");
    }

    [Fact]
    public async Task A_merge_closes_the_duplicate_into_its_master_and_both_keep_their_history()
    {
        var master = await RegisterAsync();
        var duplicate = await RegisterAsync();
        await AssessAsync(_client, duplicate);
        await AssessAsync(_client, master);

        var merged = await PostOkAsync(_client, $"{Complaints}/{duplicate}/links", new { otherComplaintId = master, kind = "merge" });

        Assert.Equal("closed", merged.GetProperty("status").GetString());
        Assert.Equal("merged", merged.GetProperty("outcome").GetString());
        Assert.Equal(master, merged.GetProperty("masterComplaintId").GetString());
        Assert.Equal(["received->acknowledged", "acknowledged->assessed", "assessed->closed"], Moves(merged));
        var link = Assert.Single(merged.GetProperty("links").EnumerateArray());
        Assert.Equal((master, "merged-into"), (link.GetProperty("otherComplaintId").GetString(), link.GetProperty("kind").GetString()));

        using var read = await _client.GetAsync($"{Complaints}/{master}");
        var masterBody = await read.ReadJsonAsync();
        Assert.Equal("assessed", masterBody.GetProperty("status").GetString());
        Assert.Equal(["received->acknowledged", "acknowledged->assessed"], Moves(masterBody));
        var back = Assert.Single(masterBody.GetProperty("links").EnumerateArray());
        Assert.Equal((duplicate, "merged-from"), (back.GetProperty("otherComplaintId").GetString(), back.GetProperty("kind").GetString()));
        // Both registrations came from one phone: the master shows the customer as a repeat complainant.
        Assert.Equal(2, masterBody.GetProperty("repeatComplaintCount").GetInt32());

        using var twice = await _client.PostAsJsonAsync($"{Complaints}/{duplicate}/links", new { otherComplaintId = master, kind = "related" });
        await ProblemAssert.IsProblemAsync(twice, HttpStatusCode.Conflict);
        using var self = await _client.PostAsJsonAsync($"{Complaints}/{master}/links", new { otherComplaintId = master, kind = "related" });
        await ProblemAssert.IsValidationProblemAsync(self, "otherComplaintId");

        // The merged complaint told the customer nothing more; the master carries on.
        using var messages = await _client.GetAsync($"{Complaints}/{duplicate}/communications");
        Assert.Single((await messages.ReadJsonAsync()).GetProperty("communications").EnumerateArray());
    }

    [Fact]
    public async Task Related_complaints_show_the_link_on_both_and_stay_open()
    {
        var first = await RegisterAsync();
        var second = await RegisterAsync(phone: "13900000000");

        var linked = await PostOkAsync(_client, $"{Complaints}/{first}/links", new { otherComplaintId = second, kind = "related" });

        Assert.Equal("acknowledged", linked.GetProperty("status").GetString());
        Assert.Equal("related", Assert.Single(linked.GetProperty("links").EnumerateArray()).GetProperty("kind").GetString());
        using var read = await _client.GetAsync($"{Complaints}/{second}");
        var other = await read.ReadJsonAsync();
        Assert.Equal(first, Assert.Single(other.GetProperty("links").EnumerateArray()).GetProperty("otherComplaintId").GetString());
        Assert.Equal(1, other.GetProperty("repeatComplaintCount").GetInt32());
    }

    [Fact]
    public async Task A_complaint_about_a_staff_member_is_hidden_from_them_like_an_unknown_id()
    {
        var id = await RegisterAsync(category: "staff-conduct", relatedStaffId: "usr_li");
        using var li = _app.CreateClientAs(Li);
        using var wang = _app.CreateClientAs(Wang);

        using (var read = await li.GetAsync($"{Complaints}/{id}"))
        {
            var problem = await ProblemAssert.IsProblemAsync(read, HttpStatusCode.NotFound);
            Assert.Contains(id, problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        }
        using (var unknown = await li.GetAsync($"{Complaints}/cmp_unknown"))
        {
            await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        }
        using (var change = await li.PostAsJsonAsync($"{Complaints}/{id}/assessment", new { category = "staff-conduct", severity = "low" }))
        {
            await ProblemAssert.IsProblemAsync(change, HttpStatusCode.NotFound);
        }
        using (var messages = await li.GetAsync($"{Complaints}/{id}/communications"))
        {
            await ProblemAssert.IsProblemAsync(messages, HttpStatusCode.NotFound);
        }
        using (var list = await li.GetAsync(Complaints))
        {
            Assert.Equal(0, (await list.ReadJsonAsync()).GetProperty("total").GetInt32());
        }

        // A colleague of the same hall handles it.
        using var colleague = await wang.GetAsync($"{Complaints}/{id}");
        Assert.Equal(HttpStatusCode.OK, colleague.StatusCode);
        Assert.Equal("usr_li", (await colleague.ReadJsonAsync()).GetProperty("relatedStaffId").GetString());
        var assessed = await AssessAsync(wang, id, category: "staff-conduct", severity: "medium");
        Assert.Equal("dep-hall-management", assessed.GetProperty("departmentId").GetString());
    }

    [Fact]
    public async Task Status_events_carry_who_the_staff_member_upheld_and_satisfied_without_personal_data()
    {
        var id = await RegisterAsync(relatedStaffId: "usr_li");
        await ToRespondedAsync(_client, id);
        await ConfirmAsync(_client, id, satisfied: true);

        var payloads = await _app.WithDbAsync(db => db.Set<OutboxEvent>().AsNoTracking()
            .Where(e => e.SubjectId == id).OrderBy(e => e.Position).Select(e => e.Payload).ToListAsync());
        var events = payloads.Select(p => JsonDocument.Parse(p).RootElement).ToList();
        Assert.Equal(
            ["acknowledged->assessed", "assessed->assigned", "assigned->investigating", "investigating->responded", "responded->closed"],
            events.Select(e => $"{e.GetProperty("from").GetString()}->{e.GetProperty("to").GetString()}"));
        Assert.All(events, e =>
        {
            Assert.Equal("test-admin", e.GetProperty("changedBy").GetString());
            Assert.Equal("usr_li", e.GetProperty("relatedStaffId").GetString());
            Assert.Equal("billing", e.GetProperty("category").GetString());
        });
        Assert.Equal(JsonValueKind.Null, events[2].GetProperty("upheld").ValueKind);
        Assert.True(events[3].GetProperty("upheld").GetBoolean());
        Assert.Equal(JsonValueKind.Null, events[3].GetProperty("satisfied").ValueKind);
        Assert.True(events[4].GetProperty("upheld").GetBoolean());
        Assert.True(events[4].GetProperty("satisfied").GetBoolean());
        Assert.Equal("satisfied", events[4].GetProperty("outcome").GetString());
        Assert.All(payloads, p =>
        {
            Assert.DoesNotContain(Phone, p, StringComparison.Ordinal);
            Assert.DoesNotContain("Zhang", p, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Bad_input_to_the_handling_routes_is_400_naming_the_field()
    {
        var id = await RegisterAsync();

        using (var r = await _client.PostAsJsonAsync($"{Complaints}/{id}/assessment", new { category = "weather", severity = "huge" }))
        {
            await ProblemAssert.IsValidationProblemAsync(r, "category", "severity");
        }
        using (var r = await _client.PostAsJsonAsync($"{Complaints}/{id}/response", new { rootCauseCode = "billing-error", refundFen = -1 }))
        {
            await ProblemAssert.IsValidationProblemAsync(r, "findings", "refundFen", "upheld");
        }
        using (var r = await _client.PostAsJsonAsync($"{Complaints}/{id}/response",
            new { findings = "f", rootCauseCode = "no-such-cause", upheld = false }))
        {
            await ProblemAssert.IsValidationProblemAsync(r, "rootCauseCode");
        }
        using (var r = await _client.PostAsJsonAsync($"{Complaints}/{id}/confirmation", new { satisfied = false }))
        {
            await ProblemAssert.IsValidationProblemAsync(r, "whenNotSatisfied");
        }
        using (var r = await _client.PostAsJsonAsync($"{Complaints}/{id}/confirmation", new { note = new string('n', 2001) }))
        {
            await ProblemAssert.IsValidationProblemAsync(r, "satisfied", "note");
        }
        using (var r = await _client.PostAsJsonAsync($"{Complaints}/{id}/escalation", new { reason = "" }))
        {
            await ProblemAssert.IsValidationProblemAsync(r, "reason");
        }
        using (var r = await _client.PostAsJsonAsync($"{Complaints}/{id}/links", new { otherComplaintId = "cmp_x", kind = "twin" }))
        {
            await ProblemAssert.IsValidationProblemAsync(r, "kind");
        }
        using (var r = await _client.PostAsJsonAsync(Complaints, new
        {
            channel = "hall", subject = "s", description = "d", remedySought = "r", category = "billing", hallId = "hall-001",
            customerPhone = Phone, relatedStaffId = "usr li", customerName = new string('x', 201),
        }))
        {
            await ProblemAssert.IsValidationProblemAsync(r, "relatedStaffId", "customerName");
        }
        // Responding before assignment is a conflict naming the status.
        using (var r = await _client.PostAsJsonAsync($"{Complaints}/{id}/response", new { findings = "f", rootCauseCode = "other", upheld = false }))
        {
            var problem = await ProblemAssert.IsProblemAsync(r, HttpStatusCode.Conflict);
            Assert.Contains("'acknowledged'", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Departments_and_root_causes_are_data_edited_by_administrators_only()
    {
        using var list = await _client.GetAsync("/api/v1/complaint-departments");
        Assert.Equal(
            ["dep-billing", "dep-customer-service", "dep-hall-management", "dep-network"],
            (await list.ReadJsonAsync()).EnumerateArray().Select(d => d.GetProperty("departmentId").GetString()));

        using var created = await _client.PostAsJsonAsync("/api/v1/complaint-departments",
            new { departmentId = "dep-retail", name = "Retail", contact = "retail@hall.example", handlerIds = new[] { "usr_r1" }, categories = new[] { "product" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var duplicate = await _client.PostAsJsonAsync("/api/v1/complaint-departments",
            new { departmentId = "dep-retail", name = "Retail", contact = "c", handlerIds = Array.Empty<string>(), categories = Array.Empty<string>() });
        await ProblemAssert.IsProblemAsync(duplicate, HttpStatusCode.Conflict);
        using var bad = await _client.PutAsJsonAsync("/api/v1/complaint-departments/dep-retail",
            new { name = "", contact = "c", handlerIds = new[] { "" }, categories = new[] { "weather" } });
        await ProblemAssert.IsValidationProblemAsync(bad, "name", "handlerIds", "categories");

        using var supervisor = _app.CreateClientAs(TestCallers.Staff("usr_sup", HallRoles.Supervisor, "*"));
        using var refused = await supervisor.PutAsJsonAsync("/api/v1/complaint-root-causes/new-cause", new { name = "N", improvementSuggestion = "S" });
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden);

        using var saved = await _client.PutAsJsonAsync("/api/v1/complaint-root-causes/new-cause", new { name = "N", improvementSuggestion = "S" });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        using var retired = await _client.PutAsJsonAsync("/api/v1/complaint-root-causes/new-cause", new { name = "N", improvementSuggestion = "S", active = false });
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        Assert.False((await retired.ReadJsonAsync()).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task CaseContacts_gives_the_complainant_to_services_only()
    {
        var id = await RegisterAsync();
        var service = new HallCaller(CallerKind.Service, "quality", [], [HallCaller.AllHalls], [], "127.0.0.1");

        using (var channel = _app.CreateGrpcChannelAs(service))
        {
            var contact = await GetCaseContactAsync(channel, id);
            Assert.Equal((id, "Zhang Wei", Phone, "hall-001"), (contact.CaseId, contact.CustomerName, contact.CustomerPhone, contact.HallId));
            Assert.StartsWith(HallPlatform.Application.JourneyIds.Prefix, contact.JourneyId, StringComparison.Ordinal);
            var missing = await Assert.ThrowsAsync<RpcException>(() => GetCaseContactAsync(channel, "cmp_unknown"));
            Assert.Equal(StatusCode.NotFound, missing.StatusCode);
            var empty = await Assert.ThrowsAsync<RpcException>(() => GetCaseContactAsync(channel, ""));
            Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        }
        using (var staffChannel = _app.CreateGrpcChannelAs(Wang))
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() => GetCaseContactAsync(staffChannel, id));
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        }
    }

    private static readonly Method<GetCaseContactRequest, CaseContact> GetCaseContactMethod = new(
        MethodType.Unary, "hall.contacts.v1.CaseContacts", "GetCaseContact",
        Marshallers.Create(r => r.ToByteArray(), GetCaseContactRequest.Parser.ParseFrom),
        Marshallers.Create(r => r.ToByteArray(), CaseContact.Parser.ParseFrom));

    private static async Task<CaseContact> GetCaseContactAsync(global::Grpc.Net.Client.GrpcChannel channel, string caseId) =>
        await channel.CreateCallInvoker().AsyncUnaryCall(GetCaseContactMethod, null, new CallOptions(), new GetCaseContactRequest { CaseId = caseId });

    private static string[] Moves(JsonElement complaint) =>
        [.. complaint.GetProperty("statusChangeHistory").EnumerateArray()
            .Select(c => $"{c.GetProperty("from").GetString()}->{c.GetProperty("to").GetString()}")];
}
