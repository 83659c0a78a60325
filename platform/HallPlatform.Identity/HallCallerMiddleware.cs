using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HallPlatform.Identity;

/// <summary>
/// Inside a service: accepts a request only with a caller signed by the gateway or another service (the shared
/// key), and makes it the request's <see cref="HallCaller"/> feature. Everything else gets 401 — a problem for REST,
/// gRPC status Unauthenticated for gRPC — except the health probes (HTTP and gRPC), which must answer anyone.
/// </summary>
public sealed partial class HallCallerMiddleware(
    RequestDelegate next,
    IOptions<HallIdentityOptions> options,
    TimeProvider time,
    IProblemDetailsService problemDetails,
    ILogger<HallCallerMiddleware> logger)
{
    private const string GrpcContentType = "application/grpc";
    private const int GrpcUnauthenticated = 16;

    /// <summary>gRPC health checks (grpc.health.v1): probes like /health, from orchestrators that sign nothing.</summary>
    private const string GrpcHealthPath = "/grpc.health.v1.Health";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.SigningKey);
    private readonly TimeSpan _validity = options.Value.ValidityWindow;

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments(Extensions.HealthEndpointPath) || path.StartsWithSegments(Extensions.AlivenessEndpointPath)
            || path.StartsWithSegments(GrpcHealthPath))
        {
            await next(context);
            return;
        }

        var headers = context.Request.Headers;
        var caller = HallCallerSignature.Verify(
            headers[HallCallerSignature.CallerHeader], headers[HallCallerSignature.SignatureHeader],
            _key, time.GetUtcNow(), _validity, out var failure);
        if (caller is null)
        {
            // The reason only: the header itself may carry a staff id and a client address.
            Log.CallerRejected(logger, failure);
            await RejectAsync(context, failure);
            return;
        }

        context.Features.Set(caller);
        await next(context);
    }

    private async Task RejectAsync(HttpContext context, string failure)
    {
        var response = context.Response;
        response.Headers.WWWAuthenticate = $"{HallCallerSignature.SignatureHeader} realm=\"hallplatform\"";
        if (context.Request.ContentType?.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase) == true)
        {
            // Trailers-only gRPC response: a gRPC client reads the status from the headers, not from a JSON body.
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = GrpcContentType;
            response.Headers["grpc-status"] = GrpcUnauthenticated.ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(failure);
            return;
        }

        response.StatusCode = StatusCodes.Status401Unauthorized;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthenticated caller",
                Detail = failure + " Services accept requests only through the gateway or from another HallPlatform service.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
            },
        });
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Request refused: {Failure}")]
        public static partial void CallerRejected(ILogger logger, string failure);
    }
}
