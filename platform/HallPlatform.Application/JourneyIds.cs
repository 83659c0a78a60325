using System.Buffers;
using System.Security.Cryptography;

namespace HallPlatform.Application;

/// <summary>
/// The one generator of journey ids: the opaque id that follows a customer's journey from the visit (or a partner's
/// report) to the case the owning service opens for it. <c>j_</c> and 26 lower-case hex characters (104 random bits),
/// so it says nothing about who or when and fits every <see cref="MaxLength"/> column.
/// </summary>
public static class JourneyIds
{
    public const string Prefix = "j_";
    public const int MaxLength = 40;
    private const int RandomChars = 26;
    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789");

    public static string New() => Prefix + RandomNumberGenerator.GetHexString(RandomChars, lowercase: true);

    /// <summary>A journey id as another service may carry one: <c>j_</c> then 1 to 38 lower-case letters or digits.</summary>
    public static bool IsValid(string? journeyId) =>
        journeyId is { Length: > 2 and <= MaxLength }
        && journeyId.StartsWith(Prefix, StringComparison.Ordinal)
        && journeyId.AsSpan(Prefix.Length).IndexOfAnyExcept(Allowed) < 0;
}
