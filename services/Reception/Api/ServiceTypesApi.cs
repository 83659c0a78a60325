using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Domain;
using HallPlatform.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Reception.Api;

/// <summary>GET /api/v1/service-types (what a hall offers, kiosk guidance) and PUT /api/v1/service-types/{code}.</summary>
public static class ServiceTypesApi
{
    public static IEndpointRouteBuilder MapServiceTypesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/service-types")
            .WithTag("Service types", "A hall's service catalogue: what customers can queue for.");
        group.MapGet("/", ListAsync).WithName("ListServiceTypes")
            .WithSummary("List a hall's service types")
            .WithDescription("Code, name, ticket number prefix, self-service, and the counters serving each type.")
            .ProducesValidationProblem();
        group.MapPut("/{code}", PutAsync).WithName("PutServiceType")
            .WithSummary("Create or change a service type")
            .WithDescription("Catalogue administration: creates (201) or updates (200) the service type of a hall that was "
                + "created with `PUT /api/v1/halls/{hallId}` (otherwise 404).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<Results<Ok<ResultPage<ServiceTypeResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        HallCatalogue catalogue, string? hallId,
        [IntegerText(1, PageRequest.MaxPage)] string? page, [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize, CancellationToken cancellationToken)
    {
        var paging = QueryPaging.Parse(page, pageSize);
        var types = paging.Succeeded
            ? await catalogue.ServiceTypesAsync(hallId, cancellationToken)
            : paging.CastFailure<IReadOnlyList<ServiceTypeView>>();
        return types.ToOk(found => paging.Value!.Slice([.. found.Select(ServiceTypeResponse.From)]));
    }

    /// <summary>201 for a new service type, 200 for a change.</summary>
    private static async Task<Results<Created<ServiceTypeResponse>, Ok<ServiceTypeResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string code, ServiceTypeRequest request, CatalogueHandling handling, CancellationToken cancellationToken) =>
        (await handling.PutServiceTypeAsync(new PutServiceTypeCommand(code, request.HallId, request.Name, request.Prefix,
            request.AverageServiceSeconds, request.SelfService, request.ServiceLevelSeconds, request.CaseOwner), cancellationToken))
            .ToCreatedOrOk(ServiceTypeResponse.From, type => $"/api/v1/service-types/{type.Code}");
}

/// <summary>caseOwner: business (default for a new type), fault or complaint: the service that opens a called visit's case.</summary>
public sealed record ServiceTypeRequest(string? HallId, string? Name, string? Prefix, int? AverageServiceSeconds, bool? SelfService, int? ServiceLevelSeconds,
    [property: WireEnum<CaseOwner>] string? CaseOwner = null);

public sealed record ServiceTypeResponse(string Code, string Name, string Prefix, bool SelfService, int AverageServiceSeconds,
    int ServiceLevelSeconds, IReadOnlyList<string> CounterIds, CaseOwner CaseOwner)
{
    public static ServiceTypeResponse From(ServiceTypeView t) =>
        new(t.Code, t.Name, t.Prefix, t.SelfService, t.AverageServiceSeconds, t.ServiceLevelSeconds, t.CounterIds, t.CaseOwner);
}
