using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using HallPlatform.Contracts.Fault.V1;
using HallPlatform.Identity;
using HallPlatform.Testing;

namespace HallPlatform.Fault.Tests;

/// <summary>A partner reads only the tickets it reported; staff read them all.</summary>
[Collection(RealServersCollection.Name)]
public sealed class PartnerTicketAccessTests(RealServersFixture servers) : FaultServiceTestBase(servers)
{
    private static readonly HallCaller CallCentre = TestCallers.Partner("callcentre", PartnerScopes.ReportFaults, PartnerScopes.ReadOwnFaults);
    private static readonly HallCaller OnlineShop = TestCallers.Partner("online", PartnerScopes.ReportFaults, PartnerScopes.ReadOwnFaults);

    [Fact]
    public async Task A_partner_reads_its_own_ticket_but_gets_404_for_another_partners()
    {
        using var callCentre = App.CreateClientAs(CallCentre);
        using var online = App.CreateClientAs(OnlineShop);
        var report = await callCentre.PostAsJsonAsync("/api/v1/trouble-tickets", PartnerReport(NewExternalId(), "phone"));
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        var ticketId = (await ReadJsonAsync(report)).GetProperty("ticketId").GetString()!;

        using var own = await callCentre.GetAsync($"/api/v1/trouble-tickets/{ticketId}");
        using var other = await online.GetAsync($"/api/v1/trouble-tickets/{ticketId}");
        using var staff = await Http.GetAsync($"/api/v1/trouble-tickets/{ticketId}");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        // 404 like an unknown id, not 403: the answer must not reveal that the id exists.
        var problem = await AssertProblemAsync(other, 404);
        Assert.DoesNotContain("partner", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
    }

    [Fact]
    public async Task A_partner_gets_not_found_over_grpc_for_another_partners_ticket()
    {
        using var callCentreChannel = App.CreateGrpcChannelAs(CallCentre);
        using var onlineChannel = App.CreateGrpcChannelAs(OnlineShop);
        var callCentre = new TroubleTicketService.TroubleTicketServiceClient(callCentreChannel);
        var online = new TroubleTicketService.TroubleTicketServiceClient(onlineChannel);
        var ticket = await callCentre.ReportFaultAsync(PartnerRequest(NewExternalId(), "phone"));

        var own = await callCentre.GetTroubleTicketAsync(new GetTroubleTicketRequest { TicketId = ticket.TicketId });
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            online.GetTroubleTicketAsync(new GetTroubleTicketRequest { TicketId = ticket.TicketId }).ResponseAsync);

        Assert.Equal(ticket.TicketId, own.TicketId);
        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task A_partners_list_holds_only_its_own_tickets()
    {
        using var callCentre = App.CreateClientAs(CallCentre);
        using var online = App.CreateClientAs(OnlineShop);
        var hallTicket = await CreateHallTicketAsync();
        var ownIds = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var created = await callCentre.PostAsJsonAsync("/api/v1/trouble-tickets", PartnerReport(NewExternalId(), "phone"));
            ownIds.Add((await ReadJsonAsync(created)).GetProperty("ticketId").GetString()!);
        }
        var othersResponse = await online.PostAsJsonAsync("/api/v1/trouble-tickets", PartnerReport(NewExternalId(), "online"));
        var othersId = (await ReadJsonAsync(othersResponse)).GetProperty("ticketId").GetString()!;

        var page = await ReadJsonAsync(await callCentre.GetAsync("/api/v1/trouble-tickets?pageSize=100"));
        var staffPage = await ReadJsonAsync(await Http.GetAsync("/api/v1/trouble-tickets?pageSize=100"));

        var listed = page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("ticketId").GetString()!).ToList();
        Assert.Equal(ownIds.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        var staffListed = staffPage.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("ticketId").GetString()).ToList();
        Assert.Contains(hallTicket, staffListed);
        Assert.Contains(othersId, staffListed);
        Assert.All(ownIds, id => Assert.Contains(id, staffListed));
    }

    [Fact]
    public async Task Reusing_another_partners_reference_is_a_conflict_that_names_no_ticket()
    {
        using var callCentre = App.CreateClientAs(CallCentre);
        using var intruder = App.CreateClientAs(TestCallers.Partner("intruder", PartnerScopes.ReportFaults, PartnerScopes.ReadOwnFaults));
        var externalId = NewExternalId();
        var created = await callCentre.PostAsJsonAsync("/api/v1/trouble-tickets", PartnerReport(externalId, "phone"));
        var ticketId = (await ReadJsonAsync(created)).GetProperty("ticketId").GetString()!;

        // The very same report from another partner: replaying it would hand over the first partner's ticket.
        using var replay = await intruder.PostAsJsonAsync("/api/v1/trouble-tickets", PartnerReport(externalId, "phone"));

        var problem = await AssertProblemAsync(replay, 409);
        Assert.DoesNotContain(ticketId, problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_cannot_change_another_partners_ticket()
    {
        using var callCentre = App.CreateClientAs(CallCentre);
        using var online = App.CreateClientAs(OnlineShop);
        var created = await callCentre.PostAsJsonAsync("/api/v1/trouble-tickets", PartnerReport(NewExternalId(), "phone"));
        var ticketId = (await ReadJsonAsync(created)).GetProperty("ticketId").GetString()!;

        using var response = await online.PostAsJsonAsync($"/api/v1/trouble-tickets/{ticketId}/status", new { status = "inProgress", reason = "x" });

        await AssertProblemAsync(response, 404);
    }

    private static object PartnerReport(string externalId, string channel) => new
    {
        channel,
        externalId,
        name = "No signal",
        description = "No mobile signal at home since this morning",
        severity = "major",
        ticketType = "mobile",
        customerPhone = Reports.Phone,
    };
}
