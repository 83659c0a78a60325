using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A trace starts only where a request arrives: a span without a parent is recorded only if it is a server span
/// (an HTTP or gRPC request). Everything else without a parent is background work (queue-length sampling, health
/// pings of Redis and PostgreSQL, group-commit flushes, polling with nothing to do) and would otherwise fill the
/// dashboard's trace list with traces nobody asked for. Background work that belongs to a journey is started with
/// the journey's stored trace context as its parent, so it is kept. A span with a parent follows the parent's
/// sampled flag, as the default sampler does.
/// </summary>
public sealed class RequestRootedSampler : Sampler
{
    private static readonly SamplingResult Record = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    public RequestRootedSampler() => Description = nameof(RequestRootedSampler);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.ParentContext.TraceId != default)
        {
            return (samplingParameters.ParentContext.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? Record : Drop;
        }
        return samplingParameters.Kind == ActivityKind.Server ? Record : Drop;
    }
}
