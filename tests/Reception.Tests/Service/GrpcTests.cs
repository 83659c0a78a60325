using Grpc.Core;
using HallPlatform.Contracts.Reception.V1;
using HallPlatform.Testing;

namespace HallPlatform.Reception.Tests.Service;

[Collection(ServerCollection.Name)]
public sealed class GrpcTests(RealServersFixture servers)
{
    [Fact]
    public async Task Check_in_and_get_visit_round_trip_over_grpc()
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);

        var reply = await client.CheckInAsync(new CheckInRequest
        {
            CustomerName = "Han Meimei",
            CustomerPhone = "+8613700137000",
            ServiceType = "fault-report",
            Channel = "mobile",
        });
        // Polled as the customer would (anonymous): the same masked view as the check-in reply.
        using var anonymousChannel = app.CreateGrpcChannelAs(TestCallers.Anonymous);
        var visit = await new ReceptionService.ReceptionServiceClient(anonymousChannel).GetVisitAsync(new GetVisitRequest { VisitId = reply.Visit.VisitId });

        Assert.StartsWith("vis_", reply.Visit.VisitId, StringComparison.Ordinal);
        Assert.Equal("D001", reply.Visit.TicketNumber);
        Assert.Equal("hall-001", reply.Visit.HallId);
        Assert.Equal("waiting", reply.Visit.Status);
        Assert.Equal(1, reply.Visit.Position);
        Assert.Equal(120, reply.Visit.EstimatedWaitSeconds); // 360 s over c03, c04, c05
        Assert.Equal(reply.Visit, visit);
        Assert.Equal("mobile", visit.Channel);
        Assert.Null(visit.CalledAt);
        // The journey id is given at check-in; the case is not asked for before the call.
        Assert.Matches("^j_[0-9a-f]{26}$", visit.JourneyId);
        Assert.Equal(("fault", "none", ""), (visit.CaseOwner, visit.CaseState, visit.CaseId));

        // The REST side sees the same visit.
        using var http = app.CreateClient();
        using var rest = await http.GetAsync($"/api/v1/visits/{visit.VisitId}");
        Assert.Equal(System.Net.HttpStatusCode.OK, rest.StatusCode);
    }

    [Fact]
    public async Task A_retried_grpc_check_in_with_an_idempotency_key_returns_the_same_visit()
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);
        var request = new CheckInRequest { CustomerName = "Li Lei", CustomerPhone = "13800138000", ServiceType = "billing" };
        var headers = new Metadata { { "idempotency-key", "partner-42" } };

        var first = await client.CheckInAsync(request, headers);
        var retry = await client.CheckInAsync(request, headers);

        Assert.Equal(first.Visit.VisitId, retry.Visit.VisitId);
        Assert.Equal(1, await app.QueueLengthAsync("billing"));
    }

    [Fact]
    public async Task Bad_grpc_check_ins_are_invalid_argument_naming_the_fields()
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckInAsync(new CheckInRequest
        {
            CustomerName = "Li Lei",
            CustomerPhone = "phone",
            ServiceType = "passport",
        }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("customerPhone", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("serviceType", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["customerPhone", "serviceType"], error.Trailers.GetAll("invalid-field").Select(e => e.Value).Order());
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM visits"));
    }

    [Fact]
    public async Task Unknown_hall_and_unknown_visit_map_to_grpc_codes()
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);

        var hall = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckInAsync(new CheckInRequest
        {
            HallId = "hall-999",
            CustomerName = "Li Lei",
            CustomerPhone = "13800138000",
            ServiceType = "new-line",
        }));
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await client.GetVisitAsync(new GetVisitRequest { VisitId = "vis_nope" }));
        var empty = await Assert.ThrowsAsync<RpcException>(async () => await client.GetVisitAsync(new GetVisitRequest()));

        Assert.Equal(StatusCode.InvalidArgument, hall.StatusCode);
        Assert.Contains("hallId", hall.Trailers.GetAll("invalid-field").Select(e => e.Value));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
    }
}
