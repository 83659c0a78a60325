using HallPlatform.Application;
using HallPlatform.Messaging;
using HallPlatform.Reception.Application.Catalogue;
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
    /// <c>reception.visit.ended</c> (with the status) for a no-show or a cancellation. <paramref name="endedAt"/> is the
    /// time the event is recorded at (the visit's completion or end); <paramref name="serviceLevelSeconds"/> the service
    /// type's waiting-time target in the catalogue now (<see cref="HallCatalogue.ServiceLevelSecondsAsync"/>). The
    /// times are the ones <see cref="KpiCalculator"/> works from: waiting = firstCalledAt - arrivedAt, service =
    /// endedAt - calledAt for a completed visit.
    /// </summary>
    public static IntegrationEvent Ended(Visit visit, string? journeyId, int serviceLevelSeconds, DateTimeOffset endedAt)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var type = visit.Status == VisitStatus.Completed ? IntegrationEventTypes.VisitCompleted : IntegrationEventTypes.VisitEnded;
        return new(type, visit.Id, visit.HallId, journeyId,
            new VisitEnded(visit.Id, visit.ServiceType, visit.CounterId, visit.Status.ToWire(), visit.OrderId, visit.StaffId,
                visit.Channel.ToWire(), visit.ArrivedAt, visit.FirstCalledAt, visit.CalledAt, endedAt, serviceLevelSeconds));
    }
}

/// <summary>Payload of <c>reception.visit.called</c>.</summary>
public sealed record VisitCalled(string VisitId, string CounterId, string ServiceType);

/// <summary>
/// Payload of <c>reception.visit.completed</c> and <c>reception.visit.ended</c>; <c>ServedBy</c> is the staff id of the
/// counter's agent (so a follow-up is never given to the person who served), null when nobody served. The facts of
/// Quality's statistics: the check-in <c>Channel</c>, the visit's times (UTC; <c>FirstCalledAt</c> and <c>CalledAt</c>
/// null when never called) and the service type's <c>ServiceLevelSeconds</c> when it ended.
/// </summary>
public sealed record VisitEnded(string VisitId, string ServiceType, string? CounterId, string EndState, string? OrderId, string? ServedBy,
    string Channel, DateTimeOffset ArrivedAt, DateTimeOffset? FirstCalledAt, DateTimeOffset? CalledAt, DateTimeOffset EndedAt,
    int ServiceLevelSeconds);
