using System.Collections.Frozen;

namespace HallPlatform.Complaint.Domain;

/// <summary>
/// The ISO 10002 complaint process as an explicit transition table: receive, acknowledge (at once), assess (register:
/// category, severity, department), assign to a department and handler, investigate, respond, then the customer's
/// confirmation: satisfied closes, not satisfied reopens or escalates to a supervisor, no answer closes as
/// unconfirmed. A breached clock escalates. A duplicate is closed as merged from any open state after receipt. The
/// customer may withdraw from any open state. Closed and withdrawn are final. Reassignment keeps the status (it is
/// not a move; it is in the assignment history).
/// </summary>
public static class ComplaintLifecycle
{
    private static readonly FrozenDictionary<ComplaintStatus, ComplaintStatus[]> AllowedNext =
        new Dictionary<ComplaintStatus, ComplaintStatus[]>
        {
            [ComplaintStatus.Received] = [ComplaintStatus.Acknowledged, ComplaintStatus.Withdrawn],
            [ComplaintStatus.Acknowledged] = [ComplaintStatus.Assessed, ComplaintStatus.Escalated, ComplaintStatus.Closed, ComplaintStatus.Withdrawn],
            [ComplaintStatus.Assessed] = [ComplaintStatus.Assigned, ComplaintStatus.Escalated, ComplaintStatus.Closed, ComplaintStatus.Withdrawn],
            [ComplaintStatus.Assigned] = [ComplaintStatus.Investigating, ComplaintStatus.Responded, ComplaintStatus.Escalated, ComplaintStatus.Closed, ComplaintStatus.Withdrawn],
            [ComplaintStatus.Investigating] = [ComplaintStatus.Responded, ComplaintStatus.Escalated, ComplaintStatus.Closed, ComplaintStatus.Withdrawn],
            [ComplaintStatus.Responded] = [ComplaintStatus.Closed, ComplaintStatus.Reopened, ComplaintStatus.Escalated, ComplaintStatus.Withdrawn],
            [ComplaintStatus.Escalated] = [ComplaintStatus.Assigned, ComplaintStatus.Investigating, ComplaintStatus.Responded, ComplaintStatus.Closed, ComplaintStatus.Withdrawn],
            [ComplaintStatus.Reopened] = [ComplaintStatus.Assigned, ComplaintStatus.Investigating, ComplaintStatus.Responded, ComplaintStatus.Escalated, ComplaintStatus.Closed, ComplaintStatus.Withdrawn],
            [ComplaintStatus.Closed] = [],
            [ComplaintStatus.Withdrawn] = [],
        }.ToFrozenDictionary();

    /// <summary>Which outcomes a close may carry from which status: the customer's answer only after a response.</summary>
    private static readonly FrozenDictionary<ComplaintStatus, ComplaintOutcome[]> ClosingOutcomes =
        new Dictionary<ComplaintStatus, ComplaintOutcome[]>
        {
            [ComplaintStatus.Acknowledged] = [ComplaintOutcome.Merged],
            [ComplaintStatus.Assessed] = [ComplaintOutcome.Merged],
            [ComplaintStatus.Assigned] = [ComplaintOutcome.Merged],
            [ComplaintStatus.Investigating] = [ComplaintOutcome.Merged],
            [ComplaintStatus.Responded] = [ComplaintOutcome.Satisfied, ComplaintOutcome.Unconfirmed],
            [ComplaintStatus.Escalated] = [ComplaintOutcome.Merged],
            [ComplaintStatus.Reopened] = [ComplaintOutcome.Merged],
        }.ToFrozenDictionary();

    public static bool CanMove(ComplaintStatus from, ComplaintStatus to) => AllowedNext[from].Contains(to);

    public static bool CanClose(ComplaintStatus from, ComplaintOutcome outcome) =>
        ClosingOutcomes.TryGetValue(from, out var outcomes) && outcomes.Contains(outcome);

    public static bool IsFinal(ComplaintStatus status) => AllowedNext[status].Length == 0;

    public static IReadOnlyList<ComplaintStatus> NextStatuses(ComplaintStatus from) => AllowedNext[from];
}
