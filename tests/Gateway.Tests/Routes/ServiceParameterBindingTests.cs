namespace HallPlatform.Gateway.Tests.Routes;

/// <summary>
/// How the services bind their REST parameters (<see cref="ServiceEndpointsFixture"/>). Their request delegates are
/// generated at compile time, and the generated code answers a query or route value its type cannot parse with a
/// bare 400 that names no field. So every such parameter is bound as text and checked by the service, which names
/// the field (docs/api.md, "Schemas").
/// </summary>
[Collection(ServiceEndpointsCollection.Name)]
public sealed class ServiceParameterBindingTests(ServiceEndpointsFixture services)
{
    private IEnumerable<ServiceEndpoint> RestEndpoints =>
        services.Endpoints.Where(e => e.Pattern.StartsWith("/api/", StringComparison.Ordinal));

    [Fact]
    public void No_REST_endpoint_binds_a_parameter_its_type_must_parse()
    {
        // Guards the check below against passing because no binding metadata was read at all.
        Assert.Contains(RestEndpoints, e => e.Pattern == "/api/v1/counters/" && e.BoundParameters.Contains("pageSize"));
        Assert.Empty(RestEndpoints.Where(e => e.ParsedParameters.Count > 0)
            .Select(e => $"{e}: {string.Join(", ", e.ParsedParameters)}"));
    }

    [Fact]
    public void Every_REST_endpoint_runs_a_request_delegate_generated_at_compile_time()
    {
        // Without the generator each host builds its delegates from expression trees at its first request.
        Assert.NotEmpty(RestEndpoints);
        Assert.Empty(RestEndpoints.Where(e => e.RequestDelegateType?.StartsWith("Microsoft.AspNetCore.Http.Generated.", StringComparison.Ordinal) != true)
            .Select(e => $"{e}: {e.RequestDelegateType ?? "(none)"}"));
    }
}
