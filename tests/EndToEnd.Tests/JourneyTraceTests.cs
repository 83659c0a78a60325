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

    [Fact]
    public async Task A_called_fault_report_joins_the_journey_trace_started_at_check_in_across_reception_and_fault_without_personal_data()
    {
        const string Name = "Qiao Tracejourney";
        const string Phone = "13977776666";
        var journeyTraceId = ActivityTraceId.CreateRandom().ToHexString();
        using var checkIn = new HttpRequestMessage(HttpMethod.Post, "/api/v1/visits")
        {
            Content = JsonContent.Create(new { customerName = Name, customerPhone = Phone, serviceType = "fault-report" }),
        };
        checkIn.Headers.Add("traceparent", $"00-{journeyTraceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var checkInResponse = await platform.Gateway.SendAsync(checkIn);
        Assert.Equal(HttpStatusCode.Created, checkInResponse.StatusCode);
        var visitId = (await checkInResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString();

        // The counter's request is a trace of its own (another browser, minutes later).
        var counterTraceId = ActivityTraceId.CreateRandom().ToHexString();
        string? calledVisit = null;
        for (var attempt = 0; attempt < 20 && calledVisit != visitId; attempt++)
        {
            using var callNext = new HttpRequestMessage(HttpMethod.Post, "/api/v1/counters/c04/call-next");
            callNext.Headers.Add("traceparent", $"00-{counterTraceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            var response = await platform.Gateway.SendAsync(callNext);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            calledVisit = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString();
        }
        Assert.Equal(visitId, calledVisit);

        // Later, a technician moves the ticket on from yet another trace (another day, another screen).
        string? ticketId = null;
        for (var attempt = 0; attempt < 300 && ticketId is null; attempt++)
        {
            var view = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{visitId}");
            ticketId = view.GetProperty("caseState").GetString() == "opened" ? view.GetProperty("caseId").GetString() : null;
            await Task.Delay(ticketId is null ? 200 : 0);
        }
        Assert.NotNull(ticketId);
        var technicianTraceId = ActivityTraceId.CreateRandom().ToHexString();
        using (var progress = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/trouble-tickets/{ticketId}/status")
        {
            Content = JsonContent.Create(new { status = "inProgress", reason = "technician on the way" }),
        })
        {
            progress.Headers.Add("traceparent", $"00-{technicianTraceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            Assert.Equal(HttpStatusCode.OK, (await platform.Gateway.SendAsync(progress)).StatusCode);
        }

        var traces = new DashboardTraces(platform.DashboardAddress, PlatformFixture.DashboardApiKey);
        List<DashboardSpan> Journey(IEnumerable<DashboardSpan> spans) => [.. spans.Where(span => span.TraceId == journeyTraceId)];
        // Each process exports in its own batches: wait for all three, not only the last spans of the journey.
        static bool Complete(List<DashboardSpan> trace) =>
            trace.Any(span => span.Service == "fault" && span.IsServer) && trace.Any(span => span.Name == "reception.call")
            && trace.Any(span => span.Name == "fault.status-change") && trace.Any(span => span.Service == "gateway");
        var journey = Journey(await traces.ReadSpansUntilAsync(spans => Complete(Journey(spans))));

        // The call and the ticket's opening in Fault are in the journey's trace, not the counter's.
        var checkInSpan = Assert.Single(journey, span => span.Service == "reception" && span.IsServer && span.Attributes.GetValueOrDefault("http.request.method") == "POST");
        var call = Assert.Single(journey, span => span.Name == "reception.call");
        var opened = journey.First(span => span.Service == "fault" && span.IsServer);
        Assert.Equal(visitId, call.Attributes.GetValueOrDefault("hall.visit_id"));
        // An operator finds the journey in the dashboard by its id: the check-in and the call carry it.
        var journeyId = CheckInSpans(journey).Select(span => span.Attributes.GetValueOrDefault("hall.journey_id")).OfType<string>().Single();
        Assert.StartsWith("j_", journeyId, StringComparison.Ordinal);
        Assert.Equal(journeyId, call.Attributes.GetValueOrDefault("hall.journey_id"));
        Assert.Contains(counterTraceId, call.LinkedTraceIds);
        // The technician's change joins the journey too, with their request linked.
        var statusChange = Assert.Single(journey, span => span.Name == "fault.status-change");
        Assert.Contains(technicianTraceId, statusChange.LinkedTraceIds);
        Assert.Equal(ticketId, statusChange.Attributes.GetValueOrDefault("hall.ticket_id"));
        // In causal order: check-in, then the call, then the ticket opened in Fault, then its progress.
        Assert.True(checkInSpan.StartTimeUnixNano < call.StartTimeUnixNano, "the call starts after the check-in");
        Assert.True(call.StartTimeUnixNano <= opened.StartTimeUnixNano, "the ticket opens after the call starts");
        Assert.True(opened.StartTimeUnixNano < statusChange.StartTimeUnixNano, "the ticket progresses after it opened");
        Assert.Superset(new HashSet<string> { "gateway", "reception", "fault" }, journey.Select(span => span.Service).ToHashSet());
        // No personal data in any attribute of the journey.
        foreach (var span in journey)
        {
            foreach (var (key, value) in span.Attributes)
            {
                Assert.False(value.Contains("Tracejourney", StringComparison.Ordinal) || value.Contains("77776666", StringComparison.Ordinal),
                    $"{span.Service}/{span.Name} attribute {key} carries personal data");
            }
        }
    }

    private static IEnumerable<DashboardSpan> CheckInSpans(IEnumerable<DashboardSpan> spans) =>
        spans.Where(span => span.Name == "reception.check-in");

    private sealed record TraceContents(HashSet<string> Services, HashSet<string> DatabaseSystems);

    private async Task<TraceContents> WaitForTraceAsync(string traceId, string[] services, string[] databaseSystems)
    {
        var traces = new DashboardTraces(platform.DashboardAddress, PlatformFixture.DashboardApiKey);
        TraceContents ContentsOf(IEnumerable<DashboardSpan> spans)
        {
            var trace = spans.Where(span => span.TraceId == traceId).ToList();
            return new TraceContents(
                trace.Select(span => span.Service).Where(service => service.Length > 0).ToHashSet(),
                trace.Select(span => span.Attributes.GetValueOrDefault("db.system") ?? span.Attributes.GetValueOrDefault("db.system.name"))
                    .OfType<string>().ToHashSet());
        }
        bool Complete(TraceContents contents) =>
            services.All(contents.Services.Contains) && databaseSystems.All(contents.DatabaseSystems.Contains);
        // Telemetry is exported in batches: give it a bounded time to arrive.
        return ContentsOf(await traces.ReadSpansUntilAsync(spans => Complete(ContentsOf(spans))));
    }
}
