using Grpc.Core;
using Grpc.Net.Client;
using HallPlatform.Contracts.Fault.V1;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>Partner channels report faults over gRPC through the gateway's HTTP/2 endpoint.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PartnerGrpcTests(PlatformFixture platform)
{
    [Fact]
    public async Task Partner_report_through_the_gateway_is_registered_once_even_when_retried()
    {
        using var channel = GrpcChannel.ForAddress(platform.GatewayGrpcAddress);
        var client = new TroubleTicketService.TroubleTicketServiceClient(channel);
        var report = new ReportFaultRequest
        {
            Channel = "phone",
            ExternalId = "CC-" + Guid.NewGuid().ToString("N")[..10],
            Name = "No signal at home",
            Description = "Mobile data and calls fail since this morning.",
            Severity = "major",
            TicketType = "mobile",
            HallId = "hall-001",
            CustomerPhone = "13700001111",
        };

        var callCentre = new Metadata { { "x-api-key", PlatformFixture.DevCallCentreKey } };

        var first = await client.ReportFaultAsync(report, callCentre);
        var retried = await client.ReportFaultAsync(report, callCentre);
        var read = await client.GetTroubleTicketAsync(new GetTroubleTicketRequest { TicketId = first.TicketId }, callCentre);

        Assert.Equal(first.TicketId, retried.TicketId);
        Assert.Equal("acknowledged", read.Status);
        Assert.Equal(report.ExternalId, read.ExternalId);
    }

    [Fact]
    public async Task A_partner_cannot_read_another_partners_ticket_and_needs_a_key_at_all()
    {
        using var channel = GrpcChannel.ForAddress(platform.GatewayGrpcAddress);
        var client = new TroubleTicketService.TroubleTicketServiceClient(channel);
        var report = new ReportFaultRequest
        {
            Channel = "phone",
            ExternalId = "CC-" + Guid.NewGuid().ToString("N")[..10],
            Name = "Slow data",
            Description = "Mobile data is very slow in the evening.",
            Severity = "minor",
            TicketType = "mobile",
        };
        var ticket = await client.ReportFaultAsync(report, new Metadata { { "x-api-key", PlatformFixture.DevCallCentreKey } });
        var read = new GetTroubleTicketRequest { TicketId = ticket.TicketId };

        var otherPartner = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetTroubleTicketAsync(read, new Metadata { { "x-api-key", PlatformFixture.DevOnlineKey } }).ResponseAsync);
        var noKey = await Assert.ThrowsAsync<RpcException>(() => client.GetTroubleTicketAsync(read).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, otherPartner.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, noKey.StatusCode);
    }
}
