using System.Globalization;

namespace HallPlatform.Application;

/// <summary>
/// The instants any input may name (query filters, body times): from 2000 to 2100 UTC. Far enough for every real
/// record, and far from <see cref="DateTimeOffset"/>'s ends, so adding a window or a time zone never overflows.
/// </summary>
public static class InstantRange
{
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Records an error for <paramref name="field"/> when the instant is outside the range; null passes.</summary>
    public static bool Check(string field, DateTimeOffset? value, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value is { } instant && (instant < Earliest || instant >= Latest))
        {
            errors.Add(field, $"The {field} field must be from 2000-01-01T00:00:00Z up to 2100-01-01T00:00:00Z.");
            return false;
        }
        return true;
    }

    /// <summary>
    /// Reads an instant given as text (a query parameter or a body field): ISO 8601, UTC when it names no offset, in
    /// the range above. Blank is absent (null, no error); an unreadable or out-of-range one records an error naming
    /// <paramref name="field"/> and gives null.
    /// </summary>
    public static DateTimeOffset? Parse(string field, string? text, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            errors.Add(field, $"The {field} field must be an ISO 8601 date and time, such as 2026-01-31T16:00:00Z.");
            return null;
        }
        return Check(field, instant, errors) ? instant.ToUniversalTime() : null;
    }
}
