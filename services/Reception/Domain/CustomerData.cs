using HallPlatform.Privacy;

namespace HallPlatform.Reception.Domain;

/// <summary>What Reception accepts as the customer's personal data (masking is shared: PersonalDataMask).</summary>
public static class CustomerData
{
    public const int NameMaxLength = 100;

    /// <summary>Null when valid; otherwise the message for the customerName field.</summary>
    public static string? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "The customer's name is required."
        : name.Trim().Length > NameMaxLength ? $"The customer's name must be at most {NameMaxLength} characters."
        : null;

    /// <summary>
    /// Null when valid, with <paramref name="normalized"/> the number as stored (the platform's one phone rule:
    /// separators dropped, an optional leading '+' and 5 to 20 digits); otherwise the message for the customerPhone
    /// field and an empty <paramref name="normalized"/>.
    /// </summary>
    public static string? ValidatePhone(string? phone, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(phone))
        {
            return "The customer's phone number is required.";
        }
        return PhoneNumbers.TryNormalize(phone, out normalized) ? null : PhoneNumbers.InvalidMessage("customerPhone");
    }
}
