using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace HallPlatform.Privacy;

/// <summary>
/// Encrypts personal data for storage with AES-256-GCM. A stored value reads <c>v1:{keyId}:{base64(nonce|ciphertext|tag)}</c>:
/// it names its key, so after a rotation old values still decrypt while new ones use the active key. The version and
/// key id are authenticated too (associated data), so neither can be swapped without the tag failing.
/// Construction fails without a usable key ring: a service that cannot protect personal data must not start.
/// </summary>
public sealed class PersonalDataProtector
{
    public const string FormatVersion = "v1";
    public const int KeySizeBytes = 32;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int MaxKeyIdLength = 32;

    private readonly Dictionary<string, byte[]> _keys;

    public PersonalDataProtector(PersonalDataProtectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = PersonalDataProtectionOptions.SectionName;
        if (options.Keys.Count == 0)
        {
            throw new InvalidOperationException(
                $"No personal data encryption key is configured: set {section}:Keys:{{keyId}} (base64 of {KeySizeBytes} random bytes) and {section}:ActiveKeyId.");
        }
        _keys = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyId, material) in options.Keys)
        {
            if (!IsValidKeyId(keyId))
            {
                throw new InvalidOperationException(
                    $"{section}:Keys has a key id that is not 1 to {MaxKeyIdLength} letters, digits or '-'.");
            }
            // The message names the key id, never the key material.
            _keys[keyId] = DecodeKey(material, exactLength: true)
                ?? throw new InvalidOperationException($"{section}:Keys:{keyId} must be base64 of exactly {KeySizeBytes} bytes.");
        }
        if (string.IsNullOrWhiteSpace(options.ActiveKeyId) || !_keys.ContainsKey(options.ActiveKeyId))
        {
            throw new InvalidOperationException($"{section}:ActiveKeyId must name one of the configured {section}:Keys.");
        }
        ActiveKeyId = options.ActiveKeyId;
        KeyRingId = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
            _keys.OrderBy(key => key.Key, StringComparer.OrdinalIgnoreCase)
                .Select(key => $"{key.Key.ToUpperInvariant()}:{Convert.ToBase64String(key.Value)}")
                .Prepend(ActiveKeyId.ToUpperInvariant())))));
    }

    /// <summary>
    /// Equal for two protectors that protect and unprotect alike (the same keys, the same active one), so what holds
    /// one (an EF model's value converters) can be shared with the other. A hash: it reveals no key.
    /// </summary>
    public string KeyRingId { get; }

    /// <summary>The key id new values are encrypted with.</summary>
    public string ActiveKeyId { get; }

    /// <summary>The prefix every value encrypted with the active key starts with.</summary>
    public string ActivePrefix => $"{FormatVersion}:{ActiveKeyId}:";

    /// <summary>Whether <paramref name="stored"/> has the shape of a protected value (any key).</summary>
    public static bool LooksProtected(string stored) => stored.StartsWith(FormatVersion + ":", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="stored"/> is already encrypted with the active key (nothing to re-encrypt).</summary>
    public bool IsCurrent(string stored) => stored.StartsWith(ActivePrefix, StringComparison.Ordinal);

    public string Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var key = _keys[ActiveKeyId];
        var plainBytes = Encoding.UTF8.GetBytes(plaintext);
        var payload = new byte[NonceSize + plainBytes.Length + TagSize];
        var nonce = payload.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plainBytes, payload.AsSpan(NonceSize, plainBytes.Length),
            payload.AsSpan(NonceSize + plainBytes.Length), AssociatedData(ActiveKeyId));
        CryptographicOperations.ZeroMemory(plainBytes);
        return ActivePrefix + Convert.ToBase64String(payload);
    }

    /// <summary>
    /// Decrypts with whichever key the value names. Throws <see cref="PersonalDataProtectionException"/> for an
    /// unknown format or key, and when the value was changed or encrypted under another key with the same id.
    /// </summary>
    public string Unprotect(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        // The message never includes the value: it might be plaintext personal data.
        var parts = stored.Split(':', 3);
        if (parts.Length != 3 || parts[0] != FormatVersion)
        {
            throw new PersonalDataProtectionException("The stored value is not in the v1:{keyId}:{payload} format.");
        }
        if (!_keys.TryGetValue(parts[1], out var key))
        {
            throw new PersonalDataProtectionException($"The stored value names key '{parts[1]}', which is not configured.");
        }
        byte[] payload;
        try
        {
            payload = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException exception)
        {
            throw new PersonalDataProtectionException("The stored value's payload is not base64.", exception);
        }
        if (payload.Length < NonceSize + TagSize)
        {
            throw new PersonalDataProtectionException("The stored value's payload is too short.");
        }
        var cipherLength = payload.Length - NonceSize - TagSize;
        var plainBytes = new byte[cipherLength];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(payload.AsSpan(0, NonceSize), payload.AsSpan(NonceSize, cipherLength),
                payload.AsSpan(NonceSize + cipherLength), plainBytes, AssociatedData(parts[1]));
        }
        catch (AuthenticationTagMismatchException exception)
        {
            throw new PersonalDataProtectionException("The stored value failed authentication: changed, or encrypted with another key.", exception);
        }
        return Encoding.UTF8.GetString(plainBytes);
    }

    /// <summary>Decodes base64 key material; null when it is not base64 or too short (or not exactly 32 bytes).</summary>
    internal static byte[]? DecodeKey(string? material, bool exactLength)
    {
        if (string.IsNullOrWhiteSpace(material) || !Base64.IsValid(material.AsSpan()))
        {
            return null;
        }
        var bytes = Convert.FromBase64String(material);
        return exactLength ? (bytes.Length == KeySizeBytes ? bytes : null) : (bytes.Length >= KeySizeBytes ? bytes : null);
    }

    private static bool IsValidKeyId(string keyId) =>
        keyId.Length is >= 1 and <= MaxKeyIdLength && keyId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static byte[] AssociatedData(string keyId) => Encoding.ASCII.GetBytes($"{FormatVersion}:{keyId}");
}

/// <summary>A stored personal data value could not be decrypted (bad format, unknown key, or tampered).</summary>
public sealed class PersonalDataProtectionException : Exception
{
    public PersonalDataProtectionException()
    {
    }

    public PersonalDataProtectionException(string message) : base(message)
    {
    }

    public PersonalDataProtectionException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
