using HallPlatform.Application;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Messaging;
using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Application.Queue;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Reception.Application.Cases;

/// <summary>
/// Completes a visit when Business reports its order completed (<c>business.order.stateChanged</c> to
/// <c>completed</c>): the counter does not have to complete the visit by hand once the order is paid and done. Only a
/// visit still at its counter (called or serving) moves; a called one is started and completed in the same step.
/// The change, its queue events, its audit entry (actor: the business service) and <c>reception.visit.completed</c>
/// commit with the event's processed mark, so a replayed event changes nothing.
/// </summary>
public sealed partial class OrderCompletionApplier(ReceptionAudit audit, HallClock clock, ILogger<OrderCompletionApplier> logger)
    : IIntegrationEventApplier<ReceptionDbContext>
{
    public const string Reason = "order completed";

    public IReadOnlyCollection<string> EventTypes { get; } = [IntegrationEventTypes.OrderStateChanged];

    public async Task HandleAsync(EventEnvelope envelope, ReceptionDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(db);
        var change = envelope.PayloadAs<OrderStateChange>();
        if (change.To != "completed" || string.IsNullOrEmpty(change.VisitId))
        {
            return;
        }
        var visit = await db.Visits.FirstOrDefaultAsync(v => v.Id == change.VisitId, cancellationToken);
        if (visit is null)
        {
            LogVisitUnknown(logger, change.OrderId, change.VisitId);
            return;
        }
        if (visit.OrderId is { } orderId && orderId != change.OrderId)
        {
            LogOrderMismatch(logger, change.OrderId, visit.Id, orderId);
            return;
        }
        if (visit.Status is not (VisitStatus.Called or VisitStatus.Serving))
        {
            // Completed by the counter already, or moved on (parked, transferred, closed at day end): left as it is.
            LogVisitNotAtCounter(logger, visit.Id, visit.Status);
            return;
        }

        var now = clock.Now();
        var before = VisitAuditSnapshot.Of(visit);
        visit.AttachOrder(change.OrderId!);
        if (visit.Status == VisitStatus.Called)
        {
            visit.StartService(now);
            db.QueueEvents.Add(QueueEvent.For(visit, QueueEventTypes.ServiceStarted, now, visit.CounterId, reason: Reason));
        }
        visit.Complete(now);
        db.QueueEvents.Add(QueueEvent.For(visit, QueueEventTypes.ServiceCompleted, now, visit.CounterId, reason: Reason));
        audit.Record(ReceptionAudit.VisitAction(VisitAction.Complete), ReceptionAudit.VisitRecord, visit.Id, visit.CustomerPhoneRef,
            before, VisitAuditSnapshot.Of(visit, reasonGiven: true), hallId: visit.HallId);
        var serviceLevel = await HallCatalogue.ServiceLevelSecondsAsync(db, visit.HallId, visit.ServiceType, cancellationToken);
        db.RecordIntegrationEvent(VisitEvents.Ended(visit, visit.JourneyId, serviceLevel, now), now);
        LogVisitCompleted(logger, visit.Id, change.OrderId);
    }

    /// <summary>The fields of Business's state-change payload this applier reads.</summary>
    private sealed record OrderStateChange(string? OrderId, string? VisitId, string? To);

    [LoggerMessage(Level = LogLevel.Information, Message = "Visit {VisitId} completed: its order {OrderId} was completed")]
    private static partial void LogVisitCompleted(ILogger logger, string visitId, string? orderId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} completed for visit {VisitId}, which Reception does not know")]
    private static partial void LogVisitUnknown(ILogger logger, string? orderId, string? visitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} completed for visit {VisitId}, whose order is {VisitOrderId}: the visit is left as it is")]
    private static partial void LogOrderMismatch(ILogger logger, string? orderId, string visitId, string visitOrderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order of visit {VisitId} completed while the visit is {Status}: the visit is left as it is")]
    private static partial void LogVisitNotAtCounter(ILogger logger, string visitId, VisitStatus status);
}
