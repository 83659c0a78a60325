using HallPlatform.Reception.Application;
using HallPlatform.Reception.Application.Queue;
using HallPlatform.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HallPlatform.Reception.Api;

/// <summary>Check-in, lookup, history and the counter actions on one visit.</summary>
public static class VisitsApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapVisitsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/visits").WithTags("Visits");
        group.MapPost("/", CheckInAsync).WithName("CheckIn")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/{visitId}", GetAsync).WithName("GetVisit")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{visitId}/events", EventsAsync).WithName("GetVisitEvents")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        MapAction(group, "recall", "RecallVisit", (actions, command, ct) => actions.RecallAsync(command, ct));
        MapAction(group, "no-show", "MarkNoShow", (actions, command, ct) => actions.NoShowAsync(command, ct));
        MapAction(group, "recycle", "RecycleVisit", (actions, command, ct) => actions.RecycleAsync(command, ct));
        MapAction(group, "park", "ParkVisit", (actions, command, ct) => actions.ParkAsync(command, ct));
        MapAction(group, "start", "StartService", (actions, command, ct) => actions.StartAsync(command, ct));
        MapAction(group, "complete", "CompleteService", (actions, command, ct) => actions.CompleteAsync(command, ct));
        group.MapPost("/{visitId}/transfer", TransferAsync).WithName("TransferVisit")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static void MapAction(RouteGroupBuilder group, string action, string name,
        Func<CounterActionHandling, VisitActionCommand, CancellationToken, Task<Application.Outcome<VisitView>>> run) =>
        group.MapPost("/{visitId}/" + action, async Task<Results<Ok<VisitResponse>, ValidationProblem, ProblemHttpResult>> (
                string visitId, VisitActionRequest request, CounterActionHandling actions, CancellationToken cancellationToken) =>
                Problems.Answer(await run(actions, new VisitActionCommand(visitId, request.CounterId, request.Reason), cancellationToken), VisitResponse.From))
            .WithName(name)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>
    /// 201 with the ticket. With an Idempotency-Key header a retry returns the first visit (200) instead of a
    /// second ticket.
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
        if (outcome.Failure is { } failure)
        {
            return failure.Kind == FailureKind.Invalid ? Problems.Validation(failure) : Problems.From(failure);
        }
        var result = outcome.Value!;
        var body = VisitResponse.From(result.Visit);
        return result.Replayed ? TypedResults.Ok(body) : TypedResults.Created($"/api/v1/visits/{body.VisitId}", body);
    }

    private static async Task<Results<Ok<VisitResponse>, ProblemHttpResult>> GetAsync(
        string visitId, VisitQueries visits, CancellationToken cancellationToken)
    {
        var outcome = await visits.GetAsync(visitId, cancellationToken);
        return outcome.Failure is { } failure ? Problems.From(failure) : TypedResults.Ok(VisitResponse.From(outcome.Value!));
    }

    /// <summary>The visit's recorded history (every queue event), oldest first, paged.</summary>
    private static async Task<Results<Ok<ResultPage<QueueEventResponse>>, ValidationProblem, ProblemHttpResult>> EventsAsync(
        string visitId, int? page, int? pageSize, VisitQueries visits, CancellationToken cancellationToken)
    {
        var paging = Problems.CheckPaging(page, pageSize, out var invalidPaging);
        if (invalidPaging is not null)
        {
            return Problems.Validation(invalidPaging);
        }
        return Problems.Answer(await visits.EventsAsync(visitId, paging, cancellationToken), events => events.Map(QueueEventResponse.From));
    }

    private static async Task<Results<Ok<VisitResponse>, ValidationProblem, ProblemHttpResult>> TransferAsync(
        string visitId, TransferRequest request, CounterActionHandling actions, CancellationToken cancellationToken) =>
        Problems.Answer(await actions.TransferAsync(new VisitActionCommand(visitId, request.CounterId, request.Reason, request.ServiceType), cancellationToken),
            VisitResponse.From);
}
