using HallPlatform.Fault.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.Identity;
using HallPlatform.Privacy;

namespace HallPlatform.Fault.Api;

/// <summary>
/// A trouble ticket as REST callers see it. The customer's phone is in clear only in reads by callers whose work needs
/// it; write answers are always masked (the reporter just sent the data, and the gateway may keep the answer for
/// Idempotency-Key replays).
/// </summary>
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
    /// <summary>Technicians arrange the repair with the customer; partners and other roles see the phone masked.</summary>
    public static readonly IReadOnlyList<string> PersonalDataRoles = [HallRoles.Technician];

    public static TroubleTicketResponse From(TroubleTicket ticket, HallCaller? reader) => new(
        ticket.TicketId, ticket.Channel.ToWire(), ticket.ExternalId, ticket.Name, ticket.Description,
        ticket.Severity.ToWire(), ticket.TicketType.ToWire(), ticket.HallId,
        reader is not null && MaySeePhone(ticket, reader) ? ticket.CustomerPhone : PersonalDataMask.OptionalPhone(ticket.CustomerPhone),
        ticket.Status.ToWire(), ticket.CreatedAt, ticket.ExpectedResolutionDate, ticket.StatusChangeDate,
        ticket.StatusChangeReason,
        [.. ticket.StatusChangeHistory.Select(h => new TicketStatusChangeResponse(h.From.ToWire(), h.To.ToWire(), h.At, h.Reason))]);

    // A ticket reported for no hall (a partner's home-line fault) belongs to whichever hall's technician takes it.
    private static bool MaySeePhone(TroubleTicket ticket, HallCaller caller) =>
        caller.MaySeePersonalData(ticket.HallId ?? (caller.Halls.Count > 0 ? caller.Halls[0] : ""), PersonalDataRoles);
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
