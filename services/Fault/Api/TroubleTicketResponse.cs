using HallPlatform.Fault.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.ServiceDefaults.Privacy;

namespace HallPlatform.Fault.Api;

/// <summary>A trouble ticket as REST callers see it: the customer's phone is masked.</summary>
public sealed record TroubleTicketResponse(
    string TicketId,
    string Channel,
    string? ExternalId,
    string Name,
    string Description,
    string Severity,
    string TicketType,
    string? HallId,
    string? CustomerPhone,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpectedResolutionDate,
    DateTimeOffset StatusChangeDate,
    string StatusChangeReason,
    IReadOnlyList<TicketStatusChangeResponse> StatusChangeHistory)
{
    public static TroubleTicketResponse From(TroubleTicket ticket) => new(
        ticket.TicketId, ticket.Channel.ToWire(), ticket.ExternalId, ticket.Name, ticket.Description,
        ticket.Severity.ToWire(), ticket.TicketType.ToWire(), ticket.HallId, PersonalDataMask.OptionalPhone(ticket.CustomerPhone),
        ticket.Status.ToWire(), ticket.CreatedAt, ticket.ExpectedResolutionDate, ticket.StatusChangeDate,
        ticket.StatusChangeReason,
        [.. ticket.StatusChangeHistory.Select(h => new TicketStatusChangeResponse(h.From.ToWire(), h.To.ToWire(), h.At, h.Reason))]);
}

public sealed record TicketStatusChangeResponse(string From, string To, DateTimeOffset At, string Reason);

public sealed record ReportFaultRequest(
    string? Channel,
    string? ExternalId,
    string? Name,
    string? Description,
    string? Severity,
    string? TicketType,
    string? HallId,
    string? CustomerPhone);

public sealed record ChangeStatusRequest(string? Status, string? Reason);
