using Grpc.Core;
using HallPlatform.Contracts.Complaint.V1;
using HallPlatform.Identity;
using HallPlatform.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace HallPlatform.Complaint.Tests;

/// <summary>Reception opens the complaint of a called complaint visit: once per visit, services only.</summary>
[Collection(ServersCollection.Name)]
public sealed class OpenComplaintForVisitTests(RealServersFixture servers) : IAsyncLifetime
{
    private static readonly HallCaller Reception = new(CallerKind.Service, "HallPlatform.Reception", [], [HallCaller.AllHalls], [], null);

    private readonly ComplaintApp _app = new(servers);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static OpenComplaintForVisitRequest VisitRequest(string visitId) => new()
    {
        VisitId = visitId,
        JourneyId = "j_abcdef0123456789abcdef0123",
        HallId = "hall-001",
        ServiceType = "complaint",
        CounterId = "c03",
        TicketNumber = "F004",
        CustomerName = "Qian Li",
        CustomerPhone = "139-0013-9003",
    };

    private ComplaintService.ComplaintServiceClient ClientAs(HallCaller caller) => new(_app.CreateGrpcChannelAs(caller));

    [Fact]
    public async Task The_complaint_of_a_visit_is_a_hall_complaint_with_the_journey_and_the_encrypted_customer()
    {
        var visitId = "vis_" + Guid.NewGuid().ToString("N");

        var complaint = await ClientAs(Reception).OpenComplaintForVisitAsync(VisitRequest(visitId));

        Assert.StartsWith("cmp_", complaint.ComplaintId, StringComparison.Ordinal);
        Assert.Equal(("hall", "acknowledged", visitId, "j_abcdef0123456789abcdef0123"),
            (complaint.Channel, complaint.Status, complaint.VisitId, complaint.JourneyId));
        Assert.Equal(complaint.ReceivedAt.ToDateTimeOffset().AddDays(15), complaint.ResponseDueAt.ToDateTimeOffset());
        await using var connection = new NpgsqlConnection(_app.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"CustomerName\", \"CustomerPhone\" FROM complaints WHERE \"VisitId\" = $1", connection)
        {
            Parameters = { new() { Value = visitId } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.StartsWith("v1:", reader.GetString(0), StringComparison.Ordinal);
        Assert.DoesNotContain("Qian", reader.GetString(0), StringComparison.Ordinal);
        Assert.StartsWith("v1:", reader.GetString(1), StringComparison.Ordinal);
        // Decrypted by the model, the phone normalised by the shared rule.
        var stored = await _app.WithDbAsync(db => db.Complaints.AsNoTracking().SingleAsync(c => c.VisitId == visitId));
        Assert.Equal(("Qian Li", "13900139003"), (stored.CustomerName, stored.CustomerPhone));
    }

    [Fact]
    public async Task Opening_twice_and_concurrently_gives_one_complaint()
    {
        var client = ClientAs(Reception);
        var visitId = "vis_" + Guid.NewGuid().ToString("N");
        var first = await client.OpenComplaintForVisitAsync(VisitRequest(visitId));
        Assert.Equal(first, await client.OpenComplaintForVisitAsync(VisitRequest(visitId)));

        var racing = "vis_" + Guid.NewGuid().ToString("N");
        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 8).Select(async _ =>
        {
            await start.WaitAsync();
            return await client.OpenComplaintForVisitAsync(VisitRequest(racing));
        }).ToList();
        start.Release(calls.Count);
        var answers = await Task.WhenAll(calls);

        Assert.Single(answers.Select(a => a.ComplaintId).Distinct());
        Assert.Equal(2, await _app.WithDbAsync(db => db.Complaints.CountAsync(c => c.VisitId == visitId || c.VisitId == racing)));
    }

    [Fact]
    public async Task A_partner_or_staff_member_cannot_open_a_visit_complaint()
    {
        var partner = ClientAs(TestCallers.Partner("partner-online", PartnerScopes.ReportFaults));
        var staff = ClientAs(TestCallers.Staff("agent-1", HallRoles.ComplaintHandler, "hall-001"));

        var refused = await Assert.ThrowsAsync<RpcException>(() => partner.OpenComplaintForVisitAsync(VisitRequest("vis_partner")).ResponseAsync);
        var staffRefused = await Assert.ThrowsAsync<RpcException>(() => staff.OpenComplaintForVisitAsync(VisitRequest("vis_staff")).ResponseAsync);

        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied), (refused.StatusCode, staffRefused.StatusCode));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Complaints.CountAsync()));
    }

    [Fact]
    public async Task A_bad_visit_request_names_the_field_and_a_registration_starts_its_own_journey()
    {
        var request = VisitRequest("");
        request.CustomerPhone = "";

        var refused = await Assert.ThrowsAsync<RpcException>(() => ClientAs(Reception).OpenComplaintForVisitAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("visitId", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("customerPhone", refused.Status.Detail, StringComparison.Ordinal);

        var registered = await ClientAs(Reception).RegisterComplaintAsync(new RegisterComplaintRequest
        {
            Channel = "online", ExternalId = "online-j", Subject = "s", Description = "d", RemedySought = "r", Category = "other",
            HallId = "hall-001", CustomerPhone = "13912345678",
        });
        Assert.Matches("^j_[0-9a-f]{26}$", registered.JourneyId);
        Assert.Equal("", registered.VisitId);
    }
}
