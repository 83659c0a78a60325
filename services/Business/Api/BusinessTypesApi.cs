using System.ComponentModel.DataAnnotations;
using HallPlatform.Application;
using HallPlatform.Business.Application;
using HallPlatform.Business.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Business.Api;

public sealed record RequiredDocumentRequest(
    [property: Required, MaxLength(BusinessTypeVersion.CodeMaxLength)] string? Code,
    [property: Required, MaxLength(BusinessTypeVersion.NameMaxLength)] string? Name,
    [property: Required, MinLength(1), MaxLength(3)] IReadOnlyList<string?>? CustomerKinds);

public sealed record FeeItemRequest(
    [property: Required, MaxLength(BusinessTypeVersion.CodeMaxLength)] string? Code,
    [property: Required, MaxLength(BusinessTypeVersion.NameMaxLength)] string? Name,
    [property: Required, WireEnum<FeeKind>] string? Kind,
    [property: Required, Range(0, BusinessTypeVersion.MaxAmountFen)] long? AmountFen,
    [property: Required, Range(0, BusinessTypeVersion.MaxTaxRateBasisPoints)] int? TaxRateBasisPoints);

public sealed record PutBusinessTypeRequest(
    [property: Required, MaxLength(BusinessTypeVersion.NameMaxLength)] string? Name,
    [property: Required, MaxLength(BusinessTypeVersion.MaxDocuments)] IReadOnlyList<RequiredDocumentRequest?>? RequiredDocuments,
    [property: Required, MaxLength(BusinessTypeVersion.MaxFees)] IReadOnlyList<FeeItemRequest?>? FeeItems,
    [property: Required] bool? PartialPaymentAllowed,
    [property: Required] bool? SelfServiceAllowed,
    [property: Required, Range(1, BusinessTypeVersion.MaxHandlingMinutes)] int? ExpectedHandlingMinutes);

public sealed record RequiredDocumentResponse(string Code, string Name, IReadOnlyList<string> CustomerKinds);

public sealed record FeeItemResponse(string Code, string Name, [property: WireEnum<FeeKind>] string Kind, long AmountFen, int TaxRateBasisPoints);

public sealed record BusinessTypeResponse(
    string Code,
    int Version,
    string Name,
    IReadOnlyList<RequiredDocumentResponse> RequiredDocuments,
    IReadOnlyList<FeeItemResponse> FeeItems,
    bool PartialPaymentAllowed,
    bool SelfServiceAllowed,
    int ExpectedHandlingMinutes,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    public static BusinessTypeResponse From(BusinessTypeVersion t) => new(
        t.Code, t.Version, t.Name,
        [.. t.RequiredDocuments.Select(d => new RequiredDocumentResponse(d.Code, d.Name, [.. d.CustomerKinds.Select(k => k.ToWire())]))],
        [.. t.FeeItems.Select(f => new FeeItemResponse(f.Code, f.Name, f.Kind.ToWire(), f.AmountFen, f.TaxRateBasisPoints))],
        t.PartialPaymentAllowed, t.SelfServiceAllowed, t.ExpectedHandlingMinutes, t.CreatedBy, t.CreatedAt);
}

/// <summary>REST for the business catalogue: read by counters, versioned changes by catalogue administrators.</summary>
public static class BusinessTypesApi
{
    public static IEndpointRouteBuilder MapBusinessTypesApi(this IEndpointRouteBuilder app)
    {
        var types = app.MapGroup("/api/v1/business-types")
            .WithTag("Business catalogue", "Business types with their required documents, fees, payment rules and handling time; versioned.");
        types.MapGet("/", ListAsync).WithName("ListBusinessTypes")
            .WithSummary("List business types")
            .WithDescription("The current version of every business type, by code.")
            .ProducesValidationProblem();
        types.MapGet("/{code}", GetAsync).WithName("GetBusinessType")
            .WithSummary("Get a business type")
            .WithDescription("The current version of the type.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        types.MapGet("/{code}/versions/{version}", GetVersionAsync).WithName("GetBusinessTypeVersion")
            .WithSummary("Get one version of a business type")
            .WithDescription("The version an order pinned (its `catalogueVersion`).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        types.MapPut("/{code}", PutAsync).WithName("PutBusinessType")
            .WithSummary("Change (or create) a business type")
            .WithDescription("Adds the next version of the type (1 for a new code); orders keep the version they were recorded with. "
                + "Codes are lower-case letters, digits and hyphens. Amounts in fen before tax; tax rates in basis points (600 = 6 %). "
                + "Changing an existing type needs `If-Match` with the ETag of its GET (428 without, 412 when it changed meanwhile).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireIfMatch();
        return app;
    }

    private static async Task<Results<Ok<ResultPage<BusinessTypeResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [IntegerText(1, PageRequest.MaxPage)] string? page, [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize,
        CatalogueHandling catalogue, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        return (await catalogue.ListAsync(paging, cancellationToken)).ToOk(result => result.Map(BusinessTypeResponse.From));
    }

    private static async Task<Results<Ok<BusinessTypeResponse>, ProblemHttpResult>> GetAsync(
        string code, CatalogueHandling catalogue, CancellationToken cancellationToken)
    {
        var outcome = await catalogue.GetAsync(code, null, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(BusinessTypeResponse.From(outcome.Value!)) : outcome.ToProblem();
    }

    private static async Task<Results<Ok<BusinessTypeResponse>, ValidationProblem, ProblemHttpResult>> GetVersionAsync(
        string code, [IntegerText(1, int.MaxValue)] string version, CatalogueHandling catalogue, CancellationToken cancellationToken)
    {
        if (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["version must be a whole number from 1."] });
        }
        return (await catalogue.GetAsync(code, number, cancellationToken)).ToOk(BusinessTypeResponse.From);
    }

    private static async Task<Results<Created<BusinessTypeResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string code, PutBusinessTypeRequest request, CatalogueHandling catalogue, CancellationToken cancellationToken)
    {
        var input = new BusinessTypeInput(request.Name,
            request.RequiredDocuments?.Select(d => d is null ? null : new RequiredDocumentInput(d.Code, d.Name, d.CustomerKinds)).ToList(),
            request.FeeItems?.Select(f => f is null ? null : new FeeItemInput(f.Code, f.Name, f.Kind, f.AmountFen, f.TaxRateBasisPoints)).ToList(),
            request.PartialPaymentAllowed, request.SelfServiceAllowed, request.ExpectedHandlingMinutes);
        return (await catalogue.PutAsync(code, input, cancellationToken))
            .ToCreated(BusinessTypeResponse.From, created => $"/api/v1/business-types/{created.Code}/versions/{created.Version}");
    }
}
