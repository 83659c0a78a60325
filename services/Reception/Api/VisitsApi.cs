using HallPlatform.Reception.Application.Queue;
using HallPlatform.Reception.Domain;
using HallPlatform.Application;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HallPlatform.Reception.Api;

/// <summary>Check-in, lookup, history and the counter actions on one visit.</summary>
public static class VisitsApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapVisitsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/visits")
            .WithTag("Visits", "Customers' visits: check-in, the ticket's place in the queue, and the counter actions on it.");
        group.MapPost("/", CheckInAsync).WithName("CheckIn")
            .WithSummary("Check in")
            .WithDescription("Registers a customer and issues a ticket (201 with Location, position and estimated wait). "
                + "With an `Idempotency-Key` a retry by the same caller returns the same visit (200); the key with another body is 409.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/{visitId}", GetAsync).WithName("GetVisit")
            .WithSummary("Get a visit")
            .WithDescription("The visit, personal data masked; position and estimated wait while it waits.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{visitId}/events", EventsAsync).WithName("GetVisitEvents")
            .WithSummary("List a visit's history")
            .WithDescription("Pages of the visit's queue events (checked in, called, recalled, served, ...), oldest first.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        MapAction(group, "recall", "RecallVisit", (actions, command, ct) => actions.RecallAsync(command, ct))
            .WithSummary("Recall a called visit")
            .WithDescription("Calls the visit's ticket again at the same counter.");
        MapAction(group, "no-show", "MarkNoShow", (actions, command, ct) => actions.NoShowAsync(command, ct))
            .WithSummary("Mark a no-show")
            .WithDescription("The called customer did not come: the visit ends as a no-show (only after the configured number of recalls, else 409).");
        MapAction(group, "recycle", "RecycleVisit", (actions, command, ct) => actions.RecycleAsync(command, ct))
            .WithSummary("Put a called visit back in the queue")
            .WithDescription("Puts the called ticket back in its queue at its original arrival time.");
        MapAction(group, "park", "ParkVisit", (actions, command, ct) => actions.ParkAsync(command, ct))
            .WithSummary("Park a visit")
            .WithDescription("Sets a called or served visit aside; any counter serving its type picks it up with a specific call.");
        MapAction(group, "start", "StartService", (actions, command, ct) => actions.StartAsync(command, ct))
            .WithSummary("Start serving a visit")
            .WithDescription("The called customer is at the counter: service starts.");
        MapAction(group, "complete", "CompleteService", (actions, command, ct) => actions.CompleteAsync(command, ct))
            .WithSummary("Complete a visit")
            .WithDescription("Service is done; the visit ends.");
        group.MapPost("/{visitId}/transfer", TransferAsync).WithName("TransferVisit")
            .WithSummary("Transfer a visit")
            .WithDescription("Moves the visit to another service type's queue (and optionally a counter), keeping its ticket.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static RouteHandlerBuilder MapAction(RouteGroupBuilder group, string action, string name,
        Func<VisitActionHandling, VisitActionCommand, CancellationToken, Task<Outcome<VisitView>>> run) =>
        group.MapPost("/{visitId}/" + action, async Task<Results<Ok<VisitResponse>, ValidationProblem, ProblemHttpResult>> (
                string visitId, VisitActionRequest request, VisitActionHandling actions, CancellationToken cancellationToken) =>
                (await run(actions, new VisitActionCommand(visitId, request.CounterId, request.Reason), cancellationToken)).ToOk(VisitResponse.From))
            .WithName(name)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>
    /// 201 with the ticket. With an Idempotency-Key header a retry by the same caller returns the first visit (200)
    /// instead of a second ticket.
    /// </summary>
    private static async Task<Results<Created<VisitResponse>, Ok<VisitResponse>, ValidationProblem, ProblemHttpResult>> CheckInAsync(
        CheckInRequest request,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        CheckInHandling checkIn,
        CancellationToken cancellationToken)
    {
        var outcome = await checkIn.CheckInAsync(
            new CheckInCommand(request.HallId, request.CustomerName, request.CustomerPhone, request.ServiceType, request.Channel, idempotencyKey,
                request.PriorityClass, request.AppointmentId, request.IdDocumentType, request.IdDocumentNumber),
            cancellationToken);
        return outcome.ToCreatedOrOk(VisitResponse.From, visit => $"/api/v1/visits/{visit.VisitId}");
    }

    // A lookup by id has no field to get wrong: 200 or a problem (404), as the OpenAPI document says.
    private static async Task<Results<Ok<VisitResponse>, ProblemHttpResult>> GetAsync(
        string visitId, VisitQueries visits, CancellationToken cancellationToken)
    {
        var outcome = await visits.GetAsync(visitId, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(VisitResponse.From(outcome.Value!)) : outcome.ToProblem();
    }

    /// <summary>The visit's recorded history (every queue event), oldest first, paged.</summary>
    private static async Task<Results<Ok<ResultPage<QueueEventResponse>>, ValidationProblem, ProblemHttpResult>> EventsAsync(
        string visitId,
        [IntegerText(1, PageRequest.MaxPage)] string? page, [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize, VisitQueries visits, CancellationToken cancellationToken)
    {
        var paging = QueryPaging.Parse(page, pageSize);
        var events = paging.Succeeded
            ? await visits.EventsAsync(visitId, paging.Value!, cancellationToken)
            : paging.CastFailure<ResultPage<QueueEvent>>();
        return events.ToOk(found => found.Map(QueueEventResponse.From));
    }

    private static async Task<Results<Ok<VisitResponse>, ValidationProblem, ProblemHttpResult>> TransferAsync(
        string visitId, TransferRequest request, VisitActionHandling actions, CancellationToken cancellationToken) =>
        (await actions.TransferAsync(new VisitActionCommand(visitId, request.CounterId, request.Reason, request.ServiceType), cancellationToken))
            .ToOk(VisitResponse.From);
}

/// <summary>Body of POST /api/v1/visits. Every field is optional here so that a missing one is a field error, not a binding error.</summary>
public sealed record CheckInRequest(
    string? HallId,
    string? CustomerName,
    string? CustomerPhone,
    string? ServiceType,
    [property: WireEnum<VisitChannel>] string? Channel,
    [property: WireEnum<PriorityClass>] string? PriorityClass = null,
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
    [property: WireEnum<VisitStatus>] string Status,
    [property: WireEnum<PriorityClass>] string PriorityClass,
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
    string? IdDocumentNumber,
    string? JourneyId,
    [property: WireEnum<CaseOwner>] string CaseOwner,
    [property: WireEnum<CaseState>] string CaseState,
    string? CaseId)
{
    public static VisitResponse From(VisitView view) => new(
        view.VisitId, view.HallId, view.ServiceType, view.TicketNumber, view.Status.ToWire(), view.PriorityClass.ToWire(), view.Position,
        view.EstimatedWaitSeconds, view.ArrivedAt, view.CalledAt, view.ServingStartedAt, view.CompletedAt, view.RecallCount, view.CounterId,
        view.StaffId, view.OrderId, view.AppointmentId, view.Outcome, view.Channel.ToWire(),
        new GuidanceResponse(view.Guidance.CounterIds, view.Guidance.SelfService),
        view.Customer?.Name ?? view.MaskedCustomerName, view.Customer?.Phone ?? view.MaskedCustomerPhone,
        view.IdDocumentType, view.Customer is { } customer ? customer.IdDocumentNumber : view.MaskedIdDocumentNumber,
        view.JourneyId, view.CaseOwner.ToWire(), view.CaseState.ToWire(), view.CaseId);
}

/// <summary>Body of the visit actions: the acting counter (required except for transfer) and an optional reason.</summary>
public sealed record VisitActionRequest(string? CounterId, string? Reason);

public sealed record TransferRequest(string? ServiceType, string? Reason, string? CounterId);

public sealed record QueueEventResponse(long Id, string Type, DateTimeOffset At, string? ServiceType, string? TicketNumber, string? CounterId,
    string? StaffId, string? Reason, string? FromServiceType, string? ToServiceType)
{
    public static QueueEventResponse From(QueueEvent e) =>
        new(e.Id, e.Type, e.At, e.ServiceType, e.TicketNumber, e.CounterId, e.StaffId, e.Reason, e.FromServiceType, e.ToServiceType);
}
