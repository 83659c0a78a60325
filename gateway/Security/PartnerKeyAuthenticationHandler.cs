using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace HallPlatform.Gateway.Security;

public sealed class PartnerKeyAuthenticationOptions : AuthenticationSchemeOptions;

/// <summary>
/// Authenticates partner channels by the <c>X-Api-Key</c> header: the key's SHA-256 is compared, in constant time,
/// with every configured hash. Keys are random and at least 32 bytes, so one unsalted SHA-256 is enough: there is
/// no dictionary to attack and a slow hash would only slow every partner call.
/// </summary>
public sealed class PartnerKeyAuthenticationHandler(
    IOptionsMonitor<PartnerKeyAuthenticationOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<GatewayAuthOptions> authOptions)
    : AuthenticationHandler<PartnerKeyAuthenticationOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "PartnerKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (Request.Headers.ContainsKey(HeaderNames.Authorization))
        {
            // Two credentials make "who is calling" ambiguous; refuse rather than pick one.
            return Task.FromResult(AuthenticateResult.Fail("Send either a bearer token or an API key, not both."));
        }
        if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is empty or repeated."));
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(values[0]!));
        PartnerKey? match = null;
        foreach (var candidate in authOptions.CurrentValue.PartnerKeys)
        {
            // Every configured key is compared, so the time taken does not tell which (or whether one) matched.
            if (TryParseHash(candidate.KeyHash, out var hash) && CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                match = candidate;
            }
        }
        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not known."));
        }

        var identity = new ClaimsIdentity(SchemeName, GatewayClaims.Name, GatewayClaims.Role);
        identity.AddClaim(new Claim(GatewayClaims.Kind, GatewayClaims.PartnerKind));
        identity.AddClaim(new Claim(GatewayClaims.Id, match.Id));
        identity.AddClaim(new Claim(GatewayClaims.Name, "partner:" + match.Id));
        identity.AddClaim(new Claim(GatewayClaims.Channel, match.Channel));
        foreach (var scope in match.Scopes)
        {
            identity.AddClaim(new Claim(GatewayClaims.Scope, scope));
        }
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, $"ApiKey header=\"{HeaderName}\"");
        return Task.CompletedTask;
    }

    private static bool TryParseHash(string hex, out byte[] hash)
    {
        hash = [];
        if (hex.Length != SHA256.HashSizeInBytes * 2)
        {
            return false;
        }
        try
        {
            hash = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
