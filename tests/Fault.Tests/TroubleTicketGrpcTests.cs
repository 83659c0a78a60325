using System.Net.Http.Json;
using Grpc.Core;
using HallPlatform.Contracts.Fault.V1;
using HallPlatform.Application;
using HallPlatform.Identity;
using HallPlatform.Testing;

namespace HallPlatform.Fault.Tests;

[Collection(RealServersCollection.Name)]
public sealed class TroubleTicketGrpcTests(RealServersFixture servers) : FaultServiceTestBase(servers)
{
    [Fact]
    public async Task ReportFault_registers_an_acknowledged_ticket_due_in_48_hours()
    {
        var externalId = NewExternalId();

        var ticket = await Grpc.ReportFaultAsync(PartnerRequest(externalId));

        Assert.StartsWith("tt_", ticket.TicketId, StringComparison.Ordinal);
        Assert.Equal("online", ticket.Channel);
        Assert.Equal(externalId, ticket.ExternalId);
        Assert.Equal("Broadband down", ticket.Name);
        Assert.Equal("critical", ticket.Severity);
        Assert.Equal("broadband", ticket.TicketType);
        Assert.Equal("acknowledged", ticket.Status);
        Assert.Equal(Start, ticket.CreatedAt.ToDateTimeOffset());
        Assert.Equal(Start.AddHours(48), ticket.ExpectedResolutionDate.ToDateTimeOffset());
    }

    [Fact]
    public async Task A_partner_retry_gets_the_same_ticket()
    {
        var externalId = NewExternalId();
        var first = await Grpc.ReportFaultAsync(PartnerRequest(externalId, "phone"));
        Clock.Advance(TimeSpan.FromMinutes(5));

        var retry = await Grpc.ReportFaultAsync(PartnerRequest(externalId, "phone"));

        Assert.Equal(first, retry);
    }

    [Fact]
    public async Task The_same_reference_on_another_channel_is_another_ticket()
    {
        var externalId = NewExternalId();

        var online = await Grpc.ReportFaultAsync(PartnerRequest(externalId, "online"));
        var phone = await Grpc.ReportFaultAsync(PartnerRequest(externalId, "phone"));

        Assert.NotEqual(online.TicketId, phone.TicketId);
    }

    [Fact]
    public async Task Ten_concurrent_retries_of_one_partner_report_make_one_ticket()
    {
        var externalId = NewExternalId();
        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 10).Select(async _ =>
        {
            await start.WaitAsync();
            return await Grpc.ReportFaultAsync(PartnerRequest(externalId));
        }).ToArray();
        start.Release(calls.Length);

        var replies = await Task.WhenAll(calls);

        Assert.Single(replies.Select(r => r.TicketId).Distinct());
        var listed = await ReadJsonAsync(await Http.GetAsync("/api/v1/trouble-tickets?channel=online"));
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Reusing_a_reference_with_different_content_is_already_exists()
    {
        var externalId = NewExternalId();
        var first = await Grpc.ReportFaultAsync(PartnerRequest(externalId));
        var changed = PartnerRequest(externalId);
        changed.Severity = "minor";

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Grpc.ReportFaultAsync(changed));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains(first.TicketId, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportFault_with_bad_fields_is_invalid_argument_naming_them()
    {
        var request = new ReportFaultRequest { Channel = "online", Severity = "catastrophic", TicketType = "mobile" };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Grpc.ReportFaultAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.Trailers.GetAll(OutcomeRpc.InvalidFieldTrailer).Select(e => e.Value).ToList();
        Assert.Contains("externalId", fields);
        Assert.Contains("name", fields);
        Assert.Contains("severity", fields);
        Assert.DoesNotContain("ticketType", fields);
        Assert.Contains("severity", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTroubleTicket_returns_the_ticket_and_not_found_for_unknown_ids()
    {
        var reported = await Grpc.ReportFaultAsync(PartnerRequest(NewExternalId()));

        Assert.Equal(reported, await Grpc.GetTroubleTicketAsync(new GetTroubleTicketRequest { TicketId = reported.TicketId }));
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Grpc.GetTroubleTicketAsync(new GetTroubleTicketRequest { TicketId = "tt_unknown" }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        var missing = await Assert.ThrowsAsync<RpcException>(async () =>
            await Grpc.GetTroubleTicketAsync(new GetTroubleTicketRequest()));
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
    }

    [Fact]
    public async Task A_ticket_reported_over_grpc_is_the_same_ticket_over_rest_with_the_phone_masked()
    {
        var reported = await Grpc.ReportFaultAsync(PartnerRequest(NewExternalId()));

        using var counterAgent = App.CreateClientAs(TestCallers.Staff("usr_agent", HallRoles.CounterAgent, HallCaller.AllHalls));
        var ticket = await counterAgent.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/trouble-tickets/{reported.TicketId}");

        Assert.Equal("138****5678", ticket.GetProperty("customerPhone").GetString());
        Assert.Equal("acknowledged", ticket.GetProperty("status").GetString());
    }
}
