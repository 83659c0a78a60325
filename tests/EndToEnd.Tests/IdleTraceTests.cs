using System.Diagnostics;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>
/// The dashboard's trace list shows customer journeys, not background work: once the platform has run for at least
/// 30 seconds (queue-length sampling, Redis and PostgreSQL health checks, group-commit and outbox loops all ran in
/// that time), every trace the dashboard holds contains a request (a server span).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class IdleTraceTests(PlatformFixture platform)
{
    [Fact]
    public async Task After_an_idle_period_every_trace_has_a_request()
    {
        var traces = new DashboardTraces(platform.DashboardAddress, PlatformFixture.DashboardApiKey);
        // One request, so the store is known to hold at least one trace the reader must find.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/service-types?hallId=hall-001"))
        {
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            (await platform.Gateway.SendAsync(request)).EnsureSuccessStatusCode();
        }
        // Other tests of the collection usually ran first: wait only for what is left of the 30 s.
        var ranFor = Stopwatch.GetElapsedTime(platform.HealthyAt);
        if (ranFor < BackgroundPeriod)
        {
            await Task.Delay(BackgroundPeriod - ranFor);
        }

        var spans = await traces.ReadSpansUntilAsync(spans => spans.Any(span => span.TraceId == traceId && span.IsServer));
        Assert.Contains(spans, span => span.TraceId == traceId && span.IsServer);
        var withoutRequest = spans
            .GroupBy(span => span.TraceId)
            .Where(trace => !trace.Any(span => span.IsServer))
            .Select(trace => $"{trace.Key}: {string.Join(", ", trace.Select(span => $"{span.Service}/{span.Name}").Distinct().Take(5))}")
            .ToList();
        Assert.True(withoutRequest.Count == 0, $"{withoutRequest.Count} traces without a request:\n{string.Join('\n', withoutRequest.Take(20))}");
    }

    private static readonly TimeSpan BackgroundPeriod = TimeSpan.FromSeconds(30);
}
