namespace HallPlatform.Reception.Domain;

/// <summary>How priority and normal tickets are mixed (Reception:Fairness).</summary>
public sealed record FairnessSettings(int PriorityStreak, int AgingSeconds)
{
    public static readonly FairnessSettings Default = new(2, 900);
}

/// <summary>What call-next picks and the counter's priority streak afterwards.</summary>
public sealed record FairnessChoice(QueueHead? Chosen, bool FromPriorityQueue, int NextStreak, string Rule);

/// <summary>
/// The fairness rule of call-next, per counter. Redis runs the same rule in the call-next Lua script
/// (Data/QueueScripts.cs); this is the reference it is tested against.
/// <list type="number">
/// <item>Within a class, longest waiting first (<see cref="CallNextRule"/>).</item>
/// <item>A priority ticket (green, vip, appointment) goes before normal ones, but</item>
/// <item>after <c>PriorityStreak</c> priority calls in a row made while a normal ticket was waiting, the oldest
/// normal ticket is called next (the streak resets), and</item>
/// <item>a normal ticket that has waited at least <c>AgingSeconds</c> counts as priority: it competes with the
/// priority tickets by arrival time.</item>
/// </list>
/// So once a normal ticket is first in line it waits behind at most PriorityStreak priority calls per counter.
/// </summary>
public static class FairnessRule
{
    public static FairnessChoice Choose(IEnumerable<QueueHead> normal, IEnumerable<QueueHead> priority,
        IReadOnlyCollection<string> servedTypes, int streak, FairnessSettings settings, long nowMs)
    {
        var oldestNormal = CallNextRule.Choose(normal, servedTypes);
        var oldestPriority = CallNextRule.Choose(priority, servedTypes);
        if (oldestNormal is null && oldestPriority is null)
        {
            return new FairnessChoice(null, false, streak, "empty");
        }
        if (oldestPriority is null)
        {
            return new FairnessChoice(oldestNormal, false, 0, "normal");
        }
        if (oldestNormal is null)
        {
            // Nobody normal was passed over, so the streak does not grow.
            return new FairnessChoice(oldestPriority, true, streak, "priority");
        }
        if (streak >= settings.PriorityStreak)
        {
            return new FairnessChoice(oldestNormal, false, 0, "streak");
        }
        var aged = nowMs - oldestNormal.EnqueuedAtMs >= settings.AgingSeconds * 1000L;
        if (aged && oldestNormal.EnqueuedAtMs <= oldestPriority.EnqueuedAtMs)
        {
            return new FairnessChoice(oldestNormal, false, 0, "aged");
        }
        return new FairnessChoice(oldestPriority, true, streak + 1, "priority");
    }
}
