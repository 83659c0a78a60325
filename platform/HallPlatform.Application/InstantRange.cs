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
}
