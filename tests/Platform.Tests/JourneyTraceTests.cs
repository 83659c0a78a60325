using System.Diagnostics;
using HallPlatform.Application;

namespace HallPlatform.Platform.Tests;

public sealed class JourneyTraceTests : IDisposable
{
    private readonly ActivitySource _source = new("HallPlatform.Tests.JourneyTrace");
    private readonly ActivityListener _listener;

    public JourneyTraceTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source == _source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _source.Dispose();
    }

    private static string StoredJourney(out ActivityTraceId traceId)
    {
        traceId = ActivityTraceId.CreateRandom();
        return $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
    }

    [Fact]
    public void Work_of_a_stored_journey_runs_in_the_journey_trace_and_links_the_request()
    {
        var journey = StoredJourney(out var journeyTraceId);
        using var request = _source.StartActivity("request", ActivityKind.Server)!;

        using (var scope = JourneyTrace.Start(_source, "call", journey))
        {
            Assert.NotNull(scope.Activity);
            Assert.Equal(journeyTraceId, scope.Activity.TraceId);
            Assert.Same(scope.Activity, Activity.Current);
            var link = Assert.Single(scope.Activity.Links);
            Assert.Equal(request.TraceId, link.Context.TraceId);
            Assert.Equal(request.SpanId, link.Context.SpanId);
        }
        // The rest of the request stays in the request's trace.
        Assert.Same(request, Activity.Current);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-traceparent")]
    public void Without_a_stored_journey_the_span_is_a_child_of_the_request(string? stored)
    {
        using var request = _source.StartActivity("request", ActivityKind.Server)!;
        using (var scope = JourneyTrace.Start(_source, "call", stored))
        {
            Assert.Equal(request.TraceId, scope.Activity!.TraceId);
            Assert.Equal(request.SpanId, scope.Activity.ParentSpanId);
            Assert.Empty(scope.Activity.Links);
        }
        Assert.Same(request, Activity.Current);
    }

    [Fact]
    public void A_request_already_in_the_journey_trace_gets_no_link_to_itself()
    {
        using var request = _source.StartActivity("request", ActivityKind.Server)!;
        using var scope = JourneyTrace.Start(_source, "call", request.Id);
        Assert.Equal(request.SpanId, scope.Activity!.ParentSpanId);
        Assert.Empty(scope.Activity.Links);
    }

    [Fact]
    public void Background_work_of_a_stored_journey_joins_the_journey_and_leaves_no_current_span()
    {
        Activity.Current = null;
        var journey = StoredJourney(out var journeyTraceId);
        using (var scope = JourneyTrace.Start(_source, "event", journey, ActivityKind.Consumer))
        {
            Assert.Equal(journeyTraceId, scope.Activity!.TraceId);
            Assert.Empty(scope.Activity.Links);
        }
        Assert.Null(Activity.Current);
    }

    [Fact]
    public void The_current_context_is_stored_only_when_it_is_recorded()
    {
        Activity.Current = null;
        Assert.Null(JourneyTrace.Current());
        using var request = _source.StartActivity("request", ActivityKind.Server)!;
        Assert.Equal(request.Id, JourneyTrace.Current());
    }
}
