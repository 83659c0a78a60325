using HallPlatform.Application;
using HallPlatform.Complaint.Domain;
using HallPlatform.Messaging;

namespace HallPlatform.Complaint.Application;

/// <summary>The integration events Complaint records in its outbox (catalogue: docs/events.md).</summary>
public static class ComplaintEvents
{
    public const string StatusChangedType = IntegrationEventTypes.ComplaintStatusChanged;

    /// <summary>
    /// A complaint moved from <paramref name="from"/> to its current status. Codes and ids only: subject, description,
    /// findings and notes stay out. <c>upheld</c> is set once the complaint is responded (and on closure),
    /// <c>satisfied</c> on closure (true satisfied, false unconfirmed; null when merged). The channel and the complaint's
    /// times (UTC, as they stand after the move) are the facts of Quality's statistics.
    /// </summary>
    public static IntegrationEvent StatusChanged(CustomerComplaint complaint, ComplaintStatus from, string? journeyId, string changedBy)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var closed = complaint.Status == ComplaintStatus.Closed;
        return new(StatusChangedType, complaint.ComplaintId, complaint.HallId, journeyId,
            new ComplaintStatusChanged(
                complaint.ComplaintId, from.ToWire(), complaint.Status.ToWire(), complaint.Category.ToWire(), changedBy,
                complaint.RelatedStaffId,
                complaint.Status is ComplaintStatus.Responded or ComplaintStatus.Closed ? complaint.Upheld : null,
                closed ? complaint.Outcome switch
                {
                    ComplaintOutcome.Satisfied => true,
                    ComplaintOutcome.Unconfirmed => false,
                    _ => null,
                } : null,
                closed ? complaint.Outcome?.ToWire() : null,
                complaint.Channel.ToWire(), complaint.ReceivedAt, complaint.ResponseDueAt, complaint.FirstResponseAt, complaint.RespondedAt,
                complaint.ClosedAt));
    }
}

/// <summary>
/// Payload of <c>complaint.statusChanged</c>. <c>ResponseDueAt</c> is the 15-day answer deadline;
/// <c>FirstResponseAt</c> and <c>RespondedAt</c> (the latest response) are null until responded, <c>ClosedAt</c> until closed.
/// </summary>
public sealed record ComplaintStatusChanged(
    string ComplaintId, string From, string To, string Category, string ChangedBy, string? RelatedStaffId, bool? Upheld, bool? Satisfied,
    string? Outcome, string Channel, DateTimeOffset ReceivedAt, DateTimeOffset ResponseDueAt, DateTimeOffset? FirstResponseAt,
    DateTimeOffset? RespondedAt, DateTimeOffset? ClosedAt);
