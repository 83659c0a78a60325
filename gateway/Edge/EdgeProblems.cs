using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace HallPlatform.Gateway.Edge;

/// <summary>
/// How the edge answers a request it refuses: an RFC 9457 problem (with traceId, added by the registered problem
/// details service) for REST callers, a trailers-only gRPC status for gRPC callers, who cannot read a JSON body.
/// </summary>
public static class EdgeProblems
{
    public const string GrpcContentType = "application/grpc";

    // gRPC status codes (grpc/doc/statuscodes.md).
    public const int GrpcDeadlineExceeded = 4;
    public const int GrpcResourceExhausted = 8;
    public const int GrpcUnavailable = 14;

    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase) == true;

    public static Task WriteAsync(
        HttpContext context, int status, string type, string title, string detail, int grpcStatus = GrpcUnavailable)
    {
        if (IsGrpc(context.Request))
        {
            // A trailers-only response: HTTP 200 with the gRPC status in the headers, as the gRPC spec allows.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = GrpcContentType;
            context.Response.Headers["grpc-status"] = grpcStatus.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(detail);
            return Task.CompletedTask;
        }

        context.Response.StatusCode = status;
        return TypedResults.Problem(new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail })
            .ExecuteAsync(context);
    }

    public static Task WriteValidationAsync(HttpContext context, string field, string message) =>
        TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [field] = [message] },
                title: "The request could not be accepted.",
                type: "https://tools.ietf.org/html/rfc9110#section-15.5.1")
            .ExecuteAsync(context);

    public static void SetRetryAfter(HttpResponse response, TimeSpan retryAfter)
    {
        // Whole seconds, rounded up so a client that waits exactly this long is not refused again.
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
    }
}
