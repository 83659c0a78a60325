using System.Globalization;

namespace HallPlatform.Reception.Domain;

/// <summary>Rules for the customer's personal data: what is accepted, and how it is masked for display.</summary>
public static class CustomerData
{
    public const int NameMaxLength = 100;
    public const int PhoneMinLength = 5;
    public const int PhoneMaxLength = 20;

    /// <summary>Null when valid; otherwise the message for the customerName field.</summary>
    public static string? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "The customer's name is required."
        : name.Trim().Length > NameMaxLength ? $"The customer's name must be at most {NameMaxLength} characters."
        : null;

    /// <summary>Null when valid: digits with an optional leading '+', 5 to 20 characters in all.</summary>
    public static string? ValidatePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return "The customer's phone number is required.";
        }
        var digits = phone.StartsWith('+') ? phone.AsSpan(1) : phone.AsSpan();
        var valid = phone.Length is >= PhoneMinLength and <= PhoneMaxLength
            && digits.Length > 0
            && !digits.ContainsAnyExceptInRange('0', '9');
        return valid ? null
            : $"The phone number must be digits with an optional leading '+', {PhoneMinLength} to {PhoneMaxLength} characters.";
    }

    /// <summary>First character (a whole text element, so a surrogate pair is never split) + "**".</summary>
    public static string MaskName(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            return "**";
        }
        var first = StringInfo.GetNextTextElementLength(trimmed);
        return string.Concat(trimmed.AsSpan(0, first), "**");
    }

    /// <summary>
    /// First 3 + "****" + last 4, as on an 11-digit mobile number. A shorter number would be mostly shown that way,
    /// so only its last 2 characters remain.
    /// </summary>
    public static string MaskPhone(string phone) =>
        phone.Length >= 11
            ? string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(phone.Length - 4))
            : string.Concat("****", phone.AsSpan(Math.Max(0, phone.Length - 2)));
}
