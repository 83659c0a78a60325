using System.Security.Cryptography;
using System.Text;

namespace HallPlatform.Privacy;

/// <summary>
/// Keyed hashes (HMAC-SHA256 with <c>HallPlatform:DataProtection:LookupKey</c>) of personal data that must be found by
/// exact value although it is stored encrypted. The same phone always gives the same hash, so a column of these
/// can be indexed and searched, and it is the audit trail's customer reference; without the key the hash cannot be
/// reversed by trying every phone number.
/// </summary>
public sealed class BlindIndex
{
    /// <summary>Length of every hash: 64 lower-case hex characters.</summary>
    public const int Length = 64;

    private readonly byte[] _key;

    public BlindIndex(PersonalDataProtectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _key = PersonalDataProtector.DecodeKey(options.LookupKey, exactLength: false)
            ?? throw new InvalidOperationException(
                $"{PersonalDataProtectionOptions.SectionName}:LookupKey must be base64 of at least {PersonalDataProtector.KeySizeBytes} random bytes.");
    }

    /// <summary>The hash of a value exactly as given (callers normalise first; see <see cref="ForPhone"/>).</summary>
    public string Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value)));
    }

    /// <summary>
    /// The hash of a phone number after the separators people type are dropped ("138 1234-5678" and "13812345678"
    /// hash the same); null when it is not a phone number at all.
    /// </summary>
    public string? ForPhone(string phone) => PhoneNumbers.TryNormalize(phone, out var normalized) ? Of(normalized) : null;
}
