namespace HallPlatform.Reception.Domain;

public static class TicketNumbering
{
    /// <summary>Three digits on the board: 001..999, then the series wraps to 001 (the visit id stays unique).</summary>
    public const int DisplayCycle = 999;

    public static string Display(string prefix, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        var shown = ((sequence - 1) % DisplayCycle) + 1;
        return prefix + shown.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The hall's business day: the date of the hall's local time, so series restart at local midnight.</summary>
    public static DateOnly BusinessDay(DateTimeOffset now, TimeZoneInfo hallTimeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, hallTimeZone).DateTime);

    /// <summary>The series key part for a business day (yyyyMMdd).</summary>
    public static string SeriesDay(DateOnly businessDay) =>
        businessDay.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
}
