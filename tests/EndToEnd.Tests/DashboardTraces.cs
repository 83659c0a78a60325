using System.Net.Http.Json;
using System.Text.Json;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>One span as the dashboard's telemetry API returns it (OTLP JSON), with the fields the tests read.</summary>
public sealed record DashboardSpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Service,
    string Name,
    int Kind,
    ulong StartTimeUnixNano,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<string> LinkedTraceIds)
{
    /// <summary>OTLP's SPAN_KIND_SERVER: a request arriving.</summary>
    public const int ServerKind = 2;

    public bool IsServer => Kind == ServerKind;
}

/// <summary>Reads every span the dashboard holds through its telemetry API.</summary>
public sealed class DashboardTraces(Uri dashboardAddress, string apiKey)
{
    public async Task<IReadOnlyList<DashboardSpan>> ReadSpansAsync()
    {
        using var dashboard = new HttpClient { BaseAddress = dashboardAddress };
        dashboard.DefaultRequestHeaders.Add("x-api-key", apiKey);
        var json = await dashboard.GetFromJsonAsync<JsonElement>("/api/telemetry/traces?limit=100000");
        return Parse(json);
    }

    /// <summary>
    /// Reads the spans once a second until <paramref name="arrived"/> holds of them, for at most a minute (each process
    /// exports in batches of its own), and returns the last read; the caller asserts on it.
    /// </summary>
    public async Task<IReadOnlyList<DashboardSpan>> ReadSpansUntilAsync(Func<IReadOnlyList<DashboardSpan>, bool> arrived)
    {
        IReadOnlyList<DashboardSpan> spans = [];
        for (var attempt = 0; attempt < 60; attempt++)
        {
            spans = await ReadSpansAsync();
            if (arrived(spans))
            {
                break;
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return spans;
    }

    /// <summary>Reads OTLP JSON: data.resourceSpans[].resource.attributes service.name, scopeSpans[].spans[].</summary>
    public static IReadOnlyList<DashboardSpan> Parse(JsonElement otlp)
    {
        var spans = new List<DashboardSpan>();
        if (!otlp.TryGetProperty("data", out var data) || !data.TryGetProperty("resourceSpans", out var resourceSpans))
        {
            return spans;
        }
        foreach (var resourceSpan in resourceSpans.EnumerateArray())
        {
            var service = Attributes(resourceSpan.GetProperty("resource")).GetValueOrDefault("service.name", "");
            foreach (var scopeSpan in resourceSpan.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scopeSpan.GetProperty("spans").EnumerateArray())
                {
                    var parent = span.TryGetProperty("parentSpanId", out var p) ? p.GetString() : null;
                    var links = span.TryGetProperty("links", out var l) && l.ValueKind == JsonValueKind.Array
                        ? l.EnumerateArray().Select(link => link.GetProperty("traceId").GetString() ?? "").ToList()
                        : [];
                    spans.Add(new DashboardSpan(
                        span.GetProperty("traceId").GetString()!.ToLowerInvariant(),
                        span.GetProperty("spanId").GetString() ?? "",
                        string.IsNullOrEmpty(parent) ? null : parent,
                        service,
                        span.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "",
                        span.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.Number ? kind.GetInt32() : 0,
                        span.TryGetProperty("startTimeUnixNano", out var start) ? ReadUInt64(start) : 0,
                        Attributes(span),
                        links));
                }
            }
        }
        return spans;
    }

    private static ulong ReadUInt64(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetUInt64() : ulong.Parse(value.GetString() ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Attribute values as text, whatever their OTLP value kind.</summary>
    private static Dictionary<string, string> Attributes(JsonElement element)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!element.TryGetProperty("attributes", out var list))
        {
            return attributes;
        }
        foreach (var attribute in list.EnumerateArray())
        {
            var key = attribute.GetProperty("key").GetString() ?? "";
            var value = attribute.GetProperty("value");
            attributes[key] = value.EnumerateObject().FirstOrDefault() is { Value: var v } ? (v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.GetRawText()) : "";
        }
        return attributes;
    }
}
