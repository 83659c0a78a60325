using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;

namespace HallPlatform.Gateway.Edge;

/// <summary>What Redis holds for one idempotency key: a claim while the request is forwarded, then its response.</summary>
public sealed record IdempotencyRecord(
    string State,
    string Fingerprint,
    string? ClaimToken = null,
    int StatusCode = 0,
    Dictionary<string, string[]>? Headers = null,
    byte[]? Body = null)
{
    public const string InFlight = "inFlight";
    public const string Completed = "completed";

    public bool IsCompleted => State == Completed;
}

[JsonSerializable(typeof(IdempotencyRecord))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class IdempotencyJsonContext : JsonSerializerContext;

/// <summary>
/// Idempotency keys in Redis. A key is claimed with <c>SET NX PX</c> (only one request can win it, whatever the
/// timing); the claim is replaced by the response, or deleted, only by the request holding that claim.
/// </summary>
public sealed class IdempotencyStore(IServiceProvider services)
{
    public const string KeyPrefix = "gateway:idempotency:";

    // SET NX claims the key for this request; when someone else holds it, their record is returned instead.
    private const string ClaimScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
        return redis.call('GET', KEYS[1])
        """;

    // Only the holder of the claim may finish it: an expired claim taken over by a retry must not be overwritten.
    private const string CompleteScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary>
    /// The Redis key: a hash of who asked (caller id), what (method and path) and the client's key, so one client's
    /// keys never collide with another's and a key reused on another route is a different key.
    /// </summary>
    public static string RedisKey(string callerId, string method, string path, string idempotencyKey)
    {
        var identity = Encoding.UTF8.GetBytes($"{callerId}\n{method}\n{path}\n{idempotencyKey}");
        return KeyPrefix + Convert.ToHexStringLower(SHA256.HashData(identity));
    }

    /// <summary>Claims the key; null when this request won it, otherwise what the key already holds.</summary>
    public async Task<IdempotencyRecord?> TryClaimAsync(string key, string claimValue, TimeSpan inFlightTimeout)
    {
        var existing = await Database().ScriptEvaluateAsync(ClaimScript, [key], [claimValue, Milliseconds(inFlightTimeout)]);
        return existing.IsNull ? null : Deserialize((byte[])existing!);
    }

    public async Task<bool> CompleteAsync(string key, string claimValue, IdempotencyRecord response, TimeSpan retention)
    {
        var stored = await Database().ScriptEvaluateAsync(CompleteScript, [key], [claimValue, Serialize(response), Milliseconds(retention)]);
        return (long)stored == 1;
    }

    public Task ReleaseAsync(string key, string claimValue) =>
        Database().ScriptEvaluateAsync(ReleaseScript, [key], [claimValue]);

    public static string Serialize(IdempotencyRecord record) =>
        JsonSerializer.Serialize(record, IdempotencyJsonContext.Default.IdempotencyRecord);

    private static IdempotencyRecord Deserialize(byte[] value) =>
        JsonSerializer.Deserialize(value, IdempotencyJsonContext.Default.IdempotencyRecord)
        ?? throw new InvalidOperationException("An idempotency record in Redis is empty.");

    private static long Milliseconds(TimeSpan duration) => Math.Max(1, (long)duration.TotalMilliseconds);

    // Resolved on first use: a gateway that never sees an Idempotency-Key never needs Redis on its request path, and
    // a failure to reach Redis surfaces as a RedisException the caller turns into 503.
    private IDatabase Database() => services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
}
