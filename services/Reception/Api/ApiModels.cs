using HallPlatform.Reception.Application;
using HallPlatform.Reception.Application.Board;
using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Queue;
using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Api;

/// <summary>Body of POST /api/v1/visits. Every field is optional here so that a missing one is a field error, not a binding error.</summary>
public sealed record CheckInRequest(
    string? HallId,
    string? CustomerName,
    string? CustomerPhone,
    string? ServiceType,
    string? Channel,
    string? PriorityClass = null,
    string? AppointmentId = null,
    string? IdDocumentType = null,
    string? IdDocumentNumber = null);

public sealed record GuidanceResponse(IReadOnlyList<string> CounterIds, bool SelfService);

/// <summary>
/// A visit as the public API shows it: customer name, phone and ID number masked, except on GET by id for the roles
/// that need them in clear (receptionist, supervisor, administrator of the visit's hall).
/// </summary>
public sealed record VisitResponse(
    string VisitId,
    string HallId,
    string ServiceType,
    string TicketNumber,
    string Status,
    string PriorityClass,
    int? Position,
    int? EstimatedWaitSeconds,
    DateTimeOffset ArrivedAt,
    DateTimeOffset? CalledAt,
    DateTimeOffset? ServingStartedAt,
    DateTimeOffset? CompletedAt,
    int RecallCount,
    string? CounterId,
    string? StaffId,
    string? OrderId,
    string? AppointmentId,
    string? Outcome,
    string Channel,
    GuidanceResponse Guidance,
    string CustomerName,
    string CustomerPhone,
    string? IdDocumentType,
    string? IdDocumentNumber)
{
    public static VisitResponse From(VisitView view) => new(
        view.VisitId, view.HallId, view.ServiceType, view.TicketNumber, view.Status.ToWire(), view.PriorityClass.ToWire(), view.Position,
        view.EstimatedWaitSeconds, view.ArrivedAt, view.CalledAt, view.ServingStartedAt, view.CompletedAt, view.RecallCount, view.CounterId,
        view.StaffId, view.OrderId, view.AppointmentId, view.Outcome, view.Channel.ToWire(),
        new GuidanceResponse(view.Guidance.CounterIds, view.Guidance.SelfService),
        view.Customer?.Name ?? view.MaskedCustomerName, view.Customer?.Phone ?? view.MaskedCustomerPhone,
        view.IdDocumentType, view.Customer is { } customer ? customer.IdDocumentNumber : view.MaskedIdDocumentNumber);
}

/// <summary>What a counter gets on call-next: no customer name or phone.</summary>
public sealed record CallNextResponse(
    string VisitId,
    string TicketNumber,
    string ServiceType,
    string PriorityClass,
    string CounterId,
    DateTimeOffset CalledAt,
    long WaitedSeconds,
    string? OrderId)
{
    public static CallNextResponse From(CalledVisit called) => new(
        called.VisitId, called.TicketNumber, called.ServiceType, called.PriorityClass.ToWire(), called.CounterId, called.CalledAt,
        called.WaitedSeconds, called.OrderId);
}

public sealed record ServiceTypeResponse(string Code, string Name, string Prefix, bool SelfService, int AverageServiceSeconds,
    int ServiceLevelSeconds, IReadOnlyList<string> CounterIds);

public sealed record CounterResponse(string CounterId, string Name, IReadOnlyList<string> ServiceTypes, bool IsOpen, string? StaffId)
{
    public static CounterResponse From(CounterView view) => new(view.CounterId, view.Name, view.ServiceTypes, view.IsOpen, view.StaffId);
}

public sealed record OpenCounterRequest(string? StaffId);

public sealed record CallSpecificRequest(string? VisitId, string? Reason);

/// <summary>Body of the visit actions: the acting counter (required except for transfer) and an optional reason.</summary>
public sealed record VisitActionRequest(string? CounterId, string? Reason);

public sealed record TransferRequest(string? ServiceType, string? Reason, string? CounterId);

public sealed record QueueEventResponse(long Id, string Type, DateTimeOffset At, string? ServiceType, string? TicketNumber, string? CounterId,
    string? StaffId, string? Reason, string? FromServiceType, string? ToServiceType)
{
    public static QueueEventResponse From(QueueEvent e) =>
        new(e.Id, e.Type, e.At, e.ServiceType, e.TicketNumber, e.CounterId, e.StaffId, e.Reason, e.FromServiceType, e.ToServiceType);
}

public sealed record BoardResponse(string HallId, IReadOnlyList<BoardEvent> RecentCalls);

public sealed record WaitTimesResponse(string HallId, IReadOnlyList<WaitTimeView> ServiceTypes);

public sealed record CreateAppointmentRequest(string? HallId, string? ServiceType, string? CustomerName, string? CustomerPhone, DateTimeOffset? StartsAt);

public sealed record ServiceTypeRequest(string? HallId, string? Name, string? Prefix, int? AverageServiceSeconds, bool? SelfService, int? ServiceLevelSeconds);

public sealed record CounterRequest(string? HallId, string? Name, IReadOnlyList<string>? ServiceTypes);
