using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HallPlatform.Identity;

namespace HallPlatform.Bench;

/// <summary>
/// The credentials each path needs, as production callers would present them: through the gateway a counter agent's
/// bearer token on call-next (check-in stays anonymous, like a kiosk); directly on Reception the signed caller the
/// gateway would have added (the services accept nothing else).
/// </summary>
internal static class BenchCredentials
{
    public const string HallId = "hall-001";

    /// <summary>An HS256 JWT for a counter agent of the bench hall, shaped like the gateway's development tokens.</summary>
    public static string CounterAgentToken(string signingKey, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = "usr_bench_counter_agent",
            ["role"] = new[] { HallRoles.CounterAgent },
            ["hall"] = new[] { HallId },
            ["iss"] = "hallplatform",
            ["aud"] = "hallplatform-api",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)lifetime.TotalSeconds,
        }));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.ASCII.GetBytes(header + "." + payload));
        return header + "." + payload + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Adds the counter agent's bearer token to counter actions (call-next, open); other requests go anonymous.</summary>
internal sealed class CounterAgentBearerHandler(string token) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri?.AbsolutePath.Contains("/counters/", StringComparison.Ordinal) == true)
        {
            request.Headers.Authorization = new("Bearer", token);
        }
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Signs a counter agent as the caller of every request, re-signed well inside the services' validity window.</summary>
internal sealed class SignedCallerHandler(string identityKey) : DelegatingHandler
{
    private static readonly TimeSpan ResignAfter = TimeSpan.FromMinutes(1);
    private readonly byte[] _key = Encoding.UTF8.GetBytes(identityKey);
    private (string Caller, string Signature, DateTimeOffset SignedAt) _current;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = _current;
        var now = DateTimeOffset.UtcNow;
        if (current.Caller is null || now - current.SignedAt > ResignAfter)
        {
            var caller = new HallCaller(CallerKind.Staff, "usr_bench_counter_agent", [HallRoles.CounterAgent], [BenchCredentials.HallId], [], "127.0.0.1");
            var (encoded, signature) = HallCallerSignature.Sign(caller, _key, now);
            _current = current = (encoded, signature, now);
        }
        request.Headers.Add(HallCallerSignature.CallerHeader, current.Caller);
        request.Headers.Add(HallCallerSignature.SignatureHeader, current.Signature);
        return base.SendAsync(request, cancellationToken);
    }
}
