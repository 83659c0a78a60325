using HallPlatform.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HallPlatform.Testing;

/// <summary>The identity key and callers service tests use (the key is for tests only, never deployed).</summary>
public static class TestCallers
{
    /// <summary>Shared by every in-memory service and gateway in tests, as the real key is by the deployed ones.</summary>
    public const string SigningKey = "test-only-hall-identity-signing-key-0123456789";

    public const string SigningKeySetting = HallIdentityOptions.SectionName + ":SigningKey";

    /// <summary>The default caller of service tests: may do everything everywhere, so tests need no identity setup.</summary>
    public static HallCaller Administrator { get; } =
        new(CallerKind.Staff, "test-admin", [HallRoles.Administrator], [HallCaller.AllHalls], [], "127.0.0.1");

    public static HallCaller Staff(string id, string role, params string[] halls) =>
        new(CallerKind.Staff, id, [role], halls, [], "127.0.0.1");

    public static HallCaller Partner(string id, params string[] scopes) =>
        new(CallerKind.Partner, id, [], [], scopes, "127.0.0.1");

    public static HallCaller Anonymous { get; } = HallCaller.Anonymous("127.0.0.1");

    /// <summary>Signs <paramref name="caller"/> onto <paramref name="headers"/>, stamped with the server's clock.</summary>
    public static void SignOnto(IDictionary<string, Microsoft.Extensions.Primitives.StringValues> headers, HallCaller caller, TimeProvider time)
    {
        var (encoded, signature) = HallCallerSignature.Sign(caller, SigningKey, time.GetUtcNow());
        headers[HallCallerSignature.CallerHeader] = encoded;
        headers[HallCallerSignature.SignatureHeader] = signature;
    }
}

/// <summary>Adds a signed caller to every request of an HttpClient or gRPC channel, like the gateway would.</summary>
public sealed class SignedCallerHandler(HallCaller caller, TimeProvider time, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var (encoded, signature) = HallCallerSignature.Sign(caller, TestCallers.SigningKey, time.GetUtcNow());
        request.Headers.Remove(HallCallerSignature.CallerHeader);
        request.Headers.Remove(HallCallerSignature.SignatureHeader);
        request.Headers.TryAddWithoutValidation(HallCallerSignature.CallerHeader, encoded);
        request.Headers.TryAddWithoutValidation(HallCallerSignature.SignatureHeader, signature);
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// Inside an in-memory service: a request that arrives without a caller gets <see cref="TestCallers.Administrator"/>
/// signed with the service's own clock, before the real verifier runs. Requests that carry a caller (right or
/// wrong) are left alone, so tests of other callers and of refusals see the real verification.
/// </summary>
internal sealed class SignAdministratorWhenUnsigned : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var time = app.ApplicationServices.GetRequiredService<TimeProvider>();
        app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
        {
            var headers = context.Request.Headers;
            if (!headers.ContainsKey(HallCallerSignature.CallerHeader) && !headers.ContainsKey(HallCallerSignature.SignatureHeader))
            {
                TestCallers.SignOnto(headers, TestCallers.Administrator, time);
            }
            return nextMiddleware(context);
        });
        next(app);
    };
}
