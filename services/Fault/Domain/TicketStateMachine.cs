namespace HallPlatform.Fault.Domain;

/// <summary>
/// TMF621 trouble ticket lifecycle, following the TM Forum reference implementation's state model with Submitted
/// as the registration step (docs/domain.md, "Trouble tickets"). Anything not listed is refused.
/// <code>
/// from          allowed next states
/// submitted     acknowledged, rejected          (registration only)
/// acknowledged  inProgress, held, pending, cancelled
/// inProgress    held, pending, resolved, cancelled
/// held          inProgress, resolved, pending
/// pending       inProgress, held, cancelled, resolved
/// resolved      inProgress (reopen), closed (customer confirmed), held, pending
/// closed, cancelled, rejected: final
/// </code>
/// </summary>
public static class TicketStateMachine
{
    private static readonly Dictionary<TicketStatus, TicketStatus[]> Transitions = new()
    {
        [TicketStatus.Submitted] = [TicketStatus.Acknowledged, TicketStatus.Rejected],
        [TicketStatus.Acknowledged] = [TicketStatus.InProgress, TicketStatus.Held, TicketStatus.Pending, TicketStatus.Cancelled],
        [TicketStatus.InProgress] = [TicketStatus.Held, TicketStatus.Pending, TicketStatus.Resolved, TicketStatus.Cancelled],
        [TicketStatus.Held] = [TicketStatus.InProgress, TicketStatus.Resolved, TicketStatus.Pending],
        [TicketStatus.Pending] = [TicketStatus.InProgress, TicketStatus.Held, TicketStatus.Cancelled, TicketStatus.Resolved],
        [TicketStatus.Resolved] = [TicketStatus.InProgress, TicketStatus.Closed, TicketStatus.Held, TicketStatus.Pending],
        [TicketStatus.Closed] = [],
        [TicketStatus.Cancelled] = [],
        [TicketStatus.Rejected] = [],
    };

    public static IReadOnlyList<TicketStatus> AllowedFrom(TicketStatus from) => Transitions[from];

    public static bool CanMove(TicketStatus from, TicketStatus to) => Transitions[from].Contains(to);

    public static bool IsFinal(TicketStatus status) => Transitions[status].Length == 0;
}
