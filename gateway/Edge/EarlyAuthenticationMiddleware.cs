using Microsoft.AspNetCore.Authentication;

namespace HallPlatform.Gateway.Edge;

/// <summary>
/// Establishes the caller before the rate limiter, which partitions by it, when authentication runs later in the
/// pipeline (it runs together with authorization in one step, and the limiter must sit between the two). An
/// authentication handler computes its result once per request, so the later authentication step reuses this result
/// instead of validating the credential again. Without any authentication scheme this does nothing.
/// </summary>
public sealed class EarlyAuthenticationMiddleware(RequestDelegate next, IAuthenticationSchemeProvider? schemes = null)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (schemes is not null && context.User.Identity?.IsAuthenticated != true
            && await schemes.GetDefaultAuthenticateSchemeAsync() is { } scheme)
        {
            var result = await context.AuthenticateAsync(scheme.Name);
            if (result.Succeeded)
            {
                context.User = result.Principal;
            }
        }
        await next(context);
    }
}
