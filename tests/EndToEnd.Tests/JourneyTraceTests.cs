using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>
/// One customer journey is one trace: a front-end that sends the same W3C trace context with its requests sees the
/// check-in and the call-next, across gateway, reception, Redis, PostgreSQL and business, in one trace.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class JourneyTraceTests(PlatformFixture platform)
{
    [Fact]
    public async Task Check_in_and_call_next_form_one_trace_across_gateway_services_redis_and_postgres()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var traceparent = $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01";

        using var checkIn = new HttpRequestMessage(HttpMethod.Post, "/api/v1/visits")
        {
            Content = JsonContent.Create(new { customerName = "Wang Fang", customerPhone = "13911112222", serviceType = "plan-change" }),
        };
        checkIn.Headers.Add("traceparent", traceparent);
        var checkInResponse = await platform.Gateway.SendAsync(checkIn);
        Assert.Equal(HttpStatusCode.Created, checkInResponse.StatusCode);
        var visitId = (await checkInResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString();

        // c04 serves plan changes and fault reports; the journey test drains fault reports from c03 only.
        string? calledVisit = null;
        for (var attempt = 0; attempt < 20 && calledVisit != visitId; attempt++)
        {
            using var callNext = new HttpRequestMessage(HttpMethod.Post, "/api/v1/counters/c04/call-next");
            callNext.Headers.Add("traceparent", traceparent);
            var response = await platform.Gateway.SendAsync(callNext);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            calledVisit = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString();
        }
        Assert.Equal(visitId, calledVisit);

        var seen = await WaitForTraceAsync(traceId, ["gateway", "reception", "business"], ["redis", "postgresql"]);
        Assert.Superset(new HashSet<string> { "gateway", "reception", "business" }, seen.Services);
        Assert.Superset(new HashSet<string> { "redis", "postgresql" }, seen.DatabaseSystems);
    }

    private sealed record TraceContents(HashSet<string> Services, HashSet<string> DatabaseSystems);

    private async Task<TraceContents> WaitForTraceAsync(string traceId, string[] services, string[] databaseSystems)
    {
        var traces = new DashboardTraces(platform.DashboardAddress, PlatformFixture.DashboardApiKey);
        var contents = new TraceContents([], []);
        // Telemetry is exported in batches: give it a bounded time to arrive.
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var spans = (await traces.ReadSpansAsync()).Where(span => span.TraceId == traceId).ToList();
            contents = new TraceContents(
                spans.Select(span => span.Service).Where(service => service.Length > 0).ToHashSet(),
                spans.Select(span => span.Attributes.GetValueOrDefault("db.system") ?? span.Attributes.GetValueOrDefault("db.system.name"))
                    .OfType<string>().ToHashSet());
            if (services.All(contents.Services.Contains) && databaseSystems.All(contents.DatabaseSystems.Contains))
            {
                break;
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return contents;
    }
}
