using HallPlatform.Privacy;

namespace HallPlatform.Reception.Domain;

/// <summary>What Reception accepts as the customer's personal data (masking is shared: PersonalDataMask).</summary>
public static class CustomerData
{
    public const int NameMaxLength = 100;
    /// <summary>The visits column's width: a '+' counts, so "+" and 20 digits do not fit.</summary>
    public const int PhoneMaxLength = 20;

    /// <summary>Null when valid; otherwise the message for the customerName field.</summary>
    public static string? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "The customer's name is required."
        : name.Trim().Length > NameMaxLength ? $"The customer's name must be at most {NameMaxLength} characters."
        : null;

    /// <summary>Null when valid: an optional leading '+' and 5 to 20 digits, 20 characters in all.</summary>
    public static string? ValidatePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return "The customer's phone number is required.";
        }
        // Stored exactly as typed, so separators are refused rather than dropped.
        return PhoneNumbers.IsWellFormed(phone) && phone.Length <= PhoneMaxLength ? null
            : $"The phone number must be digits with an optional leading '+', {PhoneNumbers.MinDigits} to {PhoneMaxLength} characters.";
    }
}
