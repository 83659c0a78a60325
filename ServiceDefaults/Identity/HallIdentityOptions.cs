namespace HallPlatform.Identity;

/// <summary>
/// The key the gateway and the services share to sign and verify the caller they pass along
/// (configuration section <c>HallPlatform:Identity</c>).
/// </summary>
public sealed class HallIdentityOptions
{
    public const string SectionName = "HallPlatform:Identity";

    /// <summary>Fewer bytes than an HMAC-SHA256 block's worth of entropy would make the signature guessable offline.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>HMAC-SHA256 key (its UTF-8 bytes), at least <see cref="MinimumKeyLength"/> characters.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>How long a signed caller is accepted after (and, for clock skew, before) its issued-at time.</summary>
    public TimeSpan ValidityWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The name a process signs with when it calls another service on its own behalf (outside a request).</summary>
    public string ServiceName { get; set; } = "";
}
