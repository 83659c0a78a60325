using HallPlatform.Reception.Application;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HallPlatform.Reception.Api;

/// <summary>POST /api/v1/visits (check-in) and GET /api/v1/visits/{visitId}.</summary>
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
        return routes;
    }

    /// <summary>
    /// 201 with the ticket. With an Idempotency-Key header a retry returns the first visit (200) instead of a
    /// second ticket.
    /// </summary>
    private static async Task<Results<Created<VisitResponse>, Ok<VisitResponse>, ValidationProblem, ProblemHttpResult>> CheckInAsync(
        CheckInRequest request,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        CheckInService checkIn,
        CancellationToken cancellationToken)
    {
        var outcome = await checkIn.CheckInAsync(
            new CheckInCommand(request.HallId, request.CustomerName, request.CustomerPhone, request.ServiceType, request.Channel, idempotencyKey),
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
}
