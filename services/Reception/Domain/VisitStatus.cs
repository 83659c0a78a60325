namespace HallPlatform.Reception.Domain;

/// <summary>Status of a visit (TMF683 party interaction) in the hall. The next issue adds serving, done, noShow...</summary>
public enum VisitStatus
{
    Waiting,
    Called,
    /// <summary>The ticket was taken back because the visit could not be recorded (check-in compensation).</summary>
    Cancelled,
}

/// <summary>The only place that decides which visit status changes are allowed.</summary>
public static class VisitStatusMachine
{
    private static readonly Dictionary<VisitStatus, VisitStatus[]> AllowedTransitions = new()
    {
        [VisitStatus.Waiting] = [VisitStatus.Called, VisitStatus.Cancelled],
        [VisitStatus.Called] = [],
        [VisitStatus.Cancelled] = [],
    };

    public static IReadOnlyCollection<VisitStatus> AllowedFrom(VisitStatus from) => AllowedTransitions[from];

    public static bool CanTransition(VisitStatus from, VisitStatus to) => AllowedTransitions[from].Contains(to);

    /// <summary>Throws <see cref="ForbiddenTransitionException"/> naming both states when the change is not allowed.</summary>
    public static VisitStatus Transition(VisitStatus from, VisitStatus to) =>
        CanTransition(from, to) ? to : throw new ForbiddenTransitionException(from, to);

    public static string ToWire(this VisitStatus status) => status switch
    {
        VisitStatus.Waiting => "waiting",
        VisitStatus.Called => "called",
        VisitStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static VisitStatus FromWire(string status) => status switch
    {
        "waiting" => VisitStatus.Waiting,
        "called" => VisitStatus.Called,
        "cancelled" => VisitStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown visit status."),
    };
}

public sealed class ForbiddenTransitionException(VisitStatus from, VisitStatus to)
    : InvalidOperationException($"A visit that is {from.ToWire()} cannot become {to.ToWire()}.")
{
    public VisitStatus From { get; } = from;
    public VisitStatus To { get; } = to;
}
