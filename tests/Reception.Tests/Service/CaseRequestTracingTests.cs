using System.Diagnostics;
using HallPlatform.Reception.Application.Cases;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>
/// The dispatcher's looks make no traces; each send joins the journey's trace stored with the request.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CaseRequestTracingTests(RealServersFixture servers)
{
    [Fact]
    public async Task An_idle_dispatcher_exports_no_span_and_a_retried_send_joins_the_stored_trace()
    {
        var spans = new List<Activity>();
        await using var app = new ReceptionApp(servers, settings: new Dictionary<string, string>
        {
            ["Reception:CaseRequests:PollSeconds"] = "0.1",
        });
        await using var traced = app.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))));
        using var client = traced.CreateClient();
        var dispatcher = traced.Services.GetServices<IHostedService>().OfType<CaseRequestDispatcher>().Single();
        var settings = new CaseRequestOptions();

        // Idle looks, exactly as the dispatcher makes them (it is also making its own meanwhile).
        for (var look = 0; look < 5; look++)
        {
            Assert.Empty(await dispatcher.ClaimAsync(settings));
        }
        // Control: the same table read outside the dispatcher, inside a request (traces start only at requests), is
        // traced, so the database instrumentation is live.
        using (ReceptionTelemetry.Source.StartActivity("control request", ActivityKind.Server))
        await using (var control = traced.Services.GetRequiredService<ReceptionDataSource>().Source.CreateCommand("SELECT count(*) /* control */ FROM case_requests"))
        {
            await control.ExecuteScalarAsync();
        }

        var journey = ActivityTraceId.CreateRandom();
        var callSpan = ActivitySpanId.CreateRandom();
        await app.ExecuteSqlAsync($"""
            INSERT INTO case_requests (visit_id, owner, hall_id, service_type, counter_id, ticket_number, trace_parent, state, attempts, next_attempt_at, created_at)
            VALUES ('vis_traced', 'business', 'hall-001', 'billing', 'c02', 'C001', '00-{journey}-{callSpan}-01', 'pending', 1, now() - interval '1 second', now())
            """);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await app.ScalarAsync<string>("SELECT state FROM case_requests WHERE visit_id = 'vis_traced'") != "opened")
        {
            Assert.True(DateTime.UtcNow < until, "The dispatcher did not open the case in time.");
            await Task.Delay(100);
        }

        // The send's span ends after the row is marked opened: wait (bounded) until it is exported too.
        Activity[] exported;
        while (true)
        {
            lock (spans)
            {
                exported = [.. spans];
            }
            if (exported.Any(span => span.OperationName == "reception.open-case") || DateTime.UtcNow > until)
            {
                break;
            }
            await Task.Delay(20);
        }
        static bool Mentions(Activity span, string text) =>
            span.DisplayName.Contains(text, StringComparison.Ordinal)
            || span.TagObjects.Any(tag => tag.Value?.ToString()?.Contains(text, StringComparison.Ordinal) == true);
        Assert.Contains(exported, span => Mentions(span, "/* control */"));
        Assert.DoesNotContain(exported, span => Mentions(span, "FOR UPDATE SKIP LOCKED"));
        var send = Assert.Single(exported, span => span.OperationName == "reception.open-case");
        Assert.Equal((journey, callSpan), (send.TraceId, send.ParentSpanId));
        Assert.Equal(("vis_traced", "business"), (send.GetTagItem("hall.visit_id"), send.GetTagItem("hall.case_owner")));
    }
}
