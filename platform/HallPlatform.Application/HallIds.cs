using System.Text.RegularExpressions;

namespace HallPlatform.Application;

/// <summary>
/// The one shape of a hall id, wherever one enters: 1 to 32 characters, lower-case ASCII letters, digits, '-' and
/// '_', starting with a letter or digit (<c>hall-001</c>, <c>hall_1</c>). It fits every hall column, and no markup,
/// path or control character can become a hall.
/// </summary>
public static partial class HallIds
{
    public const int MaxLength = 32;

    public static bool IsValid(string? hallId) => hallId is not null && Shape().IsMatch(hallId);

    public static string InvalidMessage(string field) =>
        $"The {field} field must be 1 to {MaxLength} lower-case letters, digits, '-' or '_', starting with a letter or digit.";

    /// <summary>Checks an optional hall id (blank is absent); returns it trimmed, or null after recording the error.</summary>
    public static string? Check(string field, string? hallId, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(hallId))
        {
            return null;
        }
        var trimmed = hallId.Trim();
        if (!IsValid(trimmed))
        {
            errors.Add(field, InvalidMessage(field));
            return null;
        }
        return trimmed;
    }

    /// <summary>Checks a required hall id; returns it trimmed, or null after recording the error.</summary>
    public static string? Required(string field, string? hallId, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(hallId))
        {
            errors.Add(field, $"The {field} field is required.");
            return null;
        }
        return Check(field, hallId, errors);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
