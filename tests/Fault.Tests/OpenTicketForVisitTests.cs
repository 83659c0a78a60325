using Grpc.Core;
using HallPlatform.Contracts.Fault.V1;
using HallPlatform.Identity;
using HallPlatform.Testing;
using Npgsql;

namespace HallPlatform.Fault.Tests;

/// <summary>Reception opens the trouble ticket of a called fault-report visit: once per visit, services only.</summary>
[Collection(RealServersCollection.Name)]
public sealed class OpenTicketForVisitTests(RealServersFixture servers) : FaultServiceTestBase(servers)
{
    private static readonly HallCaller Reception = new(CallerKind.Service, "HallPlatform.Reception", [], [HallCaller.AllHalls], [], null);

    private static OpenTicketForVisitRequest VisitRequest(string visitId) => new()
    {
        VisitId = visitId,
        JourneyId = "j_0123456789abcdef0123456789",
        HallId = "hall-001",
        ServiceType = "fault-report",
        CounterId = "c03",
        TicketNumber = "D007",
        CustomerName = "Zhao Lei",
        CustomerPhone = "139 0013 9002",
    };

    private TroubleTicketService.TroubleTicketServiceClient ClientAs(HallCaller caller, out IDisposable channel)
    {
        var grpcChannel = App.CreateGrpcChannelAs(caller);
        channel = grpcChannel;
        return new TroubleTicketService.TroubleTicketServiceClient(grpcChannel);
    }

    [Fact]
    public async Task The_ticket_of_a_visit_is_a_hall_ticket_carrying_the_journey_and_the_encrypted_customer()
    {
        var client = ClientAs(Reception, out var channel);
        using var _ = channel;
        var visitId = "vis_" + Guid.NewGuid().ToString("N");

        var ticket = await client.OpenTicketForVisitAsync(VisitRequest(visitId));

        Assert.StartsWith("tt_", ticket.TicketId, StringComparison.Ordinal);
        Assert.Equal(("hall", visitId, "j_0123456789abcdef0123456789", "acknowledged"), (ticket.Channel, ticket.VisitId, ticket.JourneyId, ticket.Status));
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT customer_name, customer_phone, hall_id FROM trouble_tickets WHERE visit_id = $1", connection)
        {
            Parameters = { new() { Value = visitId } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        // Ciphertext at rest, like the phone always was.
        Assert.StartsWith("v1:", reader.GetString(0), StringComparison.Ordinal);
        Assert.DoesNotContain("Zhao", reader.GetString(0), StringComparison.Ordinal);
        Assert.StartsWith("v1:", reader.GetString(1), StringComparison.Ordinal);
        Assert.Equal("hall-001", reader.GetString(2));
        Assert.DoesNotContain(Logs.Lines, line => line.Contains("Zhao Lei", StringComparison.Ordinal) || line.Contains("13900139002", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Opening_twice_and_concurrently_gives_one_ticket()
    {
        var client = ClientAs(Reception, out var channel);
        using var _ = channel;
        var visitId = "vis_" + Guid.NewGuid().ToString("N");
        var first = await client.OpenTicketForVisitAsync(VisitRequest(visitId));
        var again = await client.OpenTicketForVisitAsync(VisitRequest(visitId));
        Assert.Equal(first, again);

        var racing = "vis_" + Guid.NewGuid().ToString("N");
        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 8).Select(async _ =>
        {
            await start.WaitAsync();
            return await client.OpenTicketForVisitAsync(VisitRequest(racing));
        }).ToList();
        start.Release(calls.Count);
        var answers = await Task.WhenAll(calls);

        Assert.Single(answers.Select(a => a.TicketId).Distinct());
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM trouble_tickets WHERE visit_id IN ($1, $2)", connection)
        {
            Parameters = { new() { Value = visitId }, new() { Value = racing } },
        };
        Assert.Equal(2L, await count.ExecuteScalarAsync());
        // Each visit's customer is acknowledged once, however often and concurrently the ticket was asked for.
        await using var messages = new NpgsqlCommand(
            "SELECT count(*) FROM communication_messages m JOIN trouble_tickets t ON t.ticket_id = m.subject_id WHERE t.visit_id IN ($1, $2)", connection)
        {
            Parameters = { new() { Value = visitId }, new() { Value = racing } },
        };
        Assert.Equal(2L, await messages.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_partner_or_staff_member_cannot_open_a_visit_ticket()
    {
        var partner = ClientAs(TestCallers.Partner("partner-online", PartnerScopes.ReportFaults, PartnerScopes.ReadOwnFaults), out var partnerChannel);
        using var _ = partnerChannel;
        var staff = ClientAs(TestCallers.Staff("agent-1", HallRoles.CounterAgent, "hall-001"), out var staffChannel);
        using var __ = staffChannel;

        var refused = await Assert.ThrowsAsync<RpcException>(() => partner.OpenTicketForVisitAsync(VisitRequest("vis_partner")).ResponseAsync);
        var staffRefused = await Assert.ThrowsAsync<RpcException>(() => staff.OpenTicketForVisitAsync(VisitRequest("vis_staff")).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, staffRefused.StatusCode);
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM trouble_tickets", connection);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_bad_visit_request_names_the_field()
    {
        var client = ClientAs(Reception, out var channel);
        using var _ = channel;
        var request = VisitRequest("");
        request.JourneyId = "not-a-journey";

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.OpenTicketForVisitAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("visitId", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("journeyId", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_report_starts_a_journey_of_its_own()
    {
        var first = await Grpc.ReportFaultAsync(PartnerRequest(NewExternalId()));
        var second = await Grpc.ReportFaultAsync(PartnerRequest(NewExternalId()));

        Assert.Matches("^j_[0-9a-f]{26}$", first.JourneyId);
        Assert.NotEqual(first.JourneyId, second.JourneyId);
        Assert.Equal("", first.VisitId);
    }
}
