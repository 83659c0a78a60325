using System.Text.Json;

namespace HallPlatform.Gateway.OpenApi;

public static class OpenApiAggregationExtensions
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static WebApplicationBuilder AddAggregatedOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<OpenApiAggregationOptions>(
            builder.Configuration.GetSection(OpenApiAggregationOptions.SectionName));
        // No retries: a service that is down is left out of the document now, not after a retry budget.
        // RemoveAllResilienceHandlers is marked experimental; it is the supported way to opt one client out of
        // the defaults that AddServiceDefaults applies to every client.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(AggregatedOpenApiDocument.HttpClientName).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<AggregatedOpenApiDocument>();
        return builder;
    }

    /// <summary>
    /// Serves the aggregated document at /openapi/v1.json, which is where Scalar looks. The literal route wins over
    /// the /openapi/{documentName}.json route that MapOpenApi adds for the gateway's own (empty) document.
    /// </summary>
    public static IEndpointRouteBuilder MapAggregatedOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(AggregatedOpenApiDocument.ServiceDocumentPath, async (
                HttpContext context, AggregatedOpenApiDocument aggregated, CancellationToken cancellationToken) =>
            {
                var request = context.Request;
                var gatewayUrl = $"{request.Scheme}://{request.Host}{request.PathBase}";
                var document = await aggregated.GetAsync(gatewayUrl, cancellationToken);
                return TypedResults.Text(document.ToJsonString(Indented), "application/json; charset=utf-8");
            })
            .ExcludeFromDescription();
        return endpoints;
    }
}
