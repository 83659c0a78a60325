using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using HallPlatform.Gateway.Tests.Edge;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace HallPlatform.Gateway.Tests.Telemetry;

[Collection(EdgeCollection.Name)]
public sealed class UrlRedactionTests(EdgeFixture edge)
{
    private const string Phone = "13899990417";

    [Fact]
    public async Task A_phone_in_the_query_string_reaches_no_exported_span_or_log_record()
    {
        var spans = new List<Activity>();
        var logs = new ConcurrentQueue<string>();
        await using var gateway = edge.Factory.WithWebHostBuilder(web =>
        {
            // The instrumentations' own redaction switched off: the platform's processor must hold on its own.
            web.UseSetting("OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION", "true");
            web.UseSetting("OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION", "true");
            web.ConfigureServices(services =>
            {
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
                services.Configure<OpenTelemetryLoggerOptions>(logging => logging.AddProcessor(new LogTextCapture(logs)));
            });
        });
        using var client = edge.NewClient(gateway);

        using var response = await client.GetAsync($"/api/v1/service-types?customerPhone={Phone}&customer=Zhang+{Phone}&page=2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The server span ends after the answer is sent; give it a moment to be exported.
        await WaitForAsync(() => Snapshot(spans).Any(s => s.Kind == ActivityKind.Server));
        var exported = Snapshot(spans);
        Assert.Contains(exported, s => s.Kind == ActivityKind.Client);
        var attributes = exported.SelectMany(s => s.TagObjects).Select(t => $"{t.Key}={t.Value}").ToList();
        Assert.DoesNotContain(attributes, a => a.Contains(Phone, StringComparison.Ordinal));
        Assert.Contains(attributes, a => a.Contains("customerPhone=Redacted&customer=Redacted&page=Redacted", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains(Phone, StringComparison.Ordinal));
        // The backend still received the real query: only telemetry is redacted.
        Assert.Contains(edge.Backend.Received, r => r.PathAndQuery.Contains(Phone, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("?customerPhone=138&page=2", "?customerPhone=Redacted&page=Redacted")]
    [InlineData("customerPhone=138", "customerPhone=Redacted")]
    [InlineData("?13812345678", "?Redacted")]
    [InlineData("?a=&&b", "?a=Redacted&&Redacted")]
    public void Query_values_are_replaced_and_names_kept(string query, string expected) =>
        Assert.Equal(expected, UrlRedactionProcessor.RedactQuery(query));

    [Fact]
    public async Task Personal_data_and_secrets_in_the_path_reach_no_exported_span()
    {
        var spans = new List<Activity>();
        await using var gateway = edge.Factory.WithWebHostBuilder(web => web.ConfigureServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))));
        using var client = edge.NewClient(gateway);
        const string Token = "q8Zr0kX2vLw9TnB4yHc7JmP1sDfG6aEu5RiOlKpVbNz";

        using var byPhone = await client.GetAsync($"/api/v1/visits/{Phone}");
        using var byName = await client.GetAsync("/api/v1/visits/Zhang%20Wei");
        using var byToken = await client.GetAsync($"/api/v1/service-types/{Token}");

        await WaitForAsync(() => Snapshot(spans).Count(s => s.Kind == ActivityKind.Server) >= 3);
        var attributes = Snapshot(spans).SelectMany(s => s.TagObjects).Select(t => $"{t.Key}={t.Value}").ToList();
        Assert.DoesNotContain(attributes, a => a.Contains(Phone, StringComparison.Ordinal)
            || a.Contains("Zhang", StringComparison.Ordinal) || a.Contains(Token, StringComparison.Ordinal));
        Assert.Contains("url.path=/api/v1/visits/Redacted", attributes);
        Assert.Contains("url.path=/api/v1/service-types/Redacted", attributes);
    }

    [Theory]
    [InlineData("/api/v1/visits/vis_0193a4b5c6d7e8f9012345678901abcd/start", "/api/v1/visits/vis_0193a4b5c6d7e8f9012345678901abcd/start")]
    [InlineData("/api/v1/halls/hall-001/board", "/api/v1/halls/hall-001/board")]
    [InlineData("/hall.fault.v1.TroubleTicketService/ReportFault", "/hall.fault.v1.TroubleTicketService/ReportFault")]
    [InlineData("/tmf-api/troubleTicket/v4/troubleTicket", "/tmf-api/troubleTicket/v4/troubleTicket")]
    [InlineData("/api/v1/visits/13812345678", "/api/v1/visits/Redacted")]
    [InlineData("/api/v1/visits/110101199003071234/x", "/api/v1/visits/Redacted/x")]
    [InlineData("/api/v1/visits/Zhang%20Wei", "/api/v1/visits/Redacted")]
    [InlineData("/api/v1/visits/张伟", "/api/v1/visits/Redacted")]
    [InlineData("/api/v1/visits/li@example.com", "/api/v1/visits/Redacted")]
    [InlineData("/api/v1/surveys/q8Zr0kX2vLw9TnB4yHc7JmP1sDfG6aEu5RiOlKpVbNz", "/api/v1/surveys/Redacted")]
    public void Path_segments_not_shaped_like_ids_are_replaced(string path, string expected) =>
        Assert.Equal(expected, UrlRedactionProcessor.RedactPath(path));

    [Theory]
    [InlineData("http://reception/api/v1/visits/13812345678?phone=138", "http://reception/api/v1/visits/Redacted?phone=Redacted")]
    [InlineData("http://reception/api/v1/visits?phone=138#top", "http://reception/api/v1/visits?phone=Redacted")]
    [InlineData("/api/v1/visits?phone=138", "/api/v1/visits?phone=Redacted")]
    [InlineData("http://reception/api/v1/visits", "http://reception/api/v1/visits")]
    public void Urls_keep_everything_but_query_values(string url, string expected) =>
        Assert.Equal(expected, UrlRedactionProcessor.RedactUrl(url));

    private static List<Activity> Snapshot(List<Activity> spans)
    {
        lock (spans)
        {
            return [.. spans];
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 50 && !condition(); i++)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>Keeps each record's text as exported (log records are pooled, so the record itself cannot be kept).</summary>
    private sealed class LogTextCapture(ConcurrentQueue<string> logs) : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data)
        {
            var attributes = data.Attributes?.Select(a => $"{a.Key}={a.Value}") ?? [];
            logs.Enqueue($"{data.CategoryName}: {data.FormattedMessage} {string.Join(' ', attributes)}");
        }
    }
}
