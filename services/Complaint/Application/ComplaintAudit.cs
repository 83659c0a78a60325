using HallPlatform.Application;
using HallPlatform.Complaint.Domain;
using HallPlatform.Privacy;

namespace HallPlatform.Complaint.Application;

/// <summary>The audit trail's names for complaints.</summary>
public static class ComplaintAudit
{
    public const string RecordType = "complaint";
    public const string DepartmentRecordType = "complaint-department";
    public const string RootCauseRecordType = "complaint-root-cause";
    public const string RegisteredAction = "complaint.registered";
    public const string StatusChangedAction = "complaint.status-changed";
    public const string AssessedAction = "complaint.assessed";
    public const string AssignedAction = "complaint.assigned";
    public const string RespondedAction = "complaint.responded";
    public const string ConfirmationAction = "complaint.confirmation-recorded";
    public const string EscalatedAction = "complaint.escalated";
    public const string LinkedAction = "complaint.linked";
    public const string MergedAction = "complaint.merged";
    public const string ClockWarningAction = "complaint.clock-warning";
    public const string ClockBreachAction = "complaint.clock-breached";
    public const string UnconfirmedClosedAction = "complaint.closed-unconfirmed";
    public const string DepartmentSavedAction = "complaint-department.saved";
    public const string RootCauseSavedAction = "complaint-root-cause.saved";
    public const string SummaryReadAction = "complaint.summary-read";
    public const string PersonalDataReadAction = "complaint.personal-data-read";
    public const string ListReadAction = "complaint.list-read";
}

/// <summary>
/// What the audit trail keeps of a complaint's state: no personal data in clear (the phone masked, no free text).
/// </summary>
public sealed record ComplaintAuditSnapshot(
    string Status, string Channel, string? ExternalId, string Category, string HallId, string CustomerPhone, bool? NoteGiven = null,
    string? Severity = null, string? DepartmentId = null, string? HandlerId = null, string? RootCauseCode = null, bool? Upheld = null,
    long? RefundFen = null, string? Outcome = null, string? MasterComplaintId = null)
{
    public static ComplaintAuditSnapshot Of(CustomerComplaint complaint) => new(
        complaint.Status.ToWire(),
        complaint.Channel.ToWire(),
        complaint.ExternalId,
        complaint.Category.ToWire(),
        complaint.HallId,
        PersonalDataMask.Phone(complaint.CustomerPhone),
        null,
        complaint.Severity?.ToWire(),
        complaint.DepartmentId,
        complaint.HandlerId,
        complaint.RootCauseCode,
        complaint.Upheld,
        complaint.RefundFen,
        complaint.Outcome?.ToWire(),
        complaint.MasterComplaintId);
}
