using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using HallPlatform.Contracts.Business.V1;
using HallPlatform.Testing;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Business.Tests;

/// <summary>
/// An order remembers the trace it was opened in (the journey's, carried by Reception's call), and a step taken later
/// from another trace (the counter's request) runs in the journey's trace with the request linked.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class OrderJourneyTraceTests(RealServersFixture servers) : BusinessServiceTestBase(servers)
{
    [Fact]
    public async Task A_later_step_on_an_order_joins_the_trace_it_was_opened_in_and_links_the_request()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var journeyTrace = ActivityTraceId.CreateRandom();
        var counterTrace = ActivityTraceId.CreateRandom();

        // Reception's call, in the journey's trace: the gRPC client carries the ambient context.
        OrderReply opened;
        using (var call = Caller.StartActivity("reception.call", ActivityKind.Internal,
            new ActivityContext(journeyTrace, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded)))
        {
            opened = await Grpc.OpenOrderAsync(new OpenOrderRequest
            {
                VisitId = NewVisitId(), HallId = "hall_1", ServiceType = "A", CounterId = "counter_3", TicketNumber = "A018",
            });
        }
        var stored = await App.WithDbAsync(db => db.Orders.Where(o => o.OrderId == opened.OrderId).Select(o => o.JourneyTraceParent).SingleAsync());
        Assert.NotNull(stored);
        Assert.Equal(journeyTrace, ActivityContext.Parse(stored, null).TraceId);

        using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{opened.OrderId}/start");
        start.Headers.Add("traceparent", TraceParent(counterTrace));
        using var started = await Http.SendAsync(start);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);

        var step = Assert.Single(stopped, a => a.Source.Name == "HallPlatform.Business" && (string?)a.GetTagItem("hall.order_id") == opened.OrderId);
        Assert.Equal("business.order.state-changed", step.OperationName);
        Assert.Equal(journeyTrace, step.TraceId);
        Assert.Contains(step.Links, link => link.Context.TraceId == counterTrace);
        Assert.Equal(("hall_1", "acknowledged"), ((string?)step.GetTagItem("hall.id"), (string?)step.GetTagItem("hall.order_state")));
    }

    private static readonly ActivitySource Caller = new("HallPlatform.Business.Tests.Caller");

    private static string TraceParent(ActivityTraceId trace) => $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
}
