using HallPlatform.Reception.Application;
using HallPlatform.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Reception.Api;

/// <summary>GET /api/v1/service-types: what a hall offers and which counters serve it (kiosk guidance).</summary>
public static class ServiceTypesApi
{
    public static IEndpointRouteBuilder MapServiceTypesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/service-types").WithTags("Service types");
        group.MapGet("/", ListAsync).WithName("ListServiceTypes").ProducesValidationProblem();
        return routes;
    }

    private static async Task<Results<Ok<ResultPage<ServiceTypeResponse>>, ValidationProblem>> ListAsync(
        HallCatalogue catalogue, string? hallId, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var paging = Problems.CheckPaging(page, pageSize, out var invalidPaging);
        if (invalidPaging is not null)
        {
            return Problems.Validation(invalidPaging);
        }
        var outcome = await catalogue.ServiceTypesAsync(hallId, cancellationToken);
        if (outcome.Failure is { } failure)
        {
            return Problems.Validation(failure);
        }
        var items = outcome.Value!
            .Select(t => new ServiceTypeResponse(t.Code, t.Name, t.Prefix, t.SelfService, t.AverageServiceSeconds, t.CounterIds))
            .ToList();
        return TypedResults.Ok(paging.Slice(items));
    }
}

/// <summary>GET /api/v1/counters and POST /api/v1/counters/{counterId}/call-next.</summary>
public static class CountersApi
{
    public static IEndpointRouteBuilder MapCountersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/counters").WithTags("Counters");
        group.MapGet("/", ListAsync).WithName("ListCounters").ProducesValidationProblem();
        group.MapPost("/{counterId}/call-next", CallNextAsync).WithName("CallNext")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    private static async Task<Results<Ok<ResultPage<CounterResponse>>, ValidationProblem>> ListAsync(
        HallCatalogue catalogue, string? hallId, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var paging = Problems.CheckPaging(page, pageSize, out var invalidPaging);
        if (invalidPaging is not null)
        {
            return Problems.Validation(invalidPaging);
        }
        var outcome = await catalogue.CountersAsync(hallId, cancellationToken);
        if (outcome.Failure is { } failure)
        {
            return Problems.Validation(failure);
        }
        var items = outcome.Value!.Select(c => new CounterResponse(c.CounterId, c.Name, c.ServiceTypes, c.IsOpen)).ToList();
        return TypedResults.Ok(paging.Slice(items));
    }

    /// <summary>200 with the called ticket, 204 when nobody waits for the counter's services.</summary>
    private static async Task<Results<Ok<CallNextResponse>, NoContent, ProblemHttpResult>> CallNextAsync(
        string counterId, CallNextService callNext, CancellationToken cancellationToken)
    {
        var outcome = await callNext.CallNextAsync(counterId, cancellationToken);
        if (outcome.Failure is { } failure)
        {
            return Problems.From(failure);
        }
        return outcome.Value!.Called is { } called ? TypedResults.Ok(CallNextResponse.From(called)) : TypedResults.NoContent();
    }
}
