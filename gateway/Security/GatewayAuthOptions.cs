using System.ComponentModel.DataAnnotations;

namespace HallPlatform.Gateway.Security;

/// <summary>Configuration section <c>Gateway:Auth</c>: how the gateway recognises staff tokens and partner keys.</summary>
public sealed class GatewayAuthOptions
{
    public const string SectionName = "Gateway:Auth";

    public JwtSettings Jwt { get; set; } = new();

    /// <summary>Partner channels' API keys, by their SHA-256 hashes only (the plaintext is never stored).</summary>
    public List<PartnerKey> PartnerKeys { get; set; } = [];

    public DevTokenSettings DevTokens { get; set; } = new();
}

public sealed class JwtSettings
{
    /// <summary>Symmetric keys below 256 bits are refused by HS256 validation anyway; say so at start-up instead.</summary>
    public const int MinimumSigningKeyBytes = 32;

    [Required]
    public string Issuer { get; set; } = "";

    [Required]
    public string Audience { get; set; } = "";

    /// <summary>HS256 key (UTF-8) for local and development tokens; at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>A real OpenID Connect issuer: its discovery document and JWKS give the signing keys (production).</summary>
    public string? Authority { get; set; }
}

public sealed class PartnerKey
{
    /// <summary>The partner's stable id: the caller id services see and the owner of the tickets it reports.</summary>
    public string Id { get; set; } = "";

    /// <summary>The partner's channel, e.g. phone (call centre) or online.</summary>
    public string Channel { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the key (scripts/new-partner-key.sh prints both).</summary>
    public string KeyHash { get; set; } = "";

    public List<string> Scopes { get; set; } = [];
}

public sealed class DevTokenSettings
{
    /// <summary>POST /dev/tokens exists only when this is true AND the environment is Development.</summary>
    public bool Enabled { get; set; }

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(8);
}
