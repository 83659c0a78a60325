using System.Diagnostics;
using HallPlatform.Testing;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>A visit's later steps, each its own request, join the trace the visit was checked in under.</summary>
[Collection(ServerCollection.Name)]
public sealed class VisitJourneyTraceTests(RealServersFixture servers)
{
    [Fact]
    public async Task Start_and_complete_run_in_the_check_in_trace_and_link_the_counters_own_request()
    {
        var spans = new List<Activity>();
        await using var app = new ReceptionApp(servers);
        await using var traced = app.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))));
        using var client = traced.CreateClient();

        var visitId = (await app.CheckInAsync(client, "billing")).GetProperty("visitId").GetString()!;
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/call-next");
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{visitId}/start", new { counterId = "c05" });
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{visitId}/complete", new { counterId = "c05" });

        // A request's server span ends after its response is written: wait until the last request's is exported.
        Activity[] exported;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            lock (spans)
            {
                exported = [.. spans];
            }
            if (exported.Count(s => s.Kind == ActivityKind.Server) >= 4 || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(20);
        }
        var checkIn = Assert.Single(exported, s => s.OperationName == "reception.check-in" && Equals(s.GetTagItem("hall.visit_id"), visitId));
        var journey = checkIn.TraceId;
        foreach (var step in new[] { "reception.visit.start", "reception.visit.complete" })
        {
            var span = Assert.Single(exported, s => s.OperationName == step);
            Assert.Equal((journey, visitId), (span.TraceId, span.GetTagItem("hall.visit_id")));
            // The counter's request is a trace of its own, linked from the step.
            var link = Assert.Single(span.Links);
            Assert.NotEqual(journey, link.Context.TraceId);
            Assert.Contains(exported, s => s.Kind == ActivityKind.Server && s.SpanId == link.Context.SpanId);
        }
        Assert.Equal(2L, await app.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_entries WHERE record_id = '{visitId}' AND action IN ('visit.start', 'visit.complete') AND trace_id = '{journey}'"));
    }
}
