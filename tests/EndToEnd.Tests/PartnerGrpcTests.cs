using Grpc.Core;
using Grpc.Net.Client;
using HallPlatform.Contracts.Fault.V1;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>
/// Partner gRPC through the gateway's HTTP/2 endpoint: what the fault journey (FaultJourneyTests, which reports and
/// retries over gRPC) does not cover: another partner's ticket and a call without a key are refused.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PartnerGrpcTests(PlatformFixture platform)
{
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
