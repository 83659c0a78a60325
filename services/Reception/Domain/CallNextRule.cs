namespace HallPlatform.Reception.Domain;

/// <summary>The head of one service type's queue, as the call-next choice sees it.</summary>
public sealed record QueueHead(string VisitId, string ServiceType, long EnqueuedAtMs, long Sequence);

/// <summary>
/// "Longest waiting first" across the queues a counter serves. Redis runs the same rule in the call-next Lua
/// script (Data/QueueScripts.cs); this is the reference the script is tested against.
/// </summary>
public static class CallNextRule
{
    /// <summary>Earliest enqueue time wins; ties go to the lower ticket sequence, then to the visit id.</summary>
    public static QueueHead? Choose(IEnumerable<QueueHead> candidates, IReadOnlyCollection<string> servedTypes)
    {
        QueueHead? best = null;
        foreach (var candidate in candidates)
        {
            if (!servedTypes.Contains(candidate.ServiceType))
            {
                continue;
            }
            if (best is null || Precedes(candidate, best))
            {
                best = candidate;
            }
        }
        return best;
    }

    public static bool Precedes(QueueHead a, QueueHead b) =>
        a.EnqueuedAtMs != b.EnqueuedAtMs ? a.EnqueuedAtMs < b.EnqueuedAtMs
        : a.Sequence != b.Sequence ? a.Sequence < b.Sequence
        : string.CompareOrdinal(a.VisitId, b.VisitId) < 0;
}
