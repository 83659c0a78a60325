using HallPlatform.Contracts.Events.V1;
using HallPlatform.Messaging;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Quality.Application;

/// <summary>
/// Keeps <see cref="CaseFact"/>s, the statistics' read model, from the other services' events: visits that ended,
/// orders completed, trouble tickets from registration to closure, complaints from their first move to closure.
/// Each event overwrites what it carries about its case (an event older than the last one applied changes nothing),
/// so a replay cannot count a case twice. Times come from the payload (the producer's clock), not from delivery.
/// </summary>
public sealed partial class CaseFactApplier(ILogger<CaseFactApplier> logger) : IIntegrationEventApplier<QualityDbContext>
{
    public IReadOnlyCollection<string> EventTypes { get; } =
    [
        IntegrationEventTypes.VisitCompleted, IntegrationEventTypes.VisitEnded, IntegrationEventTypes.OrderStateChanged,
        IntegrationEventTypes.TroubleTicketCreated, IntegrationEventTypes.TroubleTicketStatusChanged, IntegrationEventTypes.ComplaintStatusChanged,
    ];

    public async Task HandleAsync(EventEnvelope envelope, QualityDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(db);
        if (Subject(envelope) is not { } subject)
        {
            return;
        }
        var (kind, caseId) = subject;
        var occurredAt = envelope.OccurredAt.ToDateTimeOffset();
        var fact = db.CaseFacts.Local.FirstOrDefault(f => f.CaseKind == kind && f.CaseId == caseId)
            ?? await db.CaseFacts.FirstOrDefaultAsync(f => f.CaseKind == kind && f.CaseId == caseId, cancellationToken);
        if (fact is null)
        {
            fact = new CaseFact { CaseKind = kind, CaseId = caseId };
            db.CaseFacts.Add(fact);
        }
        else if (occurredAt < fact.LastEventAt)
        {
            LogOlderEvent(envelope.Type, caseId);
            return;
        }
        fact.LastEventAt = occurredAt;
        fact.HallId = envelope.HallId.Length == 0 ? fact.HallId : Shorten(envelope.HallId);
        Apply(envelope, fact, occurredAt);
    }

    /// <summary>The case an event is about, or null for an event that feeds no statistic (an order's other moves).</summary>
    private static (CaseType Kind, string CaseId)? Subject(EventEnvelope envelope)
    {
        var id = envelope.SubjectId;
        if (id.Length is 0 or > FollowUpCase.MaxIdLength)
        {
            return null;
        }
        return envelope.Type switch
        {
            IntegrationEventTypes.VisitCompleted or IntegrationEventTypes.VisitEnded => (CaseType.Visit, id),
            IntegrationEventTypes.OrderStateChanged when envelope.PayloadAs<OrderChange>().To == "completed" => (CaseType.Order, id),
            IntegrationEventTypes.TroubleTicketCreated or IntegrationEventTypes.TroubleTicketStatusChanged => (CaseType.TroubleTicket, id),
            IntegrationEventTypes.ComplaintStatusChanged => (CaseType.Complaint, id),
            _ => null,
        };
    }

    /// <summary>What one event says of its case. Public for the formula tests, which feed it known events.</summary>
    public static void Apply(EventEnvelope envelope, CaseFact fact, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(fact);
        switch (envelope.Type)
        {
            case IntegrationEventTypes.VisitCompleted or IntegrationEventTypes.VisitEnded:
                ApplyVisit(envelope.PayloadAs<VisitEnd>(), fact, occurredAt);
                break;
            case IntegrationEventTypes.OrderStateChanged:
                var order = envelope.PayloadAs<OrderChange>();
                fact.Status = "completed";
                fact.ServiceType = Shorten(order.ServiceType);
                fact.StaffId = Shorten(order.ChangedBy);
                fact.FinishedAt = occurredAt;
                break;
            case IntegrationEventTypes.TroubleTicketCreated:
                var created = envelope.PayloadAs<TicketChange>();
                ApplyTicket(created with { To = created.Status }, fact, occurredAt);
                break;
            case IntegrationEventTypes.TroubleTicketStatusChanged:
                ApplyTicket(envelope.PayloadAs<TicketChange>(), fact, occurredAt);
                break;
            case IntegrationEventTypes.ComplaintStatusChanged:
                ApplyComplaint(envelope.PayloadAs<ComplaintChange>(), fact);
                break;
        }
    }

    private static void ApplyVisit(VisitEnd visit, CaseFact fact, DateTimeOffset occurredAt)
    {
        var endedAt = visit.EndedAt ?? occurredAt;
        fact.Status = Shorten(visit.EndState) ?? "";
        fact.EndState = fact.Status;
        fact.ServiceType = Shorten(visit.ServiceType);
        fact.StaffId = Shorten(visit.ServedBy);
        fact.Channel = Shorten(visit.Channel);
        fact.OpenedAt = visit.ArrivedAt;
        fact.FinishedAt = endedAt;
        fact.ServiceLevelSeconds = visit.ServiceLevelSeconds;
        // The same definitions as Reception's queue KPIs: waiting = first call − arrival; service = end − latest call.
        fact.WaitSeconds = visit is { FirstCalledAt: { } firstCalled, ArrivedAt: { } arrived } ? Seconds(firstCalled - arrived) : null;
        fact.ServiceSeconds = visit is { EndState: "completed", CalledAt: { } called } ? Seconds(endedAt - called) : null;
    }

    private static void ApplyTicket(TicketChange ticket, CaseFact fact, DateTimeOffset occurredAt)
    {
        fact.Status = Shorten(ticket.To) ?? "";
        fact.Channel = Shorten(ticket.Channel);
        fact.OpenedAt = ticket.ReportedAt ?? fact.OpenedAt;
        fact.DueAt = ticket.SlaDueAt ?? fact.DueAt;
        switch (ticket.To)
        {
            case "resolved":
                fact.FinishedAt = occurredAt;
                fact.StaffId = Shorten(ticket.ChangedBy);
                fact.RepairSeconds = fact.OpenedAt is { } reported
                    ? Math.Max(0, Seconds(occurredAt - reported) - Math.Max(0, ticket.SlaPausedSeconds ?? 0))
                    : null;
                fact.MetTarget = ticket.SlaBreached is { } breached ? !breached : null;
                break;
            case "closed":
                // Closure confirms (or auto-confirms) the resolution: the repair was measured when it was resolved.
                break;
            default:
                // Open again (a reopen), or ended without a repair (cancelled, rejected): no repair to count.
                fact.FinishedAt = null;
                fact.RepairSeconds = null;
                fact.MetTarget = null;
                break;
        }
    }

    private static void ApplyComplaint(ComplaintChange complaint, CaseFact fact)
    {
        fact.Status = Shorten(complaint.To) ?? "";
        fact.Channel = Shorten(complaint.Channel) ?? fact.Channel;
        fact.OpenedAt = complaint.ReceivedAt ?? fact.OpenedAt;
        fact.DueAt = complaint.ResponseDueAt ?? fact.DueAt;
        fact.FirstResponseAt = complaint.FirstResponseAt ?? fact.FirstResponseAt;
        fact.MetTarget = fact is { FirstResponseAt: { } first, DueAt: { } due } ? first <= due : null;
        if (complaint.To == "responded" && fact.StaffId is null)
        {
            fact.StaffId = Shorten(complaint.ChangedBy);
        }
        var closed = complaint.To == "closed";
        fact.FinishedAt = closed ? complaint.ClosedAt : null;
        fact.EndState = closed ? Shorten(complaint.Outcome) : null;
    }

    private static double Seconds(TimeSpan span) => Math.Max(0, Math.Round(span.TotalSeconds, 3));

    private static string? Shorten(string? code) => code is null || code.Length <= CaseFact.MaxCodeLength ? code : code[..CaseFact.MaxCodeLength];

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Type} for {CaseId} is older than the last event applied to the case; ignored")]
    private partial void LogOlderEvent(string type, string caseId);

    /// <summary>The fields of <c>reception.visit.completed</c> / <c>.ended</c> the statistics read.</summary>
    private sealed record VisitEnd(
        string? ServiceType, string? EndState, string? ServedBy, string? Channel, DateTimeOffset? ArrivedAt, DateTimeOffset? FirstCalledAt,
        DateTimeOffset? CalledAt, DateTimeOffset? EndedAt, int? ServiceLevelSeconds);

    private sealed record OrderChange(string? To, string? ServiceType, string? ChangedBy);

    /// <summary>The fields of <c>fault.troubleTicket.created</c> (Status) and <c>.statusChanged</c> (To) the statistics read.</summary>
    private sealed record TicketChange(
        string? Status, string? To, string? Channel, string? ChangedBy, DateTimeOffset? ReportedAt, DateTimeOffset? SlaDueAt,
        double? SlaPausedSeconds, bool? SlaBreached);

    private sealed record ComplaintChange(
        string? To, string? Channel, string? ChangedBy, string? Outcome, DateTimeOffset? ReceivedAt, DateTimeOffset? ResponseDueAt,
        DateTimeOffset? FirstResponseAt, DateTimeOffset? ClosedAt);
}
