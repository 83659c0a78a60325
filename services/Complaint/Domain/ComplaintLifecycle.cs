using System.Collections.Frozen;

namespace HallPlatform.Complaint.Domain;

/// <summary>
/// The ISO 10002 complaint process as an explicit transition table: receive, acknowledge (at once), assess,
/// investigate, respond, close. The customer may withdraw from any non-final state, and a customer who is not
/// satisfied with the response reopens the investigation. Closed and withdrawn are final.
/// </summary>
public static class ComplaintLifecycle
{
    private static readonly FrozenDictionary<ComplaintStatus, ComplaintStatus[]> AllowedNext =
        new Dictionary<ComplaintStatus, ComplaintStatus[]>
        {
            [ComplaintStatus.Received] = [ComplaintStatus.Acknowledged, ComplaintStatus.Withdrawn],
            [ComplaintStatus.Acknowledged] = [ComplaintStatus.Assessed, ComplaintStatus.Withdrawn],
            [ComplaintStatus.Assessed] = [ComplaintStatus.Investigating, ComplaintStatus.Withdrawn],
            [ComplaintStatus.Investigating] = [ComplaintStatus.Responded, ComplaintStatus.Withdrawn],
            [ComplaintStatus.Responded] = [ComplaintStatus.Closed, ComplaintStatus.Investigating, ComplaintStatus.Withdrawn],
            [ComplaintStatus.Closed] = [],
            [ComplaintStatus.Withdrawn] = [],
        }.ToFrozenDictionary();

    public static bool CanMove(ComplaintStatus from, ComplaintStatus to) => AllowedNext[from].Contains(to);

    public static bool IsFinal(ComplaintStatus status) => AllowedNext[status].Length == 0;

    public static IReadOnlyList<ComplaintStatus> NextStatuses(ComplaintStatus from) => AllowedNext[from];
}
