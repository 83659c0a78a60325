namespace HallPlatform.Reception.Domain;

public static class WaitEstimate
{
    /// <summary>
    /// Seconds until a waiting customer is likely called: position x service seconds per customer, shared by the
    /// open counters that serve the type (at least one), rounded up. <paramref name="serviceSeconds"/> is the
    /// catalogue average today; measured recent service times can be passed in instead.
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
}
