using Grpc.Core;
using HallPlatform.Contracts.Business.V1;
using HallPlatform.Application;
using HallPlatform.Testing;

namespace HallPlatform.Business.Tests;

[Collection(RealServersCollection.Name)]
public sealed class OrderGrpcTests(RealServersFixture servers) : BusinessServiceTestBase(servers)
{
    [Fact]
    public async Task OpenOrder_creates_an_acknowledged_order_for_the_visit()
    {
        var visitId = NewVisitId();

        var order = await OpenOrderAsync(visitId);

        Assert.StartsWith("ord_", order.OrderId, StringComparison.Ordinal);
        Assert.Equal(visitId, order.VisitId);
        Assert.Equal("hall_1", order.HallId);
        Assert.Equal("A", order.ServiceType);
        Assert.Equal("counter_3", order.CounterId);
        Assert.Equal("A017", order.TicketNumber);
        Assert.Equal("acknowledged", order.State);
        Assert.Equal(order.CreatedAt, order.StateChangedAt);
    }

    [Fact]
    public async Task The_order_keeps_the_visit_journey_id_over_grpc_and_rest()
    {
        var visitId = NewVisitId();

        var order = await Grpc.OpenOrderAsync(new OpenOrderRequest
        {
            VisitId = visitId,
            HallId = "hall_1",
            ServiceType = "A",
            CounterId = "counter_3",
            TicketNumber = "A017",
            JourneyId = "j_0123456789abcdef0123456789",
        });

        Assert.Equal("j_0123456789abcdef0123456789", order.JourneyId);
        var read = await ReadJsonAsync(await Http.GetAsync($"/api/v1/orders/{order.OrderId}"));
        Assert.Equal("j_0123456789abcdef0123456789", read.GetProperty("journeyId").GetString());
        // An order opened without one (an older Reception) has none.
        Assert.Equal("", (await OpenOrderAsync()).JourneyId);
    }

    [Fact]
    public async Task OpenOrder_again_for_the_same_visit_returns_the_same_order()
    {
        var visitId = NewVisitId();
        var first = await OpenOrderAsync(visitId);

        var second = await OpenOrderAsync(visitId);

        Assert.Equal(first.OrderId, second.OrderId);
        Assert.Equal(first.CreatedAt, second.CreatedAt);
    }

    [Fact]
    public async Task Ten_concurrent_OpenOrder_calls_for_one_visit_make_one_order()
    {
        var visitId = NewVisitId();
        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 10).Select(async _ =>
        {
            await start.WaitAsync();
            return await OpenOrderAsync(visitId);
        }).ToArray();
        start.Release(calls.Length);

        var replies = await Task.WhenAll(calls);

        Assert.Single(replies.Select(r => r.OrderId).Distinct());
        var listed = await ReadJsonAsync(await Http.GetAsync($"/api/v1/orders?visitId={visitId}"));
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
        Assert.Equal(replies[0].OrderId, listed.GetProperty("items")[0].GetProperty("orderId").GetString());
    }

    [Fact]
    public async Task Many_concurrent_OpenOrder_calls_for_different_visits_each_get_their_own_order()
    {
        // Group commit: these share transactions, yet every caller gets its own committed order.
        var visitIds = Enumerable.Range(0, 60).Select(_ => NewVisitId()).ToList();
        using var start = new SemaphoreSlim(0);
        var calls = visitIds.Select(async visitId =>
        {
            await start.WaitAsync();
            return await OpenOrderAsync(visitId);
        }).ToArray();
        start.Release(calls.Length);

        var replies = await Task.WhenAll(calls);

        Assert.Equal(visitIds, replies.Select(r => r.VisitId));
        Assert.Equal(60, replies.Select(r => r.OrderId).Distinct().Count());
        foreach (var reply in replies.Take(5))
        {
            var stored = await Grpc.GetOrderAsync(new GetOrderRequest { OrderId = reply.OrderId });
            Assert.Equal((reply.VisitId, "acknowledged", reply.CreatedAt), (stored.VisitId, stored.State, stored.CreatedAt));
        }
    }

    [Fact]
    public async Task OpenOrder_without_visit_hall_or_service_type_is_invalid_argument_with_field_errors()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Grpc.OpenOrderAsync(new OpenOrderRequest { CounterId = "counter_3", TicketNumber = "A017" }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("visitId", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("hallId", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("serviceType", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["hallId", "serviceType", "visitId"], error.Trailers.GetAll(OutcomeRpc.InvalidFieldTrailer).Select(e => e.Value).Order());
    }

    [Fact]
    public async Task GetOrder_returns_the_order()
    {
        var opened = await OpenOrderAsync();

        var read = await Grpc.GetOrderAsync(new GetOrderRequest { OrderId = opened.OrderId });

        Assert.Equal(opened, read);
    }

    [Fact]
    public async Task GetOrder_for_an_unknown_id_is_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Grpc.GetOrderAsync(new GetOrderRequest { OrderId = "ord_unknown" }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task GetOrder_without_an_id_is_invalid_argument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Grpc.GetOrderAsync(new GetOrderRequest()));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }
}
