namespace HallPlatform.Application;

/// <summary>
/// The one retry rule of the platform's outboxes (case requests, customer messages): after the first failed attempt
/// wait <c>first</c>, doubled per further failure, never above <c>max</c>.
/// </summary>
public static class RetryBackoff
{
    /// <summary>The wait after <paramref name="failedAttempts"/> failed attempts (0 or 1: <paramref name="first"/>).</summary>
    public static TimeSpan After(int failedAttempts, TimeSpan first, TimeSpan max)
    {
        if (failedAttempts <= 1)
        {
            return first <= max ? first : max;
        }
        // Doubling past 2^20 is beyond any sensible cap: stop shifting there, so the arithmetic cannot overflow.
        var factor = 1L << Math.Min(failedAttempts - 1, 20);
        var ticks = first.Ticks > max.Ticks / factor ? max.Ticks : first.Ticks * factor;
        return TimeSpan.FromTicks(Math.Min(ticks, max.Ticks));
    }
}
