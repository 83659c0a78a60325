namespace HallPlatform.Privacy;

/// <summary>
/// The key ring for personal data at rest, bound from <c>HallPlatform:DataProtection</c>:
/// <c>Keys:{keyId}</c> = base64 of 32 random bytes (AES-256), <c>ActiveKeyId</c> = the key new values use,
/// <c>LookupKey</c> = base64 of at least 32 random bytes for the blind index (HMAC-SHA256), kept apart from the
/// encryption keys so a searchable hash never shares a key with a ciphertext.
/// </summary>
public sealed class PersonalDataProtectionOptions
{
    public const string SectionName = "HallPlatform:DataProtection";

    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string? ActiveKeyId { get; set; }

    public string? LookupKey { get; set; }
}
