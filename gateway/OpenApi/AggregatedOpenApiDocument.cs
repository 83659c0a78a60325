using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace HallPlatform.Gateway.OpenApi;

/// <summary>
/// Builds the gateway's OpenAPI document from the services' own documents. The services and the operations kept
/// come from the live proxy configuration, so the document can never advertise a path the gateway does not route.
/// A service that is down or answers garbage is left out (with a warning) instead of failing the whole document.
/// </summary>
public sealed partial class AggregatedOpenApiDocument(
    IHttpClientFactory httpClientFactory,
    IProxyConfigProvider proxyConfigProvider,
    IOptions<OpenApiAggregationOptions> options,
    TimeProvider timeProvider,
    ILogger<AggregatedOpenApiDocument> logger) : IDisposable
{
    public const string HttpClientName = "openapi-aggregation";
    public const string ServiceDocumentPath = "/openapi/v1.json";

    /// <summary>How long a set missing a service's document is kept before the gateway asks again.</summary>
    public static readonly TimeSpan IncompleteCacheDuration = TimeSpan.FromSeconds(5);

    /// <summary>REST routes live under this prefix; gRPC passthrough routes do not, and have no OpenAPI.</summary>
    private const string RestPathPrefix = "/api/";

    private readonly SemaphoreSlim fetchLock = new(1, 1);
    private CachedDocuments? cache;

    public async Task<JsonObject> GetAsync(string gatewayServerUrl, CancellationToken cancellationToken)
    {
        var config = proxyConfigProvider.GetConfig();
        var routes = RoutedRestOperations(config);
        var fetched = await GetServiceDocumentsAsync(config, routes, cancellationToken);
        // Parsed per request: JsonNode trees are not safe to share between concurrent readers.
        var documents = fetched.Select(d => new ServiceOpenApiDocument(d.Service, JsonNode.Parse(d.Json)!.AsObject())).ToList();
        return OpenApiDocumentMerger.Merge(documents, routes, gatewayServerUrl);
    }

    public static IReadOnlyList<RoutedOperation> RoutedRestOperations(IProxyConfig config) =>
    [
        .. config.Routes
            .Where(r => r.ClusterId is not null && r.Match.Path is not null
                && r.Match.Path.StartsWith(RestPathPrefix, StringComparison.OrdinalIgnoreCase))
            .Select(r => new RoutedOperation(r.ClusterId!, r.Match.Path!, r.Match.Methods ?? [], r.AuthorizationPolicy)),
    ];

    private async Task<IReadOnlyList<FetchedDocument>> GetServiceDocumentsAsync(
        IProxyConfig config, IReadOnlyList<RoutedOperation> routes, CancellationToken cancellationToken)
    {
        if (cache is { } fresh && timeProvider.GetUtcNow() < fresh.ExpiresAt)
        {
            return fresh.Documents;
        }

        // One fetch at a time: concurrent callers of a cold cache wait for it instead of multiplying the load.
        await fetchLock.WaitAsync(cancellationToken);
        try
        {
            if (cache is { } fetchedMeanwhile && timeProvider.GetUtcNow() < fetchedMeanwhile.ExpiresAt)
            {
                return fetchedMeanwhile.Documents;
            }

            var services = routes.Select(r => r.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            var fetches = services
                .Select(service => (Service: service, Address: ServiceAddress(config, service)))
                .Where(s => s.Address is not null)
                .Select(s => FetchAsync(s.Service, new Uri(s.Address!, ServiceDocumentPath), cancellationToken));
            var fetched = await Task.WhenAll(fetches);
            var documents = fetched.OfType<FetchedDocument>().ToList();
            // An incomplete set is kept only briefly: a service that was slow or down once (its first document is
            // built cold) must not be left out of the contract for the whole cache period.
            var keptFor = documents.Count == fetched.Length
                ? options.Value.CacheDuration
                : TimeSpan.FromTicks(Math.Min(options.Value.CacheDuration.Ticks, IncompleteCacheDuration.Ticks));
            cache = new CachedDocuments(documents, timeProvider.GetUtcNow() + keptFor);
            return documents;
        }
        finally
        {
            fetchLock.Release();
        }
    }

    /// <summary>The cluster's first configured destination, still a service discovery name like http://reception.</summary>
    private static Uri? ServiceAddress(IProxyConfig config, string service)
    {
        var address = config.Clusters
            .FirstOrDefault(c => string.Equals(c.ClusterId, service, StringComparison.Ordinal))?
            .Destinations?.Values.FirstOrDefault()?.Address;
        return Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri : null;
    }

    private async Task<FetchedDocument?> FetchAsync(string service, Uri address, CancellationToken cancellationToken)
    {
        try
        {
            using var client = httpClientFactory.CreateClient(HttpClientName);
            client.Timeout = options.Value.FetchTimeout;
            using var response = await client.GetAsync(address, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Log.DocumentLeftOut(logger, service, $"HTTP {(int)response.StatusCode}");
                return null;
            }
            var json = await response.Content.ReadAsStringAsync(cancellationToken);
            if (JsonNode.Parse(json) is JsonObject)
            {
                return new FetchedDocument(service, json);
            }
            Log.DocumentLeftOut(logger, service, "the body is not a JSON object");
            return null;
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException
            or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.DocumentLeftOut(logger, service, exception.GetType().Name + ": " + exception.Message);
            return null;
        }
    }

    public void Dispose() => fetchLock.Dispose();

    private sealed record FetchedDocument(string Service, string Json);

    private sealed record CachedDocuments(IReadOnlyList<FetchedDocument> Documents, DateTimeOffset ExpiresAt);

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Warning,
            Message = "OpenAPI document of service {Service} left out of the gateway document: {Reason}")]
        public static partial void DocumentLeftOut(ILogger logger, string service, string reason);
    }
}
