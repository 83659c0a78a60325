using HallPlatform.Application;
using HallPlatform.Complaint.Domain;
using HallPlatform.Messaging;

namespace HallPlatform.Complaint.Application;

/// <summary>The integration events Complaint records in its outbox (catalogue: docs/events.md).</summary>
public static class ComplaintEvents
{
    public const string StatusChangedType = IntegrationEventTypes.ComplaintStatusChanged;

    /// <summary>
    /// A complaint moved from <paramref name="from"/> to its current status. Codes only: subject, description and
    /// notes stay out. <paramref name="journeyId"/> is null until complaints carry the customer's journey id.
    /// </summary>
    public static IntegrationEvent StatusChanged(CustomerComplaint complaint, ComplaintStatus from, string? journeyId)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return new(StatusChangedType, complaint.ComplaintId, complaint.HallId, journeyId,
            new ComplaintStatusChanged(complaint.ComplaintId, from.ToWire(), complaint.Status.ToWire(), complaint.Category.ToWire()));
    }
}

/// <summary>Payload of <c>complaint.statusChanged</c>.</summary>
public sealed record ComplaintStatusChanged(string ComplaintId, string From, string To, string Category);
