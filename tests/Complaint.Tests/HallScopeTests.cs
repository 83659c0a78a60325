using HallPlatform.Application;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using HallPlatform.Complaint.Application;
using HallPlatform.Complaint.Domain;
using HallPlatform.Contracts.Complaint.V1;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace HallPlatform.Complaint.Tests;

/// <summary>Staff see and change only complaints of their halls; service callers see every hall (docs/security.md).</summary>
[Collection(ServersCollection.Name)]
public sealed class HallScopeTests : IAsyncLifetime
{
    private const string Complaints = "/api/v1/complaints";
    private const string Phone = "13812345678";

    private static readonly HallCaller HandlerOfHall1 = TestCallers.Staff("handler-1", HallRoles.ComplaintHandler, "hall-001");
    private static readonly HallCaller HandlerOfHall2 = TestCallers.Staff("handler-2", HallRoles.ComplaintHandler, "hall-002");

    private readonly ComplaintApp _app;

    public HallScopeTests(RealServersFixture servers) => _app = new ComplaintApp(servers);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static object NewComplaint(string hallId, string phone = Phone) => new
    {
        channel = "hall",
        subject = "Queue too long",
        description = "Waited two hours.",
        remedySought = "An apology",
        category = "service",
        hallId,
        customerPhone = phone,
    };

    /// <summary>Registered by the all-halls administrator, so the setup never depends on the rule under test.</summary>
    private async Task<string> RegisterAsync(string hallId, string phone = Phone)
    {
        using var admin = _app.CreateClient();
        using var response = await admin.PostAsJsonAsync(Complaints, NewComplaint(hallId, phone));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("complaintId").GetString()!;
    }

    [Fact]
    public async Task Get_by_id_of_another_halls_complaint_is_404_like_an_unknown_id_and_not_audited()
    {
        var id = await RegisterAsync("hall-002");
        using var client = _app.CreateClientAs(HandlerOfHall1);

        using var other = await client.GetAsync($"{Complaints}/{id}");
        using var unknown = await client.GetAsync($"{Complaints}/cmp_unknown");

        var otherProblem = await ProblemAssert.IsProblemAsync(other, HttpStatusCode.NotFound);
        var unknownProblem = await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.Equal(unknownProblem.GetProperty("title").GetString(), otherProblem.GetProperty("title").GetString());
        Assert.Equal(0, await _app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => e.Action == ComplaintAudit.PersonalDataReadAction)));

        using var own = _app.CreateClientAs(HandlerOfHall2);
        using var ownRead = await own.GetAsync($"{Complaints}/{id}");
        Assert.Equal(HttpStatusCode.OK, ownRead.StatusCode);
    }

    [Fact]
    public async Task Status_change_of_another_halls_complaint_is_404_and_changes_nothing()
    {
        var id = await RegisterAsync("hall-002");
        using var client = _app.CreateClientAs(HandlerOfHall1);

        using var response = await client.PostAsJsonAsync($"{Complaints}/{id}/status", new { status = "assessed" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        var complaint = await _app.WithDbAsync(db => db.Complaints.AsNoTracking().SingleAsync(c => c.ComplaintId == id));
        Assert.Equal("acknowledged", complaint.Status.ToWire());
        Assert.Equal(0, await _app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => e.Action == ComplaintAudit.StatusChangedAction)));
    }

    [Fact]
    public async Task The_list_holds_only_the_callers_halls_also_when_searching_by_phone()
    {
        var inHall1 = await RegisterAsync("hall-001");
        var inHall2 = await RegisterAsync("hall-002");
        var inHall3 = await RegisterAsync("hall-003");
        using var client = _app.CreateClientAs(TestCallers.Staff("handler-13", HallRoles.ComplaintHandler, "hall-001", "hall-003"));

        var page = await client.GetFromJsonAsync<JsonElement>(Complaints);
        var byPhone = await client.GetFromJsonAsync<JsonElement>($"{Complaints}?customerPhone={Phone}");

        Assert.Equal(2, page.GetProperty("total").GetInt32());
        // Newest first, hall-002's complaint left out.
        Assert.Equal([inHall3, inHall1], Ids(page));
        Assert.Equal(2, byPhone.GetProperty("total").GetInt32());
        Assert.Equal([inHall3, inHall1], Ids(byPhone));

        using var everyHall = _app.CreateClientAs(TestCallers.Staff("handler-all", HallRoles.ComplaintHandler, HallCaller.AllHalls));
        var all = await everyHall.GetFromJsonAsync<JsonElement>(Complaints);
        Assert.Equal(3, all.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Registering_for_a_hall_the_staff_caller_does_not_serve_is_403_and_writes_nothing()
    {
        using var client = _app.CreateClientAs(TestCallers.Staff("desk-1", HallRoles.Receptionist, "hall-001"));

        using var response = await client.PostAsJsonAsync(Complaints, NewComplaint("hall-002"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("hall-002", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Complaints.CountAsync()));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync()));

        using var ownHall = await client.PostAsJsonAsync(Complaints, NewComplaint("hall-001"));
        Assert.Equal(HttpStatusCode.Created, ownHall.StatusCode);
    }

    [Fact]
    public async Task Grpc_get_of_another_halls_complaint_is_not_found()
    {
        var id = await RegisterAsync("hall-002");
        using var channel = _app.CreateGrpcChannelAs(HandlerOfHall1);
        var grpc = new ComplaintService.ComplaintServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(
            () => grpc.GetComplaintAsync(new GetComplaintRequest { ComplaintId = id }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Grpc_registration_for_another_hall_is_permission_denied_and_writes_nothing()
    {
        using var channel = _app.CreateGrpcChannelAs(HandlerOfHall1);
        var grpc = new ComplaintService.ComplaintServiceClient(channel);
        var request = new RegisterComplaintRequest
        {
            Channel = "hall",
            Subject = "Queue too long",
            Description = "Waited two hours.",
            RemedySought = "An apology",
            Category = "service",
            HallId = "hall-002",
            CustomerPhone = Phone,
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => grpc.RegisterComplaintAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Complaints.CountAsync()));
    }

    [Fact]
    public async Task Service_callers_see_every_hall()
    {
        var id = await RegisterAsync("hall-002");
        using var client = _app.CreateClientAs(new HallCaller(CallerKind.Service, "reception", [], [], [], "127.0.0.1"));

        using var read = await client.GetAsync($"{Complaints}/{id}");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    private static List<string> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("complaintId").GetString()!).ToList();
}
