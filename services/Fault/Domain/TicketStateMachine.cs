namespace HallPlatform.Fault.Domain;

/// <summary>
/// TMF621 trouble ticket lifecycle (TMF621 v4 state model), with Submitted as the registration step
/// (docs/fault.md, "States"). Every move is made by one of the <see cref="TicketSteps"/>; anything not listed is refused.
/// <code>
/// from          allowed next states
/// submitted     acknowledged, rejected                    (registration only)
/// acknowledged  rejected, inProgress, held, pending, cancelled
/// inProgress    held, pending, resolved, cancelled
/// held          inProgress, cancelled
/// pending       inProgress, cancelled
/// resolved      inProgress (reopen), closed (confirmed or auto-closed)
/// closed, cancelled, rejected: final
/// </code>
/// </summary>
public static class TicketStateMachine
{
    private static readonly Dictionary<TicketStatus, TicketStatus[]> Transitions = new()
    {
        [TicketStatus.Submitted] = [TicketStatus.Acknowledged, TicketStatus.Rejected],
        [TicketStatus.Acknowledged] = [TicketStatus.Rejected, TicketStatus.InProgress, TicketStatus.Held, TicketStatus.Pending, TicketStatus.Cancelled],
        [TicketStatus.InProgress] = [TicketStatus.Held, TicketStatus.Pending, TicketStatus.Resolved, TicketStatus.Cancelled],
        [TicketStatus.Held] = [TicketStatus.InProgress, TicketStatus.Cancelled],
        [TicketStatus.Pending] = [TicketStatus.InProgress, TicketStatus.Cancelled],
        [TicketStatus.Resolved] = [TicketStatus.InProgress, TicketStatus.Closed],
        [TicketStatus.Closed] = [],
        [TicketStatus.Cancelled] = [],
        [TicketStatus.Rejected] = [],
    };

    public static IReadOnlyList<TicketStatus> AllowedFrom(TicketStatus from) => Transitions[from];

    public static bool CanMove(TicketStatus from, TicketStatus to) => Transitions[from].Contains(to);

    public static bool IsFinal(TicketStatus status) => Transitions[status].Length == 0;

    /// <summary>The statuses whose SLA clock runs (pending is paused; resolved and the final ones have stopped it).</summary>
    public static bool ClockRuns(TicketStatus status) =>
        status is TicketStatus.Acknowledged or TicketStatus.InProgress or TicketStatus.Held;

    /// <summary>Open: not resolved and not final.</summary>
    public static bool IsOpen(TicketStatus status) =>
        status is TicketStatus.Acknowledged or TicketStatus.InProgress or TicketStatus.Held or TicketStatus.Pending;
}

/// <summary>The named steps a ticket is worked through; each is one route (docs/fault.md, "Steps").</summary>
public enum TicketStep
{
    Reject,
    Start,
    Hold,
    Resume,
    RequestInformation,
    InformationReceived,
    Resolve,
    Cancel,
    Reopen,
    Confirm,
    AutoClose,
}

/// <summary>Which statuses each step starts from and where it leads.</summary>
public static class TicketSteps
{
    private static readonly Dictionary<TicketStep, (TicketStatus[] From, TicketStatus To)> Table = new()
    {
        [TicketStep.Reject] = ([TicketStatus.Acknowledged], TicketStatus.Rejected),
        [TicketStep.Start] = ([TicketStatus.Acknowledged], TicketStatus.InProgress),
        [TicketStep.Hold] = ([TicketStatus.Acknowledged, TicketStatus.InProgress], TicketStatus.Held),
        [TicketStep.Resume] = ([TicketStatus.Held], TicketStatus.InProgress),
        [TicketStep.RequestInformation] = ([TicketStatus.Acknowledged, TicketStatus.InProgress], TicketStatus.Pending),
        [TicketStep.InformationReceived] = ([TicketStatus.Pending], TicketStatus.InProgress),
        [TicketStep.Resolve] = ([TicketStatus.InProgress], TicketStatus.Resolved),
        [TicketStep.Cancel] = ([TicketStatus.Acknowledged, TicketStatus.InProgress, TicketStatus.Held, TicketStatus.Pending], TicketStatus.Cancelled),
        [TicketStep.Reopen] = ([TicketStatus.Resolved], TicketStatus.InProgress),
        [TicketStep.Confirm] = ([TicketStatus.Resolved], TicketStatus.Closed),
        [TicketStep.AutoClose] = ([TicketStatus.Resolved], TicketStatus.Closed),
    };

    public static TicketStatus Target(TicketStep step) => Table[step].To;

    public static IReadOnlyList<TicketStatus> From(TicketStep step) => Table[step].From;

    public static bool CanTake(TicketStep step, TicketStatus from) => Table[step].From.Contains(from);

    /// <summary>Whether the step needs a reason (a refusal, a wait, a cancellation or a reopen must say why).</summary>
    public static bool NeedsReason(TicketStep step) =>
        step is TicketStep.Reject or TicketStep.Hold or TicketStep.RequestInformation or TicketStep.Cancel or TicketStep.Reopen or TicketStep.Resolve;

    /// <summary>
    /// The step a plain "move to <paramref name="target"/>" stands for from <paramref name="from"/> (the status route),
    /// or null when there is none. Closing is never a plain move: it needs the customer's score (Confirm).
    /// </summary>
    public static TicketStep? ForMove(TicketStatus from, TicketStatus target) =>
        Table.Where(entry => entry.Key is not (TicketStep.Confirm or TicketStep.AutoClose)
                && entry.Value.To == target && entry.Value.From.Contains(from))
            .Select(entry => (TicketStep?)entry.Key)
            .FirstOrDefault();
}
