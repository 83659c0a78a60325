using System.Net;
using System.Text.Json;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Identity;
using HallPlatform.Testing;

namespace HallPlatform.Business.Tests;

[Collection(RealServersCollection.Name)]
public sealed class OrderEventTests(RealServersFixture servers) : BusinessServiceTestBase(servers)
{
    [Fact]
    public async Task Each_state_change_is_published_once_and_a_refused_one_not_at_all()
    {
        var opened = await OpenOrderAsync();
        await Http.ReadyZeroTotalAsync(opened.OrderId);
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync($"/api/v1/orders/{opened.OrderId}/complete", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Http.PostAsync($"/api/v1/orders/{opened.OrderId}/start", null)).StatusCode);

        var events = (await ReadEventsAsync(3)).Where(e => e.Type == "business.order.stateChanged").ToList();

        Assert.All(events, e => Assert.Equal(("business.order.stateChanged", opened.OrderId, "hall_1"), (e.Type, e.SubjectId, e.HallId)));
        Assert.Equal([("acknowledged", "inProgress"), ("inProgress", "completed")], events.Select(e =>
        {
            using var payload = JsonDocument.Parse(e.PayloadJson);
            var root = payload.RootElement;
            Assert.Equal(opened.VisitId, root.GetProperty("visitId").GetString());
            Assert.Equal("A", root.GetProperty("serviceType").GetString());
            Assert.Equal(TestCallers.Administrator.Id, root.GetProperty("changedBy").GetString());
            return (root.GetProperty("from").GetString(), root.GetProperty("to").GetString());
        }));
        Assert.True(events[0].Position < events[1].Position);
        Assert.Equal(events[1].Position, events[1].HeadPosition);
    }

    [Fact]
    public async Task An_opened_order_is_published_once_first_and_a_replayed_open_publishes_nothing()
    {
        var visitId = NewVisitId();
        var opened = await OpenOrderAsync(visitId);
        var replayed = await OpenOrderAsync(visitId);
        Assert.Equal(opened.OrderId, replayed.OrderId);
        var other = await OpenOrderAsync();

        var events = await ReadEventsAsync(2);

        Assert.Equal([("business.order.opened", opened.OrderId), ("business.order.opened", other.OrderId)],
            events.Select(e => (e.Type, e.SubjectId)));
        using var payload = JsonDocument.Parse(events[0].PayloadJson);
        var root = payload.RootElement;
        Assert.Equal((opened.OrderId, visitId, "A", "counter_3", "A017"),
            (root.GetProperty("orderId").GetString(), root.GetProperty("visitId").GetString(), root.GetProperty("serviceType").GetString(),
             root.GetProperty("counterId").GetString(), root.GetProperty("ticketNumber").GetString()));
        Assert.Equal("hall_1", events[0].HallId);
    }

    /// <summary>Subscribes from the start as a service and reads <paramref name="count"/> events, then checks nothing more is there.</summary>
    private async Task<List<EventEnvelope>> ReadEventsAsync(int count)
    {
        using var channel = App.CreateGrpcChannelAs(new HallCaller(CallerKind.Service, "quality", [], [HallCaller.AllHalls], [], null));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var call = new IntegrationEvents.IntegrationEventsClient(channel).Subscribe(new SubscribeRequest(), cancellationToken: cancellation.Token);
        var events = new List<EventEnvelope>();
        while (events.Count < count && await call.ResponseStream.MoveNext(cancellation.Token))
        {
            events.Add(call.ResponseStream.Current);
        }
        Assert.All(events, e => Assert.Equal(events[^1].HeadPosition, e.HeadPosition));
        return events;
    }
}
