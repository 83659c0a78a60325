using HallPlatform.Reception.Application;
using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Queue;
using HallPlatform.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Reception.Api;

/// <summary>GET /api/v1/service-types (what a hall offers, kiosk guidance) and PUT /api/v1/service-types/{code}.</summary>
public static class ServiceTypesApi
{
    public static IEndpointRouteBuilder MapServiceTypesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/service-types").WithTags("Service types");
        group.MapGet("/", ListAsync).WithName("ListServiceTypes").ProducesValidationProblem();
        group.MapPut("/{code}", PutAsync).WithName("PutServiceType").ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
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
        var items = outcome.Value!.Select(ToResponse).ToList();
        return TypedResults.Ok(paging.Slice(items));
    }

    private static async Task<Results<Created<ServiceTypeResponse>, Ok<ServiceTypeResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string code, ServiceTypeRequest request, CatalogueHandling admin, CancellationToken cancellationToken)
    {
        var outcome = await admin.PutServiceTypeAsync(new PutServiceTypeCommand(code, request.HallId, request.Name, request.Prefix,
            request.AverageServiceSeconds, request.SelfService, request.ServiceLevelSeconds), cancellationToken);
        if (outcome.Failure is { } failure)
        {
            return failure.Kind == FailureKind.Invalid ? Problems.Validation(failure) : Problems.From(failure);
        }
        var (view, created) = outcome.Value;
        return created ? TypedResults.Created($"/api/v1/service-types/{view.Code}", ToResponse(view)) : TypedResults.Ok(ToResponse(view));
    }

    private static ServiceTypeResponse ToResponse(ServiceTypeView t) =>
        new(t.Code, t.Name, t.Prefix, t.SelfService, t.AverageServiceSeconds, t.ServiceLevelSeconds, t.CounterIds);
}

/// <summary>Counters: list, catalogue upsert, open/close, call-next and call a specific ticket.</summary>
public static class CountersApi
{
    public static IEndpointRouteBuilder MapCountersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/counters").WithTags("Counters");
        group.MapGet("/", ListAsync).WithName("ListCounters").ProducesValidationProblem();
        group.MapPut("/{counterId}", PutAsync).WithName("PutCounter").ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{counterId}/open", OpenAsync).WithName("OpenCounter")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{counterId}/close", CloseAsync).WithName("CloseCounter").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{counterId}/call-next", CallNextAsync).WithName("CallNext")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/{counterId}/call", CallSpecificAsync).WithName("CallSpecific")
            .ProducesValidationProblem()
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
        var items = outcome.Value!.Select(CounterResponse.From).ToList();
        return TypedResults.Ok(paging.Slice(items));
    }

    private static async Task<Results<Created<CounterResponse>, Ok<CounterResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string counterId, CounterRequest request, CatalogueHandling admin, CancellationToken cancellationToken)
    {
        var outcome = await admin.PutCounterAsync(new PutCounterCommand(counterId, request.HallId, request.Name, request.ServiceTypes), cancellationToken);
        if (outcome.Failure is { } failure)
        {
            return failure.Kind == FailureKind.Invalid ? Problems.Validation(failure) : Problems.From(failure);
        }
        var (view, created) = outcome.Value;
        return created ? TypedResults.Created($"/api/v1/counters/{view.CounterId}", CounterResponse.From(view)) : TypedResults.Ok(CounterResponse.From(view));
    }

    private static async Task<Results<Ok<CounterResponse>, ValidationProblem, ProblemHttpResult>> OpenAsync(
        string counterId, OpenCounterRequest request, CounterActionHandling actions, CancellationToken cancellationToken) =>
        Problems.Answer(await actions.OpenCounterAsync(counterId, request.StaffId, cancellationToken), CounterResponse.From);

    private static async Task<Results<Ok<CounterResponse>, ValidationProblem, ProblemHttpResult>> CloseAsync(
        string counterId, CounterActionHandling actions, CancellationToken cancellationToken) =>
        Problems.Answer(await actions.CloseCounterAsync(counterId, cancellationToken), CounterResponse.From);

    /// <summary>200 with the called ticket, 204 when nobody waits for the counter's services.</summary>
    private static async Task<Results<Ok<CallNextResponse>, NoContent, ProblemHttpResult>> CallNextAsync(
        string counterId, CallNextHandling callNext, CancellationToken cancellationToken)
    {
        var outcome = await callNext.CallNextAsync(counterId, cancellationToken);
        if (outcome.Failure is { } failure)
        {
            return Problems.From(failure);
        }
        return outcome.Value!.Called is { } called ? TypedResults.Ok(CallNextResponse.From(called)) : TypedResults.NoContent();
    }

    /// <summary>Calls a specific ticket out of order (or picks up a parked visit); the reason is required and recorded.</summary>
    private static async Task<Results<Ok<VisitResponse>, ValidationProblem, ProblemHttpResult>> CallSpecificAsync(
        string counterId, CallSpecificRequest request, CounterActionHandling actions, CancellationToken cancellationToken) =>
        Problems.Answer(await actions.CallSpecificAsync(counterId, request.VisitId, request.Reason, cancellationToken), VisitResponse.From);
}
