namespace HallPlatform.Privacy;

/// <summary>What a customer's phone number may look like, and how the separators people type are dropped.</summary>
public static class PhoneNumbers
{
    public const int MinDigits = 5;
    public const int MaxDigits = 20;

    /// <summary>The longest normalised number: a leading '+' and <see cref="MaxDigits"/> digits.</summary>
    public const int MaxNormalizedLength = MaxDigits + 1;

    /// <summary>
    /// The one message every service gives for a phone number it cannot accept. It never echoes the value: it is
    /// personal data.
    /// </summary>
    public static string InvalidMessage(string field) =>
        $"The {field} field must be a phone number of {MinDigits} to {MaxDigits} digits, optionally starting with '+'; " +
        "spaces, dashes, dots and parentheses between digits are allowed.";

    /// <summary>An optional leading '+' followed by 5 to 20 ASCII digits, nothing else.</summary>
    public static bool IsWellFormed(string phone)
    {
        var digits = phone.StartsWith('+') ? phone.AsSpan(1) : phone.AsSpan();
        return digits.Length is >= MinDigits and <= MaxDigits && !digits.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>
    /// Drops spaces, dashes, dots and parentheses ("138 1234-5678", "(010) 1234567", "138.1234.5678"), then checks the rest is well formed.
    /// Returns false for anything else; the value is never echoed in errors because it is personal data.
    /// </summary>
    public static bool TryNormalize(string phone, out string normalized)
    {
        var kept = new string([.. phone.Where(c => !IsSeparator(c))]);
        normalized = IsWellFormed(kept) ? kept : "";
        return normalized.Length > 0;
    }

    private static bool IsSeparator(char c) => char.IsWhiteSpace(c) || c is '-' or '.' or '(' or ')';
}
