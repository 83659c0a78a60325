using System.Globalization;

namespace HallPlatform.Gateway.Edge;

/// <summary>One fixed-window limit: at most <see cref="PermitLimit"/> requests per <see cref="Window"/>, no queue.</summary>
public sealed class RateLimitWindow
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsValid => PermitLimit > 0 && Window > TimeSpan.Zero;
}

/// <summary>Stricter limits for one route, per caller class; a class left out has no extra limit on the route.</summary>
public sealed class RouteRateLimits
{
    public RateLimitWindow? Anonymous { get; set; }

    public RateLimitWindow? Staff { get; set; }

    public RateLimitWindow? Partner { get; set; }

    public RateLimitWindow? For(CallerClass callerClass) => callerClass switch
    {
        CallerClass.Partner => Partner,
        CallerClass.Staff => Staff,
        _ => Anonymous,
    };
}

/// <summary><c>Gateway:RateLimits</c>. Limits are per gateway instance (kept in memory).</summary>
public sealed class EdgeRateLimitOptions
{
    public const string SectionName = "Gateway:RateLimits";

    /// <summary>Off only for load benchmarks that measure the proxy itself.</summary>
    public bool Enabled { get; set; } = true;

    public RateLimitWindow Anonymous { get; set; } = new() { PermitLimit = 300 };

    public RateLimitWindow Staff { get; set; } = new() { PermitLimit = 1200 };

    public RateLimitWindow Partner { get; set; } = new() { PermitLimit = 600 };

    /// <summary>By YARP route id: limits applied in addition to the caller's general limit.</summary>
    public Dictionary<string, RouteRateLimits> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// By YARP route id: how many requests one caller may have open at once on the route (long-lived streams, where a
    /// per-window budget says nothing about how many are held open).
    /// </summary>
    public Dictionary<string, int> ConcurrentRequests { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What a caller refused by <see cref="ConcurrentRequests"/> is told to wait before trying again.</summary>
    public TimeSpan ConcurrentRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    public RateLimitWindow For(CallerClass callerClass) => callerClass switch
    {
        CallerClass.Partner => Partner,
        CallerClass.Staff => Staff,
        _ => Anonymous,
    };

    public IEnumerable<string> Problems()
    {
        foreach (var (name, window) in new[] { ("Anonymous", Anonymous), ("Staff", Staff), ("Partner", Partner) })
        {
            if (!window.IsValid)
            {
                yield return $"{SectionName}:{name} needs PermitLimit > 0 and Window > 0.";
            }
        }
        foreach (var (routeId, limit) in ConcurrentRequests.Where(r => r.Value <= 0))
        {
            yield return $"{SectionName}:ConcurrentRequests:{routeId} needs a limit > 0 (was {limit}).";
        }
        if (ConcurrentRetryAfter <= TimeSpan.Zero)
        {
            yield return $"{SectionName}:ConcurrentRetryAfter must be positive.";
        }
        foreach (var (routeId, route) in Routes)
        {
            foreach (var (name, window) in new[] { ("Anonymous", route.Anonymous), ("Staff", route.Staff), ("Partner", route.Partner) })
            {
                if (window is { IsValid: false })
                {
                    yield return $"{SectionName}:Routes:{routeId}:{name} needs PermitLimit > 0 and Window > 0.";
                }
            }
        }
    }
}

/// <summary><c>Gateway:Idempotency</c>.</summary>
public sealed class EdgeIdempotencyOptions
{
    public const string SectionName = "Gateway:Idempotency";

    /// <summary>How long a completed response is kept and replayed for the same key.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a claim of a request still being forwarded lasts. Must exceed the longest POST route timeout: if the
    /// gateway dies mid-request, the key becomes usable again after this.
    /// </summary>
    public TimeSpan InFlightTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Larger responses are passed through but not stored; their key is released.</summary>
    public int MaxStoredResponseBytes { get; set; } = 1024 * 1024;
}

/// <summary><c>Gateway:Cors</c>. No origins = no CORS headers at all (browsers on other origins are refused).</summary>
public sealed class EdgeCorsOptions
{
    public const string SectionName = "Gateway:Cors";

    public string[] AllowedOrigins { get; set; } = [];

    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary><c>Gateway:Limits</c>: request body sizes.</summary>
public sealed class EdgeLimitOptions
{
    public const string SectionName = "Gateway:Limits";

    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>The whole request stream of one gRPC call (gRPC's own default message limit is 4 MB).</summary>
    public long MaxGrpcRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// A REST body declared over the limit but at most this large is read and thrown away before the 413, so a
    /// client still uploading it always gets the answer (refused unread, its upload can meet a closed connection) and
    /// the connection stays usable. Larger ones are refused unread and the connection is closed.
    /// </summary>
    public long MaxRefusedBodyDrainBytes { get; set; } = 1024 * 1024;

    /// <summary>How long reading such a body may take before the gateway gives up and closes the connection.</summary>
    public TimeSpan RefusedBodyDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// <c>Gateway:Timeouts</c>: <c>Default</c> for every proxied route, <c>Routes</c> overrides by route id. A value is a
/// TimeSpan (<c>00:00:15</c>) or <c>none</c> (no timeout, e.g. server-sent event streams).
/// </summary>
public sealed class EdgeTimeoutOptions
{
    public const string SectionName = "Gateway:Timeouts";
    public const string None = "none";

    public string Default { get; set; } = "00:00:15";

    public Dictionary<string, string> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The timeout for a route; null = none.</summary>
    public TimeSpan? For(string routeId) =>
        Parse(Routes.TryGetValue(routeId, out var configured) ? configured : Default);

    public static TimeSpan? Parse(string value) =>
        string.Equals(value.Trim(), None, StringComparison.OrdinalIgnoreCase)
            ? null
            : TimeSpan.Parse(value, CultureInfo.InvariantCulture);

    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in Routes.Select(r => ($"Routes:{r.Key}", r.Value)).Prepend(("Default", Default)))
        {
            var valid = string.Equals(value?.Trim(), None, StringComparison.OrdinalIgnoreCase)
                || (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero);
            if (!valid)
            {
                yield return $"{SectionName}:{name} must be a positive TimeSpan or '{None}', not '{value}'.";
            }
        }
    }
}
