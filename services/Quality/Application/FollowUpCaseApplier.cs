using HallPlatform.Contracts.Events.V1;
using HallPlatform.Messaging;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Domain;
using HallPlatform.Application;
using HallPlatform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HallPlatform.Quality.Application;

/// <summary>
/// Turns the other services' "finished" events into <see cref="FollowUpCase"/>s: a completed visit, an order that
/// reached <c>completed</c>, a trouble ticket <c>resolved</c> or <c>closed</c>, a complaint <c>responded</c> or
/// <c>closed</c>. Every other move is ignored; a case already recorded stays as it is, but for the customer's score
/// a ticket's later <c>closed</c> event adds to it.
/// </summary>
public sealed partial class FollowUpCaseApplier(
    IOptions<FollowUpOptions> options, AuditTrail audit, TimeProvider time, ILogger<FollowUpCaseApplier> logger)
    : IIntegrationEventApplier<QualityDbContext>
{
    public IReadOnlyCollection<string> EventTypes { get; } =
    [
        IntegrationEventTypes.VisitCompleted, IntegrationEventTypes.OrderStateChanged,
        IntegrationEventTypes.TroubleTicketStatusChanged, IntegrationEventTypes.ComplaintStatusChanged,
    ];

    public async Task HandleAsync(EventEnvelope envelope, QualityDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(db);
        if (FinishedCase(envelope) is not { } found)
        {
            return;
        }
        if (await db.FollowUpCases.FirstOrDefaultAsync(c => c.CaseKind == found.CaseKind && c.CaseId == found.CaseId, cancellationToken) is { } known)
        {
            // A ticket resolved earlier and now closed with the customer's score: the case keeps the score.
            if (found.ClosureScore is { } score && known.ClosureScore is null)
            {
                known.ClosureScore = score;
                LogClosureScore(known.CaseKind, known.CaseId, score);
            }
            return;
        }
        db.FollowUpCases.Add(found);
        // The case is new here, so this is the one time it is planned (or not): a replay stops at the check above, and
        // the follow-up's key (case kind + id) refuses a second plan whatever writes it.
        var plan = Plan(found, envelope, options.Value, time.GetStoredUtcNow());
        if (plan is null)
        {
            LogNotSampled(found.CaseKind, found.CaseId);
            return;
        }
        db.FollowUps.Add(plan);
        audit.Record(FollowUpAudit.PlannedAction, FollowUpAudit.RecordType, plan.FollowUpId,
            after: FollowUpAuditSnapshot.Of(plan), hallId: plan.HallId);
        LogPlanned(plan.FollowUpId, plan.CaseKind, plan.CaseId, plan.DueAt);
    }

    /// <summary>
    /// The follow-up of a newly finished case, or null when the case is not sampled (its kind's
    /// <see cref="FollowUpKindOptions.SamplePercent"/>). Due <see cref="FollowUpKindOptions.DelayHours"/> after the case
    /// completed.
    /// </summary>
    public static FollowUp? Plan(FollowUpCase finished, EventEnvelope envelope, FollowUpOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(finished);
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(options);
        var kind = options.For(finished.CaseKind);
        if (!FollowUpSampling.IsSampled(finished.CaseId, kind.SamplePercent))
        {
            return null;
        }
        var served = envelope.PayloadAs<Served>();
        var dueAt = finished.CompletedAt.AddHours(Math.Clamp(kind.DelayHours, 0, 24 * 365));
        return new FollowUp
        {
            FollowUpId = FollowUp.NewId(),
            CaseKind = finished.CaseKind,
            CaseId = finished.CaseId,
            // An order's customer is the visit's: Reception answers for it.
            ContactCaseId = finished.CaseKind == CaseType.Order && served.VisitId is { Length: > 0 } visitId ? visitId : finished.CaseId,
            HallId = finished.HallId,
            JourneyId = finished.JourneyId,
            ServedBy = Truncate(served.ServedBy ?? served.ChangedBy ?? served.CounterId, FollowUp.MaxStaffIdLength),
            PlannedAt = now,
            DueAt = dueAt,
            NextAttemptAt = dueAt,
            Status = FollowUpStatus.Planned,
        };
    }

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    [LoggerMessage(Level = LogLevel.Information, Message = "{CaseKind} {CaseId} closed with the customer's score {Score}")]
    private partial void LogClosureScore(CaseType caseKind, string caseId, int score);

    [LoggerMessage(Level = LogLevel.Information, Message = "Follow-up {FollowUpId} planned for {CaseKind} {CaseId}, due {DueAt}")]
    private partial void LogPlanned(string followUpId, CaseType caseKind, string caseId, DateTimeOffset dueAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{CaseKind} {CaseId} is not sampled for a follow-up")]
    private partial void LogNotSampled(CaseType caseKind, string caseId);

    /// <summary>The case <paramref name="envelope"/> finishes, or null when it finishes none.</summary>
    public static FollowUpCase? FinishedCase(EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return envelope.Type switch
        {
            IntegrationEventTypes.VisitCompleted =>
                Case(envelope, CaseType.Visit, envelope.PayloadAs<VisitFinished>().VisitId, envelope.PayloadAs<VisitFinished>().ServiceType),
            IntegrationEventTypes.OrderStateChanged when envelope.PayloadAs<StateChange>() is { To: "completed" } order =>
                Case(envelope, CaseType.Order, order.OrderId!, order.ServiceType),
            IntegrationEventTypes.TroubleTicketStatusChanged when envelope.PayloadAs<StateChange>() is { To: "resolved" or "closed" } ticket =>
                Case(envelope, CaseType.TroubleTicket, ticket.TicketId!, serviceType: null,
                    ticket is { To: "closed", SatisfactionScore: >= 1 and <= 5 } ? ticket.SatisfactionScore : null),
            IntegrationEventTypes.ComplaintStatusChanged when envelope.PayloadAs<StateChange>() is { To: "responded" or "closed" } complaint =>
                Case(envelope, CaseType.Complaint, complaint.ComplaintId!, serviceType: null),
            _ => null,
        };
    }

    private static FollowUpCase Case(EventEnvelope envelope, CaseType kind, string caseId, string? serviceType, int? closureScore = null) => new()
    {
        CaseKind = kind,
        CaseId = caseId,
        HallId = envelope.HallId.Length == 0 ? null : envelope.HallId,
        JourneyId = envelope.JourneyId.Length == 0 ? null : envelope.JourneyId,
        JourneyTraceParent = envelope.Traceparent.Length is 0 or > JourneyTrace.MaxLength ? null : envelope.Traceparent,
        ServiceType = serviceType,
        ClosureScore = closureScore,
        CompletedAt = envelope.OccurredAt.ToDateTimeOffset(),
    };

    private sealed record VisitFinished(string VisitId, string? ServiceType);

    /// <summary>Who served the case (servedBy, changedBy or the counter, when the event carries them) and an order's visit.</summary>
    private sealed record Served(string? ServedBy, string? ChangedBy, string? CounterId, string? VisitId);

    /// <summary>The fields Quality reads from the state-change payloads of Business, Fault and Complaint.</summary>
    private sealed record StateChange(string? OrderId, string? TicketId, string? ComplaintId, string? To, string? ServiceType, int? SatisfactionScore);
}
