using HallPlatform.Application;
using HallPlatform.Messaging;
using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Application.Queue;

/// <summary>The integration events Reception records in its outbox (catalogue: docs/events.md). Ids and codes only.</summary>
public static class VisitEvents
{
    /// <summary>A counter called the visit (call-next or out of order). <paramref name="journeyId"/>: null until visits carry one.</summary>
    public static IntegrationEvent Called(string visitId, string hallId, string counterId, string serviceType, string? journeyId) =>
        new(IntegrationEventTypes.VisitCalled, visitId, hallId, journeyId, new VisitCalled(visitId, counterId, serviceType));

    /// <summary>
    /// The visit reached a final status: <c>reception.visit.completed</c> when it was served to the end,
    /// <c>reception.visit.ended</c> (with the status) for a no-show or a cancellation.
    /// </summary>
    public static IntegrationEvent Ended(Visit visit, string? journeyId)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var type = visit.Status == VisitStatus.Completed ? IntegrationEventTypes.VisitCompleted : IntegrationEventTypes.VisitEnded;
        return new(type, visit.Id, visit.HallId, journeyId,
            new VisitEnded(visit.Id, visit.ServiceType, visit.CounterId, visit.Status.ToWire(), visit.OrderId, visit.StaffId));
    }
}

/// <summary>Payload of <c>reception.visit.called</c>.</summary>
public sealed record VisitCalled(string VisitId, string CounterId, string ServiceType);

/// <summary>
/// Payload of <c>reception.visit.completed</c> and <c>reception.visit.ended</c>; <c>ServedBy</c> is the staff id of the
/// counter's agent (so a follow-up is never given to the person who served), null when nobody served.
/// </summary>
public sealed record VisitEnded(string VisitId, string ServiceType, string? CounterId, string EndState, string? OrderId, string? ServedBy);
