using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace HallPlatform.Gateway.Edge;

/// <summary>
/// Gives every proxied route its timeout from <c>Gateway:Timeouts</c> (default, or the override for its route id)
/// without touching the route entries. A route whose entry sets Timeout or TimeoutPolicy itself keeps it.
/// </summary>
public sealed class RouteTimeoutConfigFilter(IOptions<EdgeTimeoutOptions> options) : IProxyConfigFilter
{
    /// <summary>YARP's reserved policy name for "no timeout on this route".</summary>
    public const string DisablePolicy = "Disable";

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => new(cluster);

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        if (route.Timeout is not null || route.TimeoutPolicy is not null)
        {
            return new(route);
        }
        return new(options.Value.For(route.RouteId) is { } timeout
            ? route with { Timeout = timeout }
            : route with { TimeoutPolicy = DisablePolicy });
    }
}

/// <summary>
/// Turns a forwarding the timeout cut off before any response into 504 problem+json (gRPC: DEADLINE_EXCEEDED). The
/// request timeout cancels the forwarding, which YARP reports as a failed (cancelled) request without a body; a
/// response that already started (a stream) can only be ended, and an answer the gateway wrote itself stays.
/// </summary>
public sealed partial class RequestTimeoutProblemMiddleware(RequestDelegate next, ILogger<RequestTimeoutProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);

        if (context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested != true
            || context.GetForwarderErrorFeature() is not { Error: not ForwarderError.None })
        {
            return;
        }
        var route = EdgeRateLimiting.RouteId(context) ?? context.Request.Path.Value ?? "";
        Log.TimedOut(logger, route);
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        await EdgeProblems.WriteAsync(context, StatusCodes.Status504GatewayTimeout,
            "https://tools.ietf.org/html/rfc9110#section-15.6.5", "Gateway timeout",
            "The service did not answer within this route's time limit.",
            EdgeProblems.GrpcDeadlineExceeded);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Request on {Route} hit its gateway timeout")]
        public static partial void TimedOut(ILogger logger, string route);
    }
}
