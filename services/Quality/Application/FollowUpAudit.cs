using HallPlatform.Application;
using HallPlatform.Quality.Domain;

namespace HallPlatform.Quality.Application;

/// <summary>The audit trail's names for follow-ups.</summary>
public static class FollowUpAudit
{
    public const string RecordType = "follow-up";
    public const string PlannedAction = "follow-up.planned";
    public const string ContactFetchedAction = "follow-up.contact-fetched";
    public const string SkippedAction = "follow-up.skipped";
    public const string InvitedAction = "follow-up.invited";
    public const string InvitationAnsweredAction = "follow-up.invitation-answered";
}

/// <summary>What the audit trail keeps of a follow-up: ids, times and state; never the contact.</summary>
public sealed record FollowUpAuditSnapshot(
    string CaseKind, string CaseId, string? HallId, string? ServedBy, DateTimeOffset DueAt, string Status, string? SkipReason, bool HasContact)
{
    public static FollowUpAuditSnapshot Of(FollowUp followUp) => new(
        followUp.CaseKind.ToWire(), followUp.CaseId, followUp.HallId, followUp.ServedBy, followUp.DueAt, followUp.Status.ToWire(),
        followUp.SkipReason?.ToWire(), followUp.CustomerPhone is not null);
}
