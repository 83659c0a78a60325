using HallPlatform.Reception.Domain;
using HallPlatform.ServiceDefaults.Privacy;

namespace HallPlatform.Reception.Application;

/// <summary>Where a customer can be served: the open counters for the type, or a kiosk when it is self-service.</summary>
public sealed record Guidance(IReadOnlyList<string> CounterIds, bool SelfService);

/// <summary>
/// A visit as callers see it. Personal data appears only masked; position and estimate only while waiting.
/// </summary>
public sealed record VisitView(
    string VisitId,
    string HallId,
    string ServiceType,
    string TicketNumber,
    VisitStatus Status,
    int? Position,
    int? EstimatedWaitSeconds,
    DateTimeOffset ArrivedAt,
    DateTimeOffset? CalledAt,
    string? CounterId,
    string? OrderId,
    VisitChannel Channel,
    Guidance Guidance,
    string MaskedCustomerName,
    string MaskedCustomerPhone)
{
    public static VisitView From(Visit visit, int? position, int? estimatedWaitSeconds, Guidance guidance) => new(
        visit.Id, visit.HallId, visit.ServiceType, visit.TicketNumber, visit.Status, position, estimatedWaitSeconds,
        visit.ArrivedAt, visit.CalledAt, visit.CounterId, visit.OrderId, visit.Channel, guidance,
        PersonalDataMask.Name(visit.CustomerName), PersonalDataMask.Phone(visit.CustomerPhone));
}

/// <summary>What a counter learns when it calls: the ticket, never the customer's name or phone (no cherry-picking).</summary>
public sealed record CalledVisit(
    string VisitId,
    string TicketNumber,
    string ServiceType,
    string CounterId,
    DateTimeOffset CalledAt,
    long WaitedSeconds,
    string? OrderId);

/// <summary>The result of a call-next: the called visit, or nobody waiting for the counter's services.</summary>
public sealed record CallNextResult(CalledVisit? Called)
{
    public static readonly CallNextResult NobodyWaiting = new((CalledVisit?)null);
}

public sealed record ServiceTypeView(string Code, string Name, string Prefix, bool SelfService, int AverageServiceSeconds, IReadOnlyList<string> CounterIds);

public sealed record CounterView(string CounterId, string Name, IReadOnlyList<string> ServiceTypes, bool IsOpen);

public sealed record CheckInCommand(
    string? HallId,
    string? CustomerName,
    string? CustomerPhone,
    string? ServiceType,
    string? Channel,
    string? IdempotencyKey);
