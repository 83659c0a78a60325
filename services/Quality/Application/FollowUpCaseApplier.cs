using HallPlatform.Contracts.Events.V1;
using HallPlatform.Messaging;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Quality.Application;

/// <summary>
/// Turns the other services' "finished" events into <see cref="FollowUpCase"/>s: a completed visit, an order that
/// reached <c>completed</c>, a trouble ticket <c>resolved</c> or <c>closed</c>, a complaint <c>responded</c> or
/// <c>closed</c>. Every other move is ignored; a case already recorded stays as it is.
/// </summary>
public sealed class FollowUpCaseApplier : IIntegrationEventApplier<QualityDbContext>
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
        if (FinishedCase(envelope) is not { } found
            || await db.FollowUpCases.AnyAsync(c => c.CaseKind == found.CaseKind && c.CaseId == found.CaseId, cancellationToken))
        {
            return;
        }
        db.FollowUpCases.Add(found);
    }

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
                Case(envelope, CaseType.TroubleTicket, ticket.TicketId!, serviceType: null),
            IntegrationEventTypes.ComplaintStatusChanged when envelope.PayloadAs<StateChange>() is { To: "responded" or "closed" } complaint =>
                Case(envelope, CaseType.Complaint, complaint.ComplaintId!, serviceType: null),
            _ => null,
        };
    }

    private static FollowUpCase Case(EventEnvelope envelope, CaseType kind, string caseId, string? serviceType) => new()
    {
        CaseKind = kind,
        CaseId = caseId,
        HallId = envelope.HallId.Length == 0 ? null : envelope.HallId,
        JourneyId = envelope.JourneyId.Length == 0 ? null : envelope.JourneyId,
        ServiceType = serviceType,
        CompletedAt = envelope.OccurredAt.ToDateTimeOffset(),
    };

    private sealed record VisitFinished(string VisitId, string? ServiceType);

    /// <summary>The fields Quality reads from the state-change payloads of Business, Fault and Complaint.</summary>
    private sealed record StateChange(string? OrderId, string? TicketId, string? ComplaintId, string? To, string? ServiceType);
}
