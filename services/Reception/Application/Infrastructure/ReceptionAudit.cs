using HallPlatform.Application;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using HallPlatform.Audit;

namespace HallPlatform.Reception.Application.Infrastructure;

/// <summary>
/// What the audit trail keeps of a visit's state: no personal data (the customer is identified by the entry's
/// customer reference), and whether a reason was given rather than the staff's free text, which may quote the customer.
/// </summary>
public sealed record VisitAuditSnapshot(
    string Status, string ServiceType, string TicketNumber, string PriorityClass, string? CounterId, string? StaffId, int RecallCount,
    bool? ReasonGiven = null, string? Rule = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Warning = null)
{
    public static VisitAuditSnapshot Of(Visit visit, bool? reasonGiven = null) => new(
        visit.Status.ToWire(), visit.ServiceType, visit.TicketNumber, visit.PriorityClass.ToWire(), visit.CounterId, visit.StaffId,
        visit.RecallCount, reasonGiven);
}

/// <summary>
/// Reception's audit trail: the library's <see cref="AuditTrail"/> for the EF paths, and ready-made rows for the
/// group-commit writer, which inserts them in the same statement as the visit change (so the hot path keeps one round
/// trip and an entry exists exactly when its change does); both are described by <see cref="AuditTrail"/>.
/// </summary>
public sealed class ReceptionAudit(AuditTrail trail)
{
    public const string VisitRecord = "visit";
    public const string CounterRecord = "counter";
    public const string ServiceTypeRecord = "service-type";
    public const string AppointmentRecord = "appointment";
    public const string HallRecord = "hall";

    public const string CheckedIn = "visit.checked-in";
    public const string PersonalDataRead = "visit.personal-data-read";
    public const string AppointmentCreated = "appointment.created";
    public const string CounterOpened = "counter.opened";
    public const string CounterClosed = "counter.closed";
    public const string CounterPut = "counter.put";
    public const string HallPut = "hall.put";
    public const string ServiceTypePut = "service-type.put";
    public const string DayClosed = "hall.day-closed";
    public const string Reconciled = "hall.reconciled";

    /// <summary>"visit.{action}" for a counter action or transition, e.g. visit.call-next.</summary>
    public static string VisitAction(string action) => "visit." + action;

    /// <summary>The entry's action for a transition of the visit state machine: visit.recall, visit.no-show, visit.complete...</summary>
    public static string VisitAction(VisitAction action) => VisitAction(action switch
    {
        Domain.VisitAction.Call => "call",
        Domain.VisitAction.Recall => "recall",
        Domain.VisitAction.NoShow => "no-show",
        Domain.VisitAction.Recycle => "recycle",
        Domain.VisitAction.Park => "park",
        Domain.VisitAction.Transfer => "transfer",
        Domain.VisitAction.Start => "start",
        Domain.VisitAction.Complete => "complete",
        Domain.VisitAction.Cancel => "cancel",
        Domain.VisitAction.CloseDay => "closed-at-day-end",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    });

    /// <summary>An entry committed by the next SaveChanges of the scope's context, with the change or not at all.</summary>
    public void Record(string action, string recordType, string recordId, string? customerRef = null, object? before = null, object? after = null,
        string? hallId = null) =>
        trail.Record(action, recordType, recordId, customerRef, before, after, hallId);

    /// <summary>Records and saves at once a read that returned personal data in clear.</summary>
    public Task RecordReadAsync(string action, string recordType, string recordId, string? customerRef, object? returned, string hallId,
        CancellationToken cancellationToken) =>
        trail.RecordReadAsync(action, recordType, recordId, customerRef, returned, cancellationToken, hallId);

    /// <summary>
    /// A row for <see cref="VisitRecordWriter"/>, built here on the request (the writer's loop has no caller or
    /// trace); the writer takes the customer reference and the hall from the visit row it changes.
    /// </summary>
    public AuditEntry ForWriter(string action, string recordId, object? before, object? after) =>
        trail.Describe(action, VisitRecord, recordId, before: before, after: after);
}
