using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Domain;
using HallPlatform.Privacy;

namespace HallPlatform.Reception.Application.Queue;

/// <summary>Where a customer can be served: the open counters for the type, or a kiosk when it is self-service.</summary>
public sealed record Guidance(IReadOnlyList<string> CounterIds, bool SelfService);

/// <summary>The customer's personal data in clear, for the roles that need it (see <see cref="HallAccess.MaySeePersonalData"/>).</summary>
public sealed record CustomerInClear(string Name, string Phone, string? IdDocumentNumber);

/// <summary>
/// A visit as callers see it. Personal data appears masked; <see cref="Customer"/> holds it in clear only on a
/// lookup by a caller allowed to see it (and audited). Position and estimate only while waiting.
/// </summary>
public sealed record VisitView(
    string VisitId,
    string HallId,
    string ServiceType,
    string TicketNumber,
    VisitStatus Status,
    PriorityClass PriorityClass,
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
    VisitChannel Channel,
    Guidance Guidance,
    string MaskedCustomerName,
    string MaskedCustomerPhone,
    string? IdDocumentType,
    string? MaskedIdDocumentNumber,
    CustomerInClear? Customer = null)
{
    /// <summary>Opaque id of the customer's journey, carried onto the visit's case in its owner.</summary>
    public string? JourneyId { get; init; }

    /// <summary>The service that owns (or will own) the visit's case.</summary>
    public CaseOwner CaseOwner { get; init; }

    /// <summary>none before the first call; pending while the owner has not confirmed it (retried); opened.</summary>
    public CaseState CaseState { get; init; }

    /// <summary>The owner's id of the case once opened (also in <see cref="OrderId"/> for a business case).</summary>
    public string? CaseId { get; init; }

    public static VisitView From(Visit visit, int? position, int? estimatedWaitSeconds, Guidance guidance) => new(
        visit.Id, visit.HallId, visit.ServiceType, visit.TicketNumber, visit.Status, visit.PriorityClass, position, estimatedWaitSeconds,
        visit.ArrivedAt, visit.CalledAt, visit.ServingStartedAt, visit.CompletedAt, visit.RecallCount, visit.CounterId, visit.StaffId,
        visit.OrderId, visit.AppointmentId, visit.Outcome, visit.Channel, guidance,
        PersonalDataMask.Name(visit.CustomerName), PersonalDataMask.Phone(visit.CustomerPhone),
        visit.IdDocumentType, IdDocuments.Mask(visit.IdDocumentNumber))
    {
        JourneyId = visit.JourneyId,
    };
}

/// <summary>What a counter learns when it calls: the ticket, never the customer's name or phone (no cherry-picking).</summary>
public sealed record CalledVisit(
    string VisitId,
    string TicketNumber,
    string ServiceType,
    PriorityClass PriorityClass,
    string CounterId,
    DateTimeOffset CalledAt,
    long WaitedSeconds,
    string? OrderId);

/// <summary>
/// The result of a call-next: the called visit (with any warnings), or nobody waiting for the counter's services, or
/// only tickets of service types the agent is not trained for (<see cref="TrainingRequiredFor"/>, answered as 409).
/// </summary>
public sealed record CallNextResult(CalledVisit? Called)
{
    public static readonly CallNextResult NobodyWaiting = new((CalledVisit?)null);

    /// <summary>Given despite a <c>warn</c> requirement the agent does not meet: <c>training-required</c> per service type.</summary>
    public IReadOnlyList<CallWarning> Warnings { get; init; } = [];

    /// <summary>Nobody was called although tickets wait: all of them are of these types, blocked for this agent.</summary>
    public IReadOnlyList<string> TrainingRequiredFor { get; init; } = [];

    public static CallNextResult OnlyBlocked(IReadOnlyList<string> serviceTypes) => NobodyWaiting with { TrainingRequiredFor = serviceTypes };
}

/// <summary>A warning that comes with a call: <c>code</c> (e.g. <c>training-required</c>) and the service type it concerns.</summary>
public sealed record CallWarning(string Code, string ServiceType);

public sealed record CheckInCommand(
    string? HallId,
    string? CustomerName,
    string? CustomerPhone,
    string? ServiceType,
    string? Channel,
    string? IdempotencyKey,
    string? PriorityClass = null,
    string? AppointmentId = null,
    string? IdDocumentType = null,
    string? IdDocumentNumber = null);

/// <summary>One row of the public wait-time board.</summary>
public sealed record WaitTimeView(string ServiceType, string Name, long Waiting, int EstimatedWaitSeconds, int OpenCounters);
