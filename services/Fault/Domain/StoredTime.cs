namespace HallPlatform.Fault.Domain;

public static class StoredTime
{
    /// <summary>
    /// Truncates to microseconds, PostgreSQL's timestamp precision, so what a caller gets back when a ticket is
    /// created or changed equals what every later read returns.
    /// </summary>
    public static DateTimeOffset ToStoredPrecision(this DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMicrosecond), time.Offset);
}
