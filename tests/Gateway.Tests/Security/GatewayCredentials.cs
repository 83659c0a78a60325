using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using HallPlatform.Identity;
using HallPlatform.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HallPlatform.Gateway.Tests;

/// <summary>
/// The keys the test gateway runs with, and tokens and API keys made from them. The two dev partner keys are the
/// documented development keys (their hashes are in gateway/appsettings.Development.json); the narrower partner
/// keys are added here.
/// </summary>
public static class GatewayCredentials
{
    public const string JwtSigningKey = "test-only-gateway-jwt-signing-key-0123456789abcdef";
    public const string Issuer = "hallplatform";
    public const string Audience = "hallplatform-api";

    /// <summary>Documented in docs/security.md: dev only.</summary>
    public const string DevCallCentreKey = "hpk_dev_callcentre_XYXySmK7Fcgq-mWuWUhSmCFyQgynDEL9oUuG5dQxtts";
    public const string DevOnlineKey = "hpk_dev_online_Jqnw-vDMnJ_ZYAfUjfXFACqVCSdUZNkY-06IomqBBlw";

    public const string ReportOnlyKey = "test_report_only_7c1f3a9e5b2d4f60a8c9e1b3d5f7a9c1";
    public const string ReadOnlyKey = "test_read_only_2e4a6c8e0b1d3f5a7c9e1b3d5f7a9c1e";
    public const string EventsOnlyKey = "test_events_only_9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d";
    public const string ReflectionKey = "test_reflection_5d3b1f9e7c5a3e1d9b7f5c3a1e9d7b5f";

    public static IReadOnlyList<(string Key, string Value)> Settings { get; } =
    [
        (TestCallers.SigningKeySetting, TestCallers.SigningKey),
        ("Gateway:Auth:Jwt:SigningKey", JwtSigningKey),
        .. Partner(2, "report-only", "phone", ReportOnlyKey, PartnerScopes.ReportFaults),
        .. Partner(3, "read-only", "online", ReadOnlyKey, PartnerScopes.ReadOwnFaults),
        .. Partner(4, "events-only", "online", EventsOnlyKey, PartnerScopes.SubscribeEvents),
        .. Partner(5, "reflection", "online", ReflectionKey, PartnerScopes.GrpcReflection),
    ];

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string StaffToken(
        string sub, IEnumerable<string> roles, IEnumerable<string> halls,
        DateTimeOffset? expires = null, string issuer = Issuer, string audience = Audience, string signingKey = JwtSigningKey)
    {
        var now = DateTimeOffset.UtcNow;
        var expiry = expires ?? now.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = sub,
                ["role"] = roles.ToArray(),
                ["hall"] = halls.ToArray(),
            },
            IssuedAt = (expiry < now ? expiry.AddMinutes(-10) : now).UtcDateTime,
            NotBefore = (expiry < now ? expiry.AddMinutes(-10) : now).UtcDateTime,
            Expires = expiry.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    public static void AsStaff(this HttpRequestMessage request, string role, params string[] halls) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", StaffToken("usr_" + role, [role], halls));

    public static void WithApiKey(this HttpRequestMessage request, string key) => request.Headers.Add("X-Api-Key", key);

    private static (string, string)[] Partner(int index, string id, string channel, string key, string scope) =>
    [
        ($"Gateway:Auth:PartnerKeys:{index}:Id", id),
        ($"Gateway:Auth:PartnerKeys:{index}:Channel", channel),
        ($"Gateway:Auth:PartnerKeys:{index}:KeyHash", Hash(key)),
        ($"Gateway:Auth:PartnerKeys:{index}:Scopes:0", scope),
    ];
}
