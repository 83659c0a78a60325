using HallPlatform.Application;
using HallPlatform.Quality.Staff.Domain;

namespace HallPlatform.Quality.Staff.Application;

/// <summary>The audit trail's names for the staff module's records.</summary>
public static class StaffAudit
{
    public const string StaffRecordType = "staff-member";
    public const string StaffRegisteredAction = "staff-member.registered";
    public const string StaffUpdatedAction = "staff-member.updated";

    public const string ConductRecordType = "conduct-case";
    public const string ConductRecordedAction = "conduct-case.recorded";
    public const string ConductOpenedFromComplaintAction = "conduct-case.opened-from-complaint";
    public const string ConductStatusChangedAction = "conduct-case.status-changed";
    public const string ConductReadAction = "conduct-case.read";
    public const string ConductListReadAction = "conduct-case.list-read";
}

/// <summary>What the trail keeps of a register entry (no personal data beyond the work name it exists to show).</summary>
public sealed record StaffAuditSnapshot(string StaffId, string DisplayName, IReadOnlyList<string> HallIds, IReadOnlyList<string> Roles, IReadOnlyList<string> Skills)
{
    public static StaffAuditSnapshot Of(StaffMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new(member.StaffId, member.DisplayName, [.. member.HallIds], [.. member.Roles], [.. member.Skills]);
    }
}

/// <summary>What the trail keeps of a conduct case: its facts, never its free text (only whether there is any).</summary>
public sealed record ConductAuditSnapshot(
    string StaffId, string HallId, string Category, string? Disposition, long? ValueFen, bool HasCounterparty, string? ViolationKind,
    string? ComplaintId, string Status, string? Outcome, string? Sanction, bool NoteGiven = false)
{
    public static ConductAuditSnapshot Of(ConductCase conduct)
    {
        ArgumentNullException.ThrowIfNull(conduct);
        return new(conduct.StaffId, conduct.HallId, conduct.Category.ToWire(), conduct.Disposition?.ToWire(), conduct.ValueFen,
            conduct.Counterparty is not null, conduct.ViolationKind?.ToWire(), conduct.ComplaintId, conduct.Status.ToWire(),
            conduct.Outcome?.ToWire(), conduct.Sanction?.ToWire());
    }
}
