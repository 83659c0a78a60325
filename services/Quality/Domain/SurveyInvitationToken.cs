using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace HallPlatform.Quality.Domain;

/// <summary>
/// The secret in a survey invitation's link: 32 random bytes as base64url (43 characters). Quality stores only its
/// SHA-256 (lower-case hex), so whoever reads the follow-up table cannot answer in the customer's place.
/// </summary>
public static class SurveyInvitationToken
{
    public const int Length = 43;
    public const int HashLength = 64;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether <paramref name="token"/> has the shape of a token at all (43 base64url characters).</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
    }
}
