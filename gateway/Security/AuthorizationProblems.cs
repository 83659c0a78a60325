using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace HallPlatform.Gateway.Security;

/// <summary>
/// Turns "not authenticated" and "not allowed" into answers a client can read: 401 with the scheme's
/// <c>WWW-Authenticate</c> challenge and 403, each an RFC 9457 problem with a traceId, or for a gRPC call the
/// trailers-only statuses Unauthenticated (16) and PermissionDenied (7).
/// </summary>
public sealed class AuthorizationProblems(IProblemDetailsService problemDetails) : IAuthorizationMiddlewareResultHandler
{
    private const string GrpcContentType = "application/grpc";
    private const int GrpcPermissionDenied = 7;
    private const int GrpcUnauthenticated = 16;

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }

        if (authorizeResult.Challenged)
        {
            // The scheme that was tried (bearer or API key) sets 401 and its WWW-Authenticate challenge.
            await context.ChallengeAsync();
            await WriteAsync(context, StatusCodes.Status401Unauthorized, GrpcUnauthenticated,
                "Authentication required",
                "This route needs a valid bearer token (staff) or API key (partner).",
                "https://tools.ietf.org/html/rfc9110#section-15.5.2");
            return;
        }

        await context.ForbidAsync();
        await WriteAsync(context, StatusCodes.Status403Forbidden, GrpcPermissionDenied,
            "Forbidden",
            $"Your role, scopes or halls do not allow {context.Request.Method} {context.Request.Path}.",
            "https://tools.ietf.org/html/rfc9110#section-15.5.4");
    }

    private async Task WriteAsync(HttpContext context, int status, int grpcStatus, string title, string detail, string type)
    {
        var response = context.Response;
        if (context.Request.ContentType?.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase) == true)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = GrpcContentType;
            response.Headers["grpc-status"] = grpcStatus.ToString(CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(detail);
            return;
        }

        response.StatusCode = status;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = type },
        });
    }
}
