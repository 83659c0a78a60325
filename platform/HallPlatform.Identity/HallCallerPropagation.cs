using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HallPlatform.Identity;

/// <summary>
/// Signs the caller for an outgoing call to another HallPlatform service: the verified caller of the request being
/// handled (so the called service knows the staff member or partner), or, outside a request, this service itself.
/// Never copies raw inbound headers: only a caller this process verified (or, in the gateway, authenticated) is signed.
/// </summary>
public sealed class HallCallerSigner(IHttpContextAccessor httpContextAccessor, IOptions<HallIdentityOptions> options, TimeProvider time)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.SigningKey);

    public HallCaller CurrentOrService => httpContextAccessor.HttpContext?.Features.Get<HallCaller>() ?? Service;

    /// <summary>This service itself, for calls made on its own behalf (e.g. a background retry) even inside a request.</summary>
    public HallCaller Service => new(CallerKind.Service, options.Value.ServiceName, [], [HallCaller.AllHalls], [], null);

    public (string Caller, string Signature) Sign(HallCaller caller) => HallCallerSignature.Sign(caller, _key, time.GetUtcNow());
}

/// <summary>Adds the signed caller to a plain HTTP call to a service (e.g. the gateway fetching OpenAPI documents).</summary>
public sealed class HallCallerPropagationHandler(HallCallerSigner signer) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Contains(HallCallerSignature.CallerHeader))
        {
            var (caller, signature) = signer.Sign(signer.CurrentOrService);
            request.Headers.TryAddWithoutValidation(HallCallerSignature.CallerHeader, caller);
            request.Headers.TryAddWithoutValidation(HallCallerSignature.SignatureHeader, signature);
        }
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Adds the signed caller to every gRPC call made through a client from <c>AddGrpcClient</c>.</summary>
internal static class HallCallerGrpcMetadata
{
    public static CallOptions WithCaller(CallOptions callOptions, HallCallerSigner signer)
    {
        var headers = callOptions.Headers ?? [];
        if (headers.Get(HallCallerSignature.CallerHeader.ToLowerInvariant()) is null)
        {
            var (caller, signature) = signer.Sign(signer.CurrentOrService);
            headers.Add(HallCallerSignature.CallerHeader.ToLowerInvariant(), caller);
            headers.Add(HallCallerSignature.SignatureHeader.ToLowerInvariant(), signature);
        }
        return callOptions.WithHeaders(headers);
    }
}
