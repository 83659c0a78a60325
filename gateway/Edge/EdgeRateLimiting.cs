using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace HallPlatform.Gateway.Edge;

/// <summary>
/// The gateway's global limiter: every caller has a fixed-window budget for its class (anonymous per client address,
/// staff per user, partner per key), and a route may add a stricter budget of its own (e.g. anonymous check-in).
/// Both must grant a permit. Counters live in this process: N gateway instances allow up to N times the limit.
/// </summary>
public static partial class EdgeRateLimiting
{
    private const string NoLimit = "none";

    public static void Configure(RateLimiterOptions options, EdgeRateLimitOptions limits)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = OnRejectedAsync;
        if (!limits.Enabled)
        {
            return;
        }

        var callerLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (IsProbe(context.Request))
            {
                return RateLimitPartition.GetNoLimiter(NoLimit);
            }
            var caller = EdgeCaller.From(context);
            return FixedWindow(caller.ToString(), limits.For(caller.Class));
        });

        var routeLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var routeId = RouteId(context);
            if (routeId is null || !limits.Routes.TryGetValue(routeId, out var route))
            {
                return RateLimitPartition.GetNoLimiter(NoLimit);
            }
            var caller = EdgeCaller.From(context);
            return route.For(caller.Class) is { } window
                ? FixedWindow($"{routeId}|{caller}", window)
                : RateLimitPartition.GetNoLimiter(NoLimit);
        });

        // Held for the whole request, so it counts the streams a caller has open (the lease ends with the response).
        var concurrencyLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var routeId = RouteId(context);
            if (routeId is null || !limits.ConcurrentRequests.TryGetValue(routeId, out var permitLimit))
            {
                return RateLimitPartition.GetNoLimiter(NoLimit);
            }
            var caller = EdgeCaller.From(context);
            return RateLimitPartition.GetConcurrencyLimiter($"{routeId}|{caller}|open", _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = permitLimit,
                QueueLimit = 0,
            });
        });

        options.GlobalLimiter = PartitionedRateLimiter.CreateChained(callerLimiter, routeLimiter, concurrencyLimiter);
    }

    /// <summary>The YARP route id of the request's endpoint; null for the gateway's own endpoints.</summary>
    public static string? RouteId(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.RouteId;

    private static RateLimitPartition<string> FixedWindow(string key, RateLimitWindow window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = window.PermitLimit,
            Window = window.Window,
            // A refused caller is told when to come back; holding its request open would only tie up the gateway.
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    // Aspire and load balancers probe these; refusing them would take a healthy gateway out of rotation.
    private static bool IsProbe(HttpRequest request) =>
        request.Path.StartsWithSegments(Microsoft.Extensions.Hosting.Extensions.HealthEndpointPath)
        || request.Path.StartsWithSegments(Microsoft.Extensions.Hosting.Extensions.AlivenessEndpointPath)
        || request.Path.StartsWithSegments(GrpcHealthPath);

    private const string GrpcHealthPath = "/grpc.health.v1.Health";

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var caller = EdgeCaller.From(context);
        var callerClass = caller.Class.ToString().ToLowerInvariant();
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EdgeRateLimiting));
        var route = RouteId(context) ?? context.Request.Path.Value ?? "";
        var limits = context.RequestServices.GetRequiredService<IOptions<EdgeRateLimitOptions>>().Value;

        // Window limiters say when a permit returns; the concurrency limiter cannot (it waits for another stream to end).
        var fromWindow = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait);
        var openLimit = 0;
        var tooManyOpen = !fromWindow && limits.ConcurrentRequests.TryGetValue(route, out openLimit);
        if (tooManyOpen)
        {
            Log.TooManyOpen(logger, caller.Class, route);
            EdgeProblems.SetRetryAfter(context.Response, limits.ConcurrentRetryAfter);
        }
        else
        {
            Log.Rejected(logger, caller.Class, route);
            EdgeProblems.SetRetryAfter(context.Response, fromWindow ? wait : TimeSpan.FromSeconds(1));
        }
        var seconds = context.Response.Headers.RetryAfter.ToString();
        var detail = tooManyOpen
            ? $"This {callerClass} caller already has {openLimit} requests open on this route, the most it may hold at once. Close one, or retry after {seconds} seconds."
            : $"This {callerClass} caller sent more requests than its limit allows. Retry after {seconds} seconds.";
        await EdgeProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests,
            "https://tools.ietf.org/html/rfc6585#section-4", "Too many requests", detail, EdgeProblems.GrpcResourceExhausted);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Rate limit reached for a {CallerClass} caller on {Route}")]
        public static partial void Rejected(ILogger logger, CallerClass callerClass, string route);

        [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Concurrent request limit reached for a {CallerClass} caller on {Route}")]
        public static partial void TooManyOpen(ILogger logger, CallerClass callerClass, string route);
    }
}

/// <summary>Builds the limiter from <see cref="EdgeRateLimitOptions"/> once the configuration is known.</summary>
internal sealed class ConfigureEdgeRateLimiter(IOptions<EdgeRateLimitOptions> limits) : IConfigureOptions<RateLimiterOptions>
{
    public void Configure(RateLimiterOptions options) => EdgeRateLimiting.Configure(options, limits.Value);
}
