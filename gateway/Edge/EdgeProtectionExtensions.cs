using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Yarp.ReverseProxy.Configuration;

namespace HallPlatform.Gateway.Edge;

/// <summary>
/// The gateway's edge protections: CORS, rate limits, request size limits, per-route timeouts and Idempotency-Key.
/// Configuration lives under <c>Gateway:</c> (see docs/gateway-edge.md).
/// </summary>
public static class EdgeProtectionExtensions
{
    public const string RedisConnectionName = "redis";

    public static readonly string[] CorsAllowedMethods = ["GET", "POST", "PUT"];

    public static readonly string[] CorsAllowedHeaders =
        ["Authorization", "Content-Type", IdempotencyMiddleware.HeaderName, "X-Api-Key", "Last-Event-ID", "traceparent", "tracestate"];

    public static readonly string[] CorsExposedHeaders =
        [IdempotencyMiddleware.ReplayedHeaderName, "Retry-After", "Location", "WWW-Authenticate"];

    public static TBuilder AddEdgeProtection<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddOptions<EdgeRateLimitOptions>().BindConfiguration(EdgeRateLimitOptions.SectionName)
            .Validate(o => !o.Problems().Any(), "Invalid Gateway:RateLimits (each limit needs PermitLimit > 0 and Window > 0).")
            .ValidateOnStart();
        services.AddOptions<EdgeIdempotencyOptions>().BindConfiguration(EdgeIdempotencyOptions.SectionName)
            .Validate(o => o.Retention > TimeSpan.Zero && o.InFlightTimeout > TimeSpan.Zero && o.MaxStoredResponseBytes >= 0,
                "Invalid Gateway:Idempotency (Retention and InFlightTimeout must be positive).")
            .ValidateOnStart();
        services.AddOptions<EdgeLimitOptions>().BindConfiguration(EdgeLimitOptions.SectionName)
            .Validate(o => o.MaxRequestBodyBytes > 0 && o.MaxGrpcRequestBodyBytes > 0, "Invalid Gateway:Limits (sizes must be positive).")
            .ValidateOnStart();
        services.AddOptions<EdgeTimeoutOptions>().BindConfiguration(EdgeTimeoutOptions.SectionName)
            .Validate(o => !o.Problems().Any(), "Invalid Gateway:Timeouts (each value is a positive TimeSpan or 'none').")
            .ValidateOnStart();

        // Fail fast while Redis is unreachable: the client gets a 503 at once instead of waiting out the command
        // timeout in the reconnect backlog (see docs/gateway-edge.md).
        builder.AddRedisClient(RedisConnectionName, configureOptions: redis => redis.BacklogPolicy = BacklogPolicy.FailFast);
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<EdgeMetrics>();

        services.AddRateLimiter(_ => { });
        services.AddSingleton<IConfigureOptions<RateLimiterOptions>, ConfigureEdgeRateLimiter>();

        services.AddRequestTimeouts();
        services.AddSingleton<IProxyConfigFilter, RouteTimeoutConfigFilter>();

        var cors = builder.Configuration.GetSection(EdgeCorsOptions.SectionName).Get<EdgeCorsOptions>() ?? new EdgeCorsOptions();
        services.AddCors(options =>
        {
            // No origins configured: no policy, so no CORS headers and browsers on other origins are refused.
            if (cors.AllowedOrigins.Length > 0)
            {
                options.AddDefaultPolicy(policy => policy
                    .WithOrigins(cors.AllowedOrigins)
                    .WithMethods(CorsAllowedMethods)
                    .WithHeaders(CorsAllowedHeaders)
                    .WithExposedHeaders(CorsExposedHeaders)
                    .SetPreflightMaxAge(cors.PreflightMaxAge));
            }
        });
        return builder;
    }

    /// <summary>
    /// Call before authorization: CORS (preflights answered here, and 401/403/429 answers carry CORS headers), the
    /// caller's authentication (cached for the later authentication step), the rate limiter (partitioned by that
    /// caller), body size limits, request timeouts.
    /// </summary>
    public static WebApplication UseEdgeProtection(this WebApplication app)
    {
        app.UseCors();
        app.UseMiddleware<EarlyAuthenticationMiddleware>();
        app.UseRateLimiter();
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.UseRequestTimeouts();
        app.UseMiddleware<RequestTimeoutProblemMiddleware>();
        return app;
    }

    /// <summary>The proxy pipeline step: Idempotency-Key on REST POSTs, just before forwarding.</summary>
    public static IReverseProxyApplicationBuilder UseIdempotencyKeys(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseMiddleware<IdempotencyMiddleware>();
        return proxy;
    }
}
