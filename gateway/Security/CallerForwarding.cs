using HallPlatform.Identity;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace HallPlatform.Gateway.Security;

/// <summary>
/// Replaces the client's credentials with the verified caller on every forwarded request: the bearer token and
/// API key never reach a service; <c>X-Hall-Caller</c> and its signature do (the inbound <c>X-Hall-*</c> headers
/// were already removed by the untrusted-headers transform, which runs first).
/// </summary>
public sealed class CallerForwardingTransform(HallCallerSigner signer) : RequestTransform
{
    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        RemoveHeader(context, HeaderNames.Authorization);
        RemoveHeader(context, PartnerKeyAuthenticationHandler.HeaderName);

        var caller = context.HttpContext.Features.Get<HallCaller>()
            ?? GatewayClaims.ToCaller(context.HttpContext.User, context.HttpContext.Connection.RemoteIpAddress?.ToString());
        var (encoded, signature) = signer.Sign(caller);
        context.ProxyRequest.Headers.Remove(HallCallerSignature.CallerHeader);
        context.ProxyRequest.Headers.Remove(HallCallerSignature.SignatureHeader);
        context.ProxyRequest.Headers.TryAddWithoutValidation(HallCallerSignature.CallerHeader, encoded);
        context.ProxyRequest.Headers.TryAddWithoutValidation(HallCallerSignature.SignatureHeader, signature);
        return ValueTask.CompletedTask;
    }
}

public sealed class CallerForwardingTransformProvider(HallCallerSigner signer) : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
        // Fail closed: a route without a policy would fall through to "authenticated or not, anyone".
        if (string.IsNullOrWhiteSpace(context.Route.AuthorizationPolicy))
        {
            context.Errors.Add(new InvalidOperationException(
                $"Route '{context.Route.RouteId}' has no AuthorizationPolicy: name one from gateway/Security/AccessPolicies.cs or \"anonymous\"."));
        }
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context) =>
        context.RequestTransforms.Add(new CallerForwardingTransform(signer));
}

/// <summary>
/// Makes the authenticated principal the request's <see cref="HallCaller"/>, so everything after authentication
/// (the proxy transform, outgoing calls) uses the same verified caller.
/// </summary>
public sealed class GatewayCallerMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Features.Set(GatewayClaims.ToCaller(context.User, context.Connection.RemoteIpAddress?.ToString()));
        return next(context);
    }
}
