using HallPlatform.Reception.Domain;
using Microsoft.Extensions.Options;

namespace HallPlatform.Reception.Application.Infrastructure;

/// <summary>The hall's notion of "now" and "today", from the injected TimeProvider and the configured time zone.</summary>
public sealed class HallClock(TimeProvider time, IOptions<ReceptionOptions> options)
{
    private readonly TimeZoneInfo _zone = ResolveZone(options.Value.HallTimeZone);

    public TimeProvider Time => time;

    public TimeZoneInfo Zone => _zone;

    /// <summary>Now, in whole milliseconds: the precision Redis scores and PostgreSQL both keep exactly.</summary>
    public DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
    }

    public DateOnly BusinessDay(DateTimeOffset instant) => TicketNumbering.BusinessDay(instant, _zone);

    /// <summary>An unknown zone id must not stop the hall from issuing tickets: UTC days are still consistent days.</summary>
    public static TimeZoneInfo ResolveZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeZoneInfo.Utc;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
