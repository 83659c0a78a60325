using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HallPlatform.Identity;

/// <summary>
/// The wire form of a verified caller: <c>X-Hall-Caller</c> = base64url(JSON of kind, id, roles, halls, scopes,
/// client address, issued-at) and <c>X-Hall-Caller-Signature</c> = base64url(HMAC-SHA256(key, X-Hall-Caller)).
/// Only holders of the shared key (the gateway and the services) can produce a pair a service accepts.
/// </summary>
public static class HallCallerSignature
{
    public const string CallerHeader = "X-Hall-Caller";
    public const string SignatureHeader = "X-Hall-Caller-Signature";

    // Bounds what a service parses before the signature is checked.
    private const int MaxHeaderLength = 8 * 1024;

    /// <summary>Encodes and signs <paramref name="caller"/>, stamped with <paramref name="issuedAt"/>.</summary>
    public static (string Caller, string Signature) Sign(HallCaller caller, ReadOnlySpan<byte> key, DateTimeOffset issuedAt)
    {
        var wire = new WireCaller(
            WireKind(caller.Kind), caller.Id, [.. caller.Roles], [.. caller.Halls], [.. caller.Scopes],
            caller.ClientAddress, issuedAt.ToUnixTimeSeconds());
        var encoded = Base64Url(JsonSerializer.SerializeToUtf8Bytes(wire, WireJsonContext.Default.WireCaller));
        return (encoded, Base64Url(Mac(key, encoded)));
    }

    public static (string Caller, string Signature) Sign(HallCaller caller, string key, DateTimeOffset issuedAt) =>
        Sign(caller, Encoding.UTF8.GetBytes(key), issuedAt);

    /// <summary>
    /// The caller when <paramref name="signature"/> is the key's MAC of <paramref name="encodedCaller"/> and the
    /// issued-at time is within <paramref name="validity"/> of <paramref name="now"/>; otherwise null and why.
    /// </summary>
    public static HallCaller? Verify(
        string? encodedCaller, string? signature, ReadOnlySpan<byte> key, DateTimeOffset now, TimeSpan validity, out string failure)
    {
        if (string.IsNullOrEmpty(encodedCaller) || string.IsNullOrEmpty(signature))
        {
            failure = "The request carries no signed caller.";
            return null;
        }
        if (encodedCaller.Length > MaxHeaderLength || signature.Length > MaxHeaderLength)
        {
            failure = "The signed caller is too large.";
            return null;
        }

        Span<byte> presented = stackalloc byte[HMACSHA256.HashSizeInBytes + 4];
        if (!TryFromBase64Url(signature, presented, out var presentedLength) || presentedLength != HMACSHA256.HashSizeInBytes
            || !CryptographicOperations.FixedTimeEquals(presented[..presentedLength], Mac(key, encodedCaller)))
        {
            failure = "The caller signature is not valid.";
            return null;
        }

        WireCaller? wire;
        try
        {
            wire = JsonSerializer.Deserialize(FromBase64Url(encodedCaller), WireJsonContext.Default.WireCaller);
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            wire = null;
        }
        if (wire is null || ParseKind(wire.K) is not { } kind || string.IsNullOrEmpty(wire.Id))
        {
            failure = "The signed caller cannot be read.";
            return null;
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(wire.Iat);
        if (issuedAt > now + validity || issuedAt < now - validity)
        {
            failure = "The signed caller has expired.";
            return null;
        }

        failure = "";
        return new HallCaller(kind, wire.Id, wire.R ?? [], wire.H ?? [], wire.S ?? [], wire.A);
    }

    private static byte[] Mac(ReadOnlySpan<byte> key, string encodedCaller) =>
        HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(encodedCaller));

    private static string WireKind(CallerKind kind) => kind switch
    {
        CallerKind.Anonymous => "anonymous",
        CallerKind.Staff => "staff",
        CallerKind.Partner => "partner",
        CallerKind.Service => "service",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown caller kind."),
    };

    private static CallerKind? ParseKind(string? kind) => kind switch
    {
        "anonymous" => CallerKind.Anonymous,
        "staff" => CallerKind.Staff,
        "partner" => CallerKind.Partner,
        "service" => CallerKind.Service,
        _ => null,
    };

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += (base64.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        return Convert.FromBase64String(base64);
    }

    private static bool TryFromBase64Url(string text, Span<byte> destination, out int written)
    {
        written = 0;
        try
        {
            var bytes = FromBase64Url(text);
            if (bytes.Length > destination.Length)
            {
                return false;
            }
            bytes.CopyTo(destination);
            written = bytes.Length;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Short member names keep the header small; it travels with every request.</summary>
    internal sealed record WireCaller(
        [property: JsonPropertyName("k")] string K,
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("r")] string[]? R,
        [property: JsonPropertyName("h")] string[]? H,
        [property: JsonPropertyName("s")] string[]? S,
        [property: JsonPropertyName("a")] string? A,
        [property: JsonPropertyName("iat")] long Iat);
}

[JsonSerializable(typeof(HallCallerSignature.WireCaller))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
