using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace HallPlatform.Gateway.Proxy;

/// <summary>
/// Removes headers a client must not be able to set on the request a service receives: the platform's identity
/// headers (<c>X-Hall-*</c>: only the gateway will set verified ones once authentication exists) and every header
/// the client declared hop-by-hop through <c>Connection</c> (RFC 9110 section 7.6.1). YARP itself already drops the
/// standard hop-by-hop headers (Connection, Keep-Alive, Transfer-Encoding, Upgrade, Proxy-*...).
/// </summary>
public sealed class UntrustedRequestHeadersTransform : RequestTransform
{
    public const string IdentityHeaderPrefix = "X-Hall-";

    public static UntrustedRequestHeadersTransform Instance { get; } = new();

    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        var inbound = context.HttpContext.Request.Headers;
        foreach (var name in inbound.Keys)
        {
            if (name.StartsWith(IdentityHeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                RemoveHeader(context, name);
            }
        }

        foreach (var connectionOption in inbound.GetCommaSeparatedValues(HeaderNames.Connection))
        {
            RemoveHeader(context, connectionOption.Trim());
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>Applies <see cref="UntrustedRequestHeadersTransform"/> to every route, REST and gRPC alike.</summary>
public sealed class UntrustedRequestHeadersTransformProvider : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context) =>
        context.RequestTransforms.Add(UntrustedRequestHeadersTransform.Instance);
}
