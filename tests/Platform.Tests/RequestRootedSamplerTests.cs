using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace HallPlatform.Platform.Tests;

public sealed class RequestRootedSamplerTests
{
    private static readonly RequestRootedSampler Sampler = new();

    public static TheoryData<ActivityKind, SamplingDecision> RootSpans => new()
    {
        // A request arriving starts a trace.
        { ActivityKind.Server, SamplingDecision.RecordAndSample },
        // Background work without a journey behind it (Redis ZCARD/PING, PostgreSQL health, flushes, polls) does not.
        { ActivityKind.Client, SamplingDecision.Drop },
        { ActivityKind.Internal, SamplingDecision.Drop },
        { ActivityKind.Producer, SamplingDecision.Drop },
        { ActivityKind.Consumer, SamplingDecision.Drop },
    };

    [Theory]
    [MemberData(nameof(RootSpans))]
    public void A_span_without_a_parent_is_recorded_only_when_it_is_a_request(ActivityKind kind, SamplingDecision expected)
    {
        var parameters = new SamplingParameters(default, ActivityTraceId.CreateRandom(), "span", kind);
        Assert.Equal(expected, Sampler.ShouldSample(parameters).Decision);
    }

    [Theory]
    [InlineData(ActivityKind.Client)]
    [InlineData(ActivityKind.Internal)]
    [InlineData(ActivityKind.Consumer)]
    public void A_span_under_a_recorded_parent_is_recorded_whatever_its_kind(ActivityKind kind)
    {
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var parameters = new SamplingParameters(parent, parent.TraceId, "span", kind);
        Assert.Equal(SamplingDecision.RecordAndSample, Sampler.ShouldSample(parameters).Decision);
    }

    [Theory]
    [InlineData(ActivityKind.Server)]
    [InlineData(ActivityKind.Client)]
    public void A_span_under_a_parent_that_was_not_sampled_is_dropped(ActivityKind kind)
    {
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);
        var parameters = new SamplingParameters(parent, parent.TraceId, "span", kind);
        Assert.Equal(SamplingDecision.Drop, Sampler.ShouldSample(parameters).Decision);
    }
}
