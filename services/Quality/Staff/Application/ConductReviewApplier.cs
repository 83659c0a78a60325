using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Identity;
using HallPlatform.Messaging;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Staff.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Quality.Staff.Application;

/// <summary>
/// Opens a conduct review (a <see cref="ConductCategory.Violation"/> case of kind
/// <see cref="ViolationKind.UpheldComplaint"/>) when Complaint reports a complaint upheld against a staff member:
/// <c>complaint.statusChanged</c> with <c>upheld: true</c> and a <c>relatedStaffId</c>. One review per complaint:
/// later events of the same complaint (and replays) change nothing; the unique index on the complaint id holds it too.
/// The payload carries no free text, so the review's description names the complaint only.
/// </summary>
public sealed partial class ConductReviewApplier(TimeProvider time, ILogger<ConductReviewApplier> logger) : IIntegrationEventApplier<QualityDbContext>
{
    /// <summary>Who the trail names for reviews opened from events: this service, on Complaint's word.</summary>
    public static readonly HallCaller Recorder = new(CallerKind.Service, "quality:complaint-events", [], [HallCaller.AllHalls], [], null);

    public IReadOnlyCollection<string> EventTypes { get; } = [IntegrationEventTypes.ComplaintStatusChanged];

    public async Task HandleAsync(EventEnvelope envelope, QualityDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(db);
        var payload = envelope.PayloadAs<UpheldComplaint>();
        if (payload is not { Upheld: true, ComplaintId: { Length: > 0 and <= ConductCase.MaxComplaintIdLength } complaintId, RelatedStaffId: { } staffId })
        {
            return;
        }
        if (!StaffMember.IsValidId(staffId))
        {
            LogUnusableStaffId(complaintId);
            return;
        }
        if (await db.Set<ConductCase>().AnyAsync(c => c.ComplaintId == complaintId, cancellationToken)
            || db.ChangeTracker.Entries<ConductCase>().Any(e => e.Entity.ComplaintId == complaintId))
        {
            return;
        }
        var hallId = envelope.HallId;
        if (hallId.Length == 0)
        {
            // A complaint outside any hall: the review belongs to the staff member's first hall, when registered.
            hallId = await db.Set<StaffMember>().AsNoTracking().Where(s => s.StaffId == staffId)
                .Select(s => s.HallIds.OrderBy(h => h).FirstOrDefault()).FirstOrDefaultAsync(cancellationToken) ?? "";
        }
        if (hallId.Length == 0)
        {
            LogNoHall(complaintId);
            return;
        }
        var conduct = ConductCase.Record(
            ConductCase.NewId(),
            new ConductRecord(staffId, hallId, ConductCategory.Violation, null, null, null, ViolationKind.UpheldComplaint,
                $"Complaint {complaintId} was upheld about this staff member's conduct: review opened automatically."),
            Recorder.Id,
            time.GetStoredUtcNow(),
            complaintId);
        db.Set<ConductCase>().Add(conduct);
        // Committed with the consumer's position: the review, its audit entry and the event's handling are one.
        new AuditTrail(db, new FixedCaller(Recorder), time).Record(StaffAudit.ConductOpenedFromComplaintAction, StaffAudit.ConductRecordType,
            conduct.CaseId, after: ConductAuditSnapshot.Of(conduct), hallId: conduct.HallId);
        LogOpened(conduct.CaseId, complaintId);
    }

    private sealed record UpheldComplaint(string? ComplaintId, string? RelatedStaffId, bool? Upheld);

    private sealed class FixedCaller(HallCaller caller) : IHallCallerAccessor
    {
        public HallCaller Current => caller;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conduct review {CaseId} opened from upheld complaint {ComplaintId}")]
    private partial void LogOpened(string caseId, string complaintId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upheld complaint {ComplaintId} names a staff id of an unknown shape: no conduct review opened")]
    private partial void LogUnusableStaffId(string complaintId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upheld complaint {ComplaintId} has no hall and its staff member is not registered: no conduct review opened")]
    private partial void LogNoHall(string complaintId);
}
