namespace HallPlatform.Reception.Domain;

/// <summary>The optional identity document a customer shows at registration. The number is personal data.</summary>
public static class IdDocuments
{
    public const int NumberMaxLength = 40;

    public static readonly IReadOnlyList<string> Types = ["idCard", "passport", "homeReturnPermit", "residencePermit", "other"];

    /// <summary>Null when valid (both absent, or a known type with a 4..40 letter/digit number).</summary>
    public static (string? TypeError, string? NumberError) Validate(string? type, string? number)
    {
        var hasType = !string.IsNullOrWhiteSpace(type);
        var hasNumber = !string.IsNullOrWhiteSpace(number);
        string? typeError = null, numberError = null;
        if (hasType && !Types.Contains(type!, StringComparer.Ordinal))
        {
            typeError = $"Unknown ID document type '{type}': use {string.Join(", ", Types)}.";
        }
        if (hasNumber && !hasType)
        {
            typeError = "The ID document type is required with a document number.";
        }
        if (hasType && !hasNumber)
        {
            numberError = "The ID document number is required with a document type.";
        }
        // The value itself is never echoed: it is personal data.
        if (hasNumber && (number!.Length is < 4 or > NumberMaxLength || !number.All(char.IsAsciiLetterOrDigit)))
        {
            numberError = $"The ID document number must be 4 to {NumberMaxLength} letters or digits.";
        }
        return (typeError, numberError);
    }

    /// <summary>Shows the last 4 characters only, enough to compare with the card in hand.</summary>
    public static string? Mask(string? number) =>
        string.IsNullOrEmpty(number) ? null : number.Length <= 4 ? "****" : string.Concat(new string('*', number.Length - 4), number.AsSpan(number.Length - 4));
}
