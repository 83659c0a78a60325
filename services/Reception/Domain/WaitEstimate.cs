namespace HallPlatform.Reception.Domain;

public static class WaitEstimate
{
    /// <summary>
    /// Seconds until a waiting customer is likely called: position x service seconds per customer, shared by the
    /// open counters that serve the type (at least one), rounded up.
    /// </summary>
    public static int Seconds(int position, double serviceSeconds, int openCountersServingType)
    {
        if (position <= 0 || serviceSeconds <= 0)
        {
            return 0;
        }
        var counters = Math.Max(1, openCountersServingType);
        return (int)Math.Ceiling(position * serviceSeconds / counters);
    }

    /// <summary>
    /// Seconds per customer: the average of the recent measured service times when there are at least
    /// <paramref name="minimumSamples"/>, otherwise the catalogue's average.
    /// </summary>
    public static double ServiceSeconds(IReadOnlyCollection<double> recentSamples, int catalogueAverageSeconds, int minimumSamples) =>
        recentSamples.Count >= Math.Max(1, minimumSamples) ? recentSamples.Average() : catalogueAverageSeconds;

    /// <summary>
    /// Approximate 1-based place of a ticket in the order the fairness rule calls them, within its service type.
    /// A priority ticket: its rank among the type's priority tickets. A normal ticket at 0-based rank r: the r
    /// normal tickets ahead, itself, and the priority tickets that can go first, at most PriorityStreak for each of
    /// those r + 1 normal calls (aging is ignored, so this errs on the long side).
    /// </summary>
    public static int Position(bool isPriority, long rankInOwnQueue, long priorityWaiting, int priorityStreak)
    {
        if (isPriority)
        {
            return (int)rankInOwnQueue + 1;
        }
        var normalCalls = rankInOwnQueue + 1;
        return (int)(normalCalls + Math.Min(priorityWaiting, normalCalls * Math.Max(0, priorityStreak)));
    }
}
