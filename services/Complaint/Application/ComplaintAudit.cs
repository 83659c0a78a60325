using HallPlatform.Application;
using HallPlatform.Complaint.Domain;
using HallPlatform.Privacy;

namespace HallPlatform.Complaint.Application;

/// <summary>The audit trail's names for complaints.</summary>
public static class ComplaintAudit
{
    public const string RecordType = "complaint";
    public const string RegisteredAction = "complaint.registered";
    public const string StatusChangedAction = "complaint.status-changed";
    public const string PersonalDataReadAction = "complaint.personal-data-read";
    public const string ListReadAction = "complaint.list-read";
}

/// <summary>
/// What the audit trail keeps of a complaint's state: no personal data in clear (the phone masked, no free text).
/// </summary>
public sealed record ComplaintAuditSnapshot(
    string Status, string Channel, string? ExternalId, string Category, string HallId, string CustomerPhone, bool? NoteGiven = null)
{
    public static ComplaintAuditSnapshot Of(CustomerComplaint complaint) => new(
        complaint.Status.ToWire(),
        complaint.Channel.ToWire(),
        complaint.ExternalId,
        complaint.Category.ToWire(),
        complaint.HallId,
        PersonalDataMask.Phone(complaint.CustomerPhone));
}
