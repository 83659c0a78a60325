using HallPlatform.Application;
namespace HallPlatform.ServiceDefaults;

public static class StoredTime
{
    /// <summary>
    /// Truncates to microseconds, PostgreSQL's timestamp precision, so what a caller gets back when a record is
    /// created or changed equals what every later read returns.
    /// </summary>
    public static DateTimeOffset ToStoredPrecision(this DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMicrosecond), time.Offset);

    /// <summary>Now, at the precision it will be stored with.</summary>
    public static DateTimeOffset GetStoredUtcNow(this TimeProvider time) => time.GetUtcNow().ToStoredPrecision();
}
