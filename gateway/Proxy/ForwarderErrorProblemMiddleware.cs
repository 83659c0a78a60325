using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Forwarder;

namespace HallPlatform.Gateway.Proxy;

/// <summary>
/// Runs around every forwarded request. The service's own response (status, headers, problem body) passes through
/// untouched; only when forwarding itself failed does the gateway answer, with an RFC 9457 problem for REST callers
/// and a trailers-only gRPC status for gRPC callers (a JSON body would be unreadable to a gRPC client).
/// </summary>
public sealed partial class ForwarderErrorProblemMiddleware(RequestDelegate next, ILogger<ForwarderErrorProblemMiddleware> logger)
{
    private const string GrpcContentType = "application/grpc";
    private const string GrpcClusterSuffix = "-grpc";

    public async Task InvokeAsync(HttpContext context)
    {
        // Status code pages would otherwise add a gateway body to a service's body-less 4xx/5xx.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }

        await next(context);

        var errorFeature = context.GetForwarderErrorFeature();
        if (errorFeature is null || errorFeature.Error == ForwarderError.None)
        {
            return;
        }

        var clusterId = context.GetReverseProxyFeature().Route.Cluster?.ClusterId ?? "unknown";
        var service = clusterId.EndsWith(GrpcClusterSuffix, StringComparison.Ordinal) ? clusterId[..^GrpcClusterSuffix.Length] : clusterId;
        Log.ForwardingFailed(logger, errorFeature.Exception, service, errorFeature.Error);

        // Nothing can be written once the service's response began, or when the caller is gone.
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        var failure = ForwardingFailure.Describe(errorFeature.Error, service);
        // Drop whatever a half-received service response left behind (headers, status).
        context.Response.Clear();
        if (IsGrpc(context.Request))
        {
            WriteGrpcStatus(context.Response, failure);
            return;
        }

        context.Response.StatusCode = failure.HttpStatus;
        await TypedResults.Problem(new ProblemDetails
        {
            Status = failure.HttpStatus,
            Title = failure.Title,
            Detail = failure.Detail,
            Type = failure.Type,
        }).ExecuteAsync(context);
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A trailers-only response: HTTP 200 with the gRPC status in the headers, as the gRPC spec allows.</summary>
    private static void WriteGrpcStatus(HttpResponse response, ForwardingFailure failure)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcContentType;
        response.Headers["grpc-status"] = failure.GrpcStatus.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(failure.Detail);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Forwarding to service {Service} failed: {ForwarderError}")]
        public static partial void ForwardingFailed(ILogger logger, Exception? exception, string service, ForwarderError forwarderError);
    }
}

/// <summary>How the gateway reports a request it could not forward.</summary>
public sealed record ForwardingFailure(int HttpStatus, int GrpcStatus, string Type, string Title, string Detail)
{
    // gRPC status codes (grpc/doc/statuscodes.md); the gateway has no Grpc.Core reference to take them from.
    private const int GrpcInvalidArgument = 3;
    private const int GrpcDeadlineExceeded = 4;
    private const int GrpcUnavailable = 14;

    public static ForwardingFailure Describe(ForwarderError error, string service) => error switch
    {
        ForwarderError.NoAvailableDestinations => new(
            StatusCodes.Status503ServiceUnavailable, GrpcUnavailable, "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            "Service unavailable", $"No instance of the {service} service is available."),
        ForwarderError.RequestTimedOut => new(
            StatusCodes.Status504GatewayTimeout, GrpcDeadlineExceeded, "https://tools.ietf.org/html/rfc9110#section-15.6.5",
            "Gateway timeout", $"The {service} service did not answer in time."),
        ForwarderError.RequestBodyClient => new(
            StatusCodes.Status400BadRequest, GrpcInvalidArgument, "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            "The request could not be read.", "The request body could not be read from the client."),
        _ => new(
            StatusCodes.Status502BadGateway, GrpcUnavailable, "https://tools.ietf.org/html/rfc9110#section-15.6.3",
            "Bad gateway", $"The {service} service could not be reached or did not answer correctly."),
    };
}
