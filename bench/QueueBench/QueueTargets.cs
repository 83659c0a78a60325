using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using StackExchange.Redis;

namespace HallPlatform.Bench;

internal enum OpStatus : byte
{
    NotRun = 0,
    Done,
    /// <summary>Call-next found nobody waiting (204 / nil): valid but not the operation being measured.</summary>
    Empty,
    Failed,
}

internal readonly record struct OpOutcome(OpStatus Status, string? Failure = null)
{
    public static readonly OpOutcome Done = new(OpStatus.Done);
    public static readonly OpOutcome Empty = new(OpStatus.Empty);

    public static OpOutcome Failed(string reason) => new(OpStatus.Failed, reason);
}

/// <summary>One way to reach the queue: the bare Redis scripts, Reception directly, or the gateway.</summary>
internal interface IQueueTarget : IDisposable
{
    string Name { get; }

    ValueTask<OpOutcome> CheckInAsync(long index);

    ValueTask<OpOutcome> CallNextAsync(long index);
}

/// <summary>
/// Reception's own check-in and call-next Lua scripts (QueueScripts), sent by StackExchange.Redis through
/// Reception's QueueStore: the exact key layout, arguments and result parsing the service uses, and nothing else of
/// the service (no HTTP, no PostgreSQL, no Business call). Going through QueueStore instead of copying its argument
/// lists keeps this path in step with the scripts as they change: a changed signature breaks the build, not the
/// meaning of the numbers.
/// </summary>
internal sealed class RedisScriptTarget : IQueueTarget
{
    // A hall of its own: a ticket with no visit row behind it in the service's hall would make the service's
    // call-next wait for the row, which would distort the HTTP scenarios.
    private const string HallId = "bench-redis";

    private readonly IConnectionMultiplexer _redis;
    private readonly QueueStore _queue;
    private readonly TimeProvider _time;
    private readonly ServiceType _serviceType;
    private readonly (string CounterId, IReadOnlyList<string> ServiceTypes)[] _counters;

    private RedisScriptTarget(IConnectionMultiplexer redis, TimeProvider time)
    {
        _redis = redis;
        _queue = new QueueStore(redis);
        _time = time;
        _serviceType = CatalogueSeed.ServiceTypes.Single(t => t.Code == BenchSettings.ServiceType);
        // Each counter's call-next looks at every queue of its work profile, as the service does.
        _counters = [.. BenchSettings.Counters.Select(id => (id, (IReadOnlyList<string>)CatalogueSeed.Counters.Single(c => c.Id == id).ServiceTypes))];
    }

    public string Name => "bare Redis script";

    public static async Task<RedisScriptTarget> ConnectAsync(string connectionString, TimeProvider time)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(connectionString);
        return new RedisScriptTarget(redis, time);
    }

    public async ValueTask<OpOutcome> CheckInAsync(long index)
    {
        var now = _time.GetUtcNow();
        // A walk-in without an idempotency key: what the HTTP paths send.
        var ticket = await _queue.CheckInAsync(HallId, Visit.NewId(), _serviceType, DateOnly.FromDateTime(now.UtcDateTime),
            now.ToUnixTimeMilliseconds(), NewTraceParent(), idempotencyKey: null, PriorityClass.Normal);
        return ticket.Sequence > 0 ? OpOutcome.Done : OpOutcome.Failed("check-in script issued no ticket");
    }

    public async ValueTask<OpOutcome> CallNextAsync(long index)
    {
        var (counterId, serviceTypes) = _counters[index % _counters.Length];
        var called = await _queue.CallNextAsync(HallId, counterId, serviceTypes, _time.GetUtcNow().ToUnixTimeMilliseconds(),
            FairnessSettings.Default);
        return called is null ? OpOutcome.Empty : OpOutcome.Done;
    }

    public string ServerVersion() =>
        _redis.GetServers().FirstOrDefault()?.Version.ToString() ?? "unknown";

    public void Dispose() => _redis.Dispose();

    // The service stores the caller's W3C traceparent with every ticket; a real one is the same size.
    private static string NewTraceParent() =>
        $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
}

/// <summary>Reception's REST check-in and call-next over HTTP/1.1, either directly or through the gateway.</summary>
internal sealed class HttpQueueTarget : IQueueTarget
{
    private readonly HttpClient _client;

    private readonly string _floorPath;

    /// <param name="floorPath">A route that reaches Reception's /alive (no application work): the fixed cost of the path.</param>
    /// <param name="credentials">Adds what the path's callers present (a bearer token, or the signed caller).</param>
    public HttpQueueTarget(string name, Uri baseAddress, int clients, string floorPath, DelegatingHandler credentials)
    {
        Name = name;
        _floorPath = floorPath;
        var handler = new SocketsHttpHandler
        {
            // One connection per client: no request ever queues for a connection inside the load generator.
            MaxConnectionsPerServer = Math.Max(clients, 50),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        credentials.InnerHandler = handler;
        _client = new HttpClient(credentials)
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public string Name { get; }

    /// <summary>Today's check-in contract (services/Reception/Api/VisitsApi.cs, CheckInRequest). Synthetic customers only.</summary>
    public static byte[] CheckInBody(long index) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $$"""{"customerName":"Bench Customer {{index}}","customerPhone":"138{{index % 100_000_000:D8}}","serviceType":"{{BenchSettings.ServiceType}}"}"""));

    public async ValueTask<OpOutcome> CheckInAsync(long index)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/visits") { Content = JsonContent(CheckInBody(index)) };
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        return response.StatusCode == HttpStatusCode.Created ? OpOutcome.Done : OpOutcome.Failed($"check-in HTTP {(int)response.StatusCode}");
    }

    public async ValueTask<OpOutcome> CallNextAsync(long index)
    {
        var counterId = BenchSettings.Counters[(int)(index % BenchSettings.Counters.Count)];
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/counters/{counterId}/call-next");
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => OpOutcome.Done,
            HttpStatusCode.NoContent => OpOutcome.Empty,
            var status => OpOutcome.Failed($"call-next HTTP {(int)status}"),
        };
    }

    /// <summary>GET Reception's liveness endpoint: HTTP, Kestrel (and YARP on the gateway) with no application work.</summary>
    public async ValueTask<OpOutcome> FloorAsync(long index)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _floorPath);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        return response.StatusCode == HttpStatusCode.OK ? OpOutcome.Done : OpOutcome.Failed($"floor HTTP {(int)response.StatusCode}");
    }

    /// <summary>One request with the full response, for the pre-flight checks.</summary>
    public async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, byte[]? jsonBody)
    {
        using var request = new HttpRequestMessage(method, path);
        if (jsonBody is not null)
        {
            request.Content = JsonContent(jsonBody);
        }
        using var response = await _client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _client.Dispose();

    private static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        return content;
    }
}
