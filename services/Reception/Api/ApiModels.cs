using HallPlatform.Reception.Application;
using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Api;

/// <summary>Body of POST /api/v1/visits. Every field is optional here so that a missing one is a field error, not a binding error.</summary>
public sealed record CheckInRequest(string? HallId, string? CustomerName, string? CustomerPhone, string? ServiceType, string? Channel);

public sealed record GuidanceResponse(IReadOnlyList<string> CounterIds, bool SelfService);

/// <summary>A visit as the public API shows it: customer name and phone masked.</summary>
public sealed record VisitResponse(
    string VisitId,
    string HallId,
    string ServiceType,
    string TicketNumber,
    string Status,
    int? Position,
    int? EstimatedWaitSeconds,
    DateTimeOffset ArrivedAt,
    DateTimeOffset? CalledAt,
    string? CounterId,
    string? OrderId,
    string Channel,
    GuidanceResponse Guidance,
    string CustomerName,
    string CustomerPhone)
{
    public static VisitResponse From(VisitView view) => new(
        view.VisitId, view.HallId, view.ServiceType, view.TicketNumber, view.Status.ToWire(), view.Position,
        view.EstimatedWaitSeconds, view.ArrivedAt, view.CalledAt, view.CounterId, view.OrderId, view.Channel.ToWire(),
        new GuidanceResponse(view.Guidance.CounterIds, view.Guidance.SelfService), view.MaskedCustomerName, view.MaskedCustomerPhone);
}

/// <summary>What a counter gets on call-next: no customer name or phone.</summary>
public sealed record CallNextResponse(
    string VisitId,
    string TicketNumber,
    string ServiceType,
    string CounterId,
    DateTimeOffset CalledAt,
    long WaitedSeconds,
    string? OrderId)
{
    public static CallNextResponse From(CalledVisit called) => new(
        called.VisitId, called.TicketNumber, called.ServiceType, called.CounterId, called.CalledAt, called.WaitedSeconds, called.OrderId);
}

public sealed record ServiceTypeResponse(string Code, string Name, string Prefix, bool SelfService, int AverageServiceSeconds, IReadOnlyList<string> CounterIds);

public sealed record CounterResponse(string CounterId, string Name, IReadOnlyList<string> ServiceTypes, bool IsOpen);

