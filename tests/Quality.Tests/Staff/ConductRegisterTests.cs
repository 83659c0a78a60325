using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Quality.Staff.Application;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace HallPlatform.Quality.Tests.Staff;

[Collection(ServersCollection.Name)]
public sealed class ConductRegisterTests : IAsyncLifetime
{
    private const string Cases = "/api/v1/conduct-cases";

    private static readonly HallCaller SupervisorOfHall1 = TestCallers.Staff("usr_li", HallRoles.Supervisor, "hall-001");

    private readonly QualityApp _app;

    public ConductRegisterTests(RealServersFixture servers) => _app = new QualityApp(servers);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static object Gift(string hallId = "hall-001") => new
    {
        staffId = "usr_wang", hallId, category = "gift", disposition = "declined", valueFen = 50000,
        counterparty = "Mr Zhang, a customer", description = "Offered a red envelope after opening an account.",
    };

    private async Task<string> RecordAsync(object body, HallCaller? by = null)
    {
        using var client = _app.CreateClientAs(by ?? SupervisorOfHall1);
        using var response = await client.PostAsJsonAsync(Cases, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("caseId").GetString()!;
    }

    [Fact]
    public async Task A_gift_is_recorded_with_its_recorder_and_investigated_concluded_and_closed_with_every_change_audited()
    {
        using var supervisor = _app.CreateClientAs(SupervisorOfHall1);
        using var created = await supervisor.PostAsJsonAsync(Cases, Gift());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        var id = body.GetProperty("caseId").GetString()!;
        Assert.Equal($"{Cases}/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(("open", "usr_li", 50000L, "declined"), (body.GetProperty("status").GetString(), body.GetProperty("recordedBy").GetString(),
            body.GetProperty("valueFen").GetInt64(), body.GetProperty("disposition").GetString()));

        using var investigating = await supervisor.PostAsJsonAsync($"{Cases}/{id}/status", new { status = "investigating", note = "Asked the customer." });
        using var concluded = await supervisor.PostAsJsonAsync($"{Cases}/{id}/status", new { status = "concluded", outcome = "no-breach" });
        using var closed = await supervisor.PostAsJsonAsync($"{Cases}/{id}/status", new { status = "closed" });
        using var again = await supervisor.PostAsJsonAsync($"{Cases}/{id}/status", new { status = "investigating" });

        Assert.Equal(HttpStatusCode.OK, investigating.StatusCode);
        Assert.Equal(HttpStatusCode.OK, concluded.StatusCode);
        var final = await closed.ReadJsonAsync();
        Assert.Equal(("closed", "no-breach", "none", "usr_li"), (final.GetProperty("status").GetString(), final.GetProperty("outcome").GetString(),
            final.GetProperty("sanction").GetString(), final.GetProperty("concludedBy").GetString()));
        Assert.Equal(["investigating", "concluded", "closed"], final.GetProperty("statusChanges").EnumerateArray().Select(c => c.GetProperty("to").GetString()));
        Assert.Equal("Asked the customer.", final.GetProperty("statusChanges")[0].GetProperty("note").GetString());
        var refused = await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Contains("none, it is final", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var trail = await _app.WithDbAsync(db => db.Set<AuditEntry>().Where(e => e.RecordType == StaffAudit.ConductRecordType && e.RecordId == id)
            .OrderBy(e => e.Id).Select(e => new { e.Action, e.ActorId, e.HallId, e.After }).ToListAsync());
        Assert.Equal([StaffAudit.ConductRecordedAction, StaffAudit.ConductStatusChangedAction, StaffAudit.ConductStatusChangedAction, StaffAudit.ConductStatusChangedAction],
            trail.Select(e => e.Action));
        Assert.All(trail, e => Assert.Equal(("usr_li", "hall-001"), (e.ActorId, e.HallId)));
        // The trail keeps facts, never the free text about people.
        Assert.All(trail, e => Assert.DoesNotContain("Zhang", e.After ?? "", StringComparison.Ordinal));
        Assert.All(trail, e => Assert.DoesNotContain("red envelope", e.After ?? "", StringComparison.Ordinal));
    }

    public static TheoryData<string, string, HttpStatusCode> Readers() => new()
    {
        // role, hall claim -> what a read of a hall-001 case answers
        { HallRoles.Supervisor, "hall-001", HttpStatusCode.OK },
        { HallRoles.Administrator, "hall-001", HttpStatusCode.OK },
        { HallRoles.Administrator, HallCaller.AllHalls, HttpStatusCode.OK },
        { HallRoles.Supervisor, "hall-002", HttpStatusCode.NotFound },
        { HallRoles.Administrator, "hall-002", HttpStatusCode.NotFound },
        { HallRoles.QualityAnalyst, "hall-001", HttpStatusCode.Forbidden },
        { HallRoles.ComplaintHandler, "hall-001", HttpStatusCode.Forbidden },
        { HallRoles.CounterAgent, "hall-001", HttpStatusCode.Forbidden },
        { HallRoles.Receptionist, "hall-001", HttpStatusCode.Forbidden },
        { HallRoles.Technician, "hall-001", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Only_supervisors_and_administrators_of_the_cases_hall_see_it(string role, string hall, HttpStatusCode expected)
    {
        var id = await RecordAsync(Gift());
        using var reader = _app.CreateClientAs(TestCallers.Staff("usr_reader", role, hall));

        using var read = await reader.GetAsync($"{Cases}/{id}");
        using var list = await reader.GetAsync(Cases);
        using var move = await reader.PostAsJsonAsync($"{Cases}/{id}/status", new { status = "investigating" });

        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal([id], (await list.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseId").GetString()));
            Assert.Equal(HttpStatusCode.OK, move.StatusCode);
            return;
        }
        await ProblemAssert.IsProblemAsync(read, expected);
        await ProblemAssert.IsProblemAsync(move, expected);
        if (expected == HttpStatusCode.NotFound)
        {
            // Another hall's manager lists nothing of this hall.
            Assert.Equal(0, (await list.ReadJsonAsync()).GetProperty("total").GetInt32());
        }
        else
        {
            await ProblemAssert.IsProblemAsync(list, HttpStatusCode.Forbidden);
        }
        Assert.Equal(HallPlatform.Quality.Staff.Domain.ConductStatus.Open, await _app.WithDbAsync(db => db.Set<HallPlatform.Quality.Staff.Domain.ConductCase>()
            .Where(c => c.CaseId == id).Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task Services_and_partners_cannot_read_conduct_cases()
    {
        var id = await RecordAsync(Gift());
        using var service = _app.CreateClientAs(new HallCaller(CallerKind.Service, "reception", [], [HallCaller.AllHalls], [], "127.0.0.1"));
        using var partner = _app.CreateClientAs(TestCallers.Partner("callcentre", PartnerScopes.ReportFaults));

        await ProblemAssert.IsProblemAsync(await service.GetAsync($"{Cases}/{id}"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await partner.GetAsync($"{Cases}/{id}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_supervisor_cannot_record_for_another_hall()
    {
        using var supervisor = _app.CreateClientAs(SupervisorOfHall1);

        using var response = await supervisor.PostAsJsonAsync(Cases, Gift("hall-002"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Set<HallPlatform.Quality.Staff.Domain.ConductCase>().CountAsync()));
    }

    [Fact]
    public async Task Bad_input_is_400_naming_each_field()
    {
        using var supervisor = _app.CreateClientAs(SupervisorOfHall1);

        using var empty = await supervisor.PostAsJsonAsync(Cases, new { });
        await ProblemAssert.IsValidationProblemAsync(empty, "staffId", "hallId", "category", "description");
        using var gift = await supervisor.PostAsJsonAsync(Cases, new { staffId = "usr_wang", hallId = "hall-001", category = "gift", description = "x", violationKind = "other", valueFen = -1 });
        await ProblemAssert.IsValidationProblemAsync(gift, "disposition", "valueFen", "counterparty", "violationKind");
        using var violation = await supervisor.PostAsJsonAsync(Cases, new { staffId = "usr_wang", hallId = "hall-001", category = "violation", description = "x", disposition = "accepted", counterparty = new string('c', 201) });
        await ProblemAssert.IsValidationProblemAsync(violation, "violationKind", "disposition", "counterparty");
        using var unknown = await supervisor.PostAsJsonAsync(Cases, new { staffId = "usr_wang", hallId = "hall-001", category = "bribe", description = "x" });
        await ProblemAssert.IsValidationProblemAsync(unknown, "category");

        var id = await RecordAsync(new { staffId = "usr_wang", hallId = "hall-001", category = "violation", violationKind = "customer-data-access", description = "Looked up a neighbour's account." });
        using var noOutcome = await supervisor.PostAsJsonAsync($"{Cases}/{id}/status", new { status = "concluded" });
        await ProblemAssert.IsValidationProblemAsync(noOutcome, "outcome");
        using var noSanction = await supervisor.PostAsJsonAsync($"{Cases}/{id}/status", new { status = "concluded", outcome = "breach" });
        await ProblemAssert.IsValidationProblemAsync(noSanction, "sanction");
        using var early = await supervisor.PostAsJsonAsync($"{Cases}/{id}/status", new { status = "investigating", outcome = "breach" });
        await ProblemAssert.IsValidationProblemAsync(early, "outcome");
        using var badStatus = await supervisor.PostAsJsonAsync($"{Cases}/{id}/status", new { status = "archived", note = new string('n', 2001) });
        await ProblemAssert.IsValidationProblemAsync(badStatus, "status", "note");
        using var badList = await supervisor.GetAsync($"{Cases}?status=lost&staffId=x&pageSize=1000");
        await ProblemAssert.IsValidationProblemAsync(badList, "status", "staffId", "pageSize");
        using var breach = await supervisor.PostAsJsonAsync($"{Cases}/{id}/status", new { status = "concluded", outcome = "breach", sanction = "warning" });
        Assert.Equal(HttpStatusCode.OK, breach.StatusCode);
    }

    [Fact]
    public async Task A_registered_staff_members_case_belongs_to_one_of_their_halls()
    {
        using var admin = _app.CreateClientAs(TestCallers.Administrator);
        using var put = await admin.PutAsJsonAsync("/api/v1/staff/usr_wang", new { displayName = "Wang", hallIds = new[] { "hall-003" }, roles = new[] { "counter-agent" } });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        using var response = await admin.PostAsJsonAsync(Cases, Gift("hall-001"));

        await ProblemAssert.IsValidationProblemAsync(response, "hallId");
    }

    [Fact]
    public async Task Reads_are_audited_with_the_ids_they_returned()
    {
        var id = await RecordAsync(Gift());
        using var supervisor = _app.CreateClientAs(SupervisorOfHall1);

        var one = await supervisor.GetFromJsonAsync<JsonElement>($"{Cases}/{id}");
        var page = await supervisor.GetFromJsonAsync<JsonElement>($"{Cases}?staffId=usr_wang&status=open");

        Assert.Equal("Mr Zhang, a customer", one.GetProperty("counterparty").GetString());
        Assert.Equal(1, page.GetProperty("total").GetInt32());
        var reads = await _app.WithDbAsync(db => db.Set<AuditEntry>()
            .Where(e => e.Action == StaffAudit.ConductReadAction || e.Action == StaffAudit.ConductListReadAction)
            .OrderBy(e => e.Id).Select(e => new { e.Action, e.After }).ToListAsync());
        Assert.Equal([StaffAudit.ConductReadAction, StaffAudit.ConductListReadAction], reads.Select(r => r.Action));
        Assert.Contains(id, reads[1].After, StringComparison.Ordinal);
    }
}
