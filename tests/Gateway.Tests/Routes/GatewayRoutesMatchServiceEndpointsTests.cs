using HallPlatform.Gateway.OpenApi;
using HallPlatform.Gateway.Security;
using Microsoft.AspNetCore.Routing.Patterns;

namespace HallPlatform.Gateway.Tests.Routes;

/// <summary>
/// The gateway's routes against what the five services really map (<see cref="ServiceEndpointsFixture"/>): every
/// endpoint a caller outside the platform may use is reached by exactly one route, to its own service, with an access
/// policy; every route reaches a real endpoint; everything else is on <see cref="LocalOnly"/>, with the reason. So a
/// new endpoint without its gateway route fails here, and so does a route left behind by a removed endpoint.
/// How to add a route: gateway/README.md.
/// </summary>
[Collection(ServiceEndpointsCollection.Name)]
public sealed class GatewayRoutesMatchServiceEndpointsTests(ServiceEndpointsFixture services)
{
    private sealed record LocalOnlyEndpoints(string What, string Reason, Func<ServiceEndpoint, bool> Matches);

    /// <summary>Endpoints the services map that the gateway deliberately does not route.</summary>
    private static readonly LocalOnlyEndpoints[] LocalOnly =
    [
        new("/health, /alive", "the orchestrator's probes of each service; the gateway answers its own /health",
            e => e.Pattern is "/health" or "/alive"),
        new("/openapi/{documentName}.json", "each service's own document; the gateway serves one merged from them (gateway/OpenApi)",
            e => e.Pattern == "/openapi/{documentName}.json"),
        new("/scalar/...", "the Scalar API reference of each service in Development; the gateway has its own",
            e => e.Pattern.StartsWith("/scalar/", StringComparison.Ordinal)),
        new("gRPC {unimplementedMethod} fallbacks", "gRPC's UNIMPLEMENTED answers for unknown services and methods, not methods of a contract",
            e => e.Pattern.Contains("{unimplementedMethod", StringComparison.Ordinal)),
        new("gRPC grpc.health.v1.Health/Check and Watch", "each service's gRPC health answers its own orchestrator's probes; " +
            "on the partner port the gateway answers grpc.health.v1.Health itself, for its own readiness (docs/gateway-edge.md)",
            e => e.GrpcMethod?.StartsWith("grpc.health.v1.Health/", StringComparison.Ordinal) == true),
        new("business OrderService/OpenOrder", "internal: Reception opens an order when a counter calls a ticket; nobody outside the platform may",
            e => e.Service == "business" && e.GrpcMethod == "hall.business.v1.OrderService/OpenOrder"),
        new("fault TroubleTicketService/OpenTicketForVisit", "internal: Reception opens the ticket of a called fault-report visit; partners report with ReportFault",
            e => e.Service == "fault" && e.GrpcMethod == "hall.fault.v1.TroubleTicketService/OpenTicketForVisit"),
        new("complaint ComplaintService/OpenComplaintForVisit", "internal: Reception opens the complaint of a called visit; partners register with RegisterComplaint",
            e => e.Service == "complaint" && e.GrpcMethod == "hall.complaint.v1.ComplaintService/OpenComplaintForVisit"),
        new("gRPC hall.events.v1.IntegrationEvents/Subscribe", "internal: every service's integration events, for the other services " +
            "only (docs/events.md); the service itself refuses any caller that is not a service",
            e => e.GrpcMethod == "hall.events.v1.IntegrationEvents/Subscribe"),
        new("gRPC hall.contacts.v1.CaseContacts/GetCaseContact", "internal: a case owner gives the customer's contact to Quality " +
            "for callbacks and survey invitations; the service itself refuses any caller that is not a service",
            e => e.GrpcMethod == "hall.contacts.v1.CaseContacts/GetCaseContact"),
    ];

    private static IReadOnlyList<GatewayRoute> Routes => ShippedGatewayRoutes.All;

    [Fact]
    public void The_services_were_read()
    {
        // Guards the checks below against passing on an empty list.
        Assert.Equal(["business", "complaint", "fault", "quality", "reception"],
            services.Endpoints.Select(e => e.Service).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(services.Endpoints, e => e.Pattern.StartsWith("/api/", StringComparison.Ordinal));
        Assert.Contains(services.Endpoints, e => e.GrpcMethod is not null);
    }

    [Fact]
    public void Every_public_endpoint_is_reached_by_exactly_one_route_of_its_service_with_an_access_policy()
    {
        var problems = new List<string>();
        foreach (var endpoint in services.Endpoints.Where(e => !IsLocalOnly(e)))
        {
            var reaching = Routes.Where(route => Reaches(route, endpoint)).ToList();
            if (reaching.Count == 0)
            {
                problems.Add($"{Describe(endpoint)} has no gateway route: add one to gateway/appsettings.json (gateway/README.md, " +
                    "\"Adding a route\"), or, if no caller outside the platform may use it, list it in LocalOnly with the reason.");
                continue;
            }
            if (reaching.Count > 1)
            {
                problems.Add($"{Describe(endpoint)} is reached by {reaching.Count} routes: {string.Join(", ", reaching)}.");
            }
            foreach (var route in reaching)
            {
                var expectedCluster = endpoint.GrpcMethod is null ? endpoint.Service : endpoint.Service + GatewayRoute.GrpcClusterSuffix;
                if (route.ClusterId != expectedCluster)
                {
                    problems.Add($"{Describe(endpoint)} is reached by route {route}, which forwards to cluster {route.ClusterId}, not {expectedCluster}.");
                }
                var routeParameters = ParameterNames(route.Path);
                var endpointParameters = ParameterNames(endpoint.Pattern);
                if (!routeParameters.SequenceEqual(endpointParameters, StringComparer.Ordinal))
                {
                    // The gateway's hall check reads {hallId} from its own route, so the names must be the service's.
                    problems.Add($"{Describe(endpoint)}: route {route.RouteId} names its parameters " +
                        $"{{{string.Join("}, {", routeParameters)}}} where the service has {{{string.Join("}, {", endpointParameters)}}}.");
                }
                if (AccessPolicyProblem(route, endpoint.Method) is { } policyProblem)
                {
                    problems.Add($"{Describe(endpoint)}: route {route.RouteId} {policyProblem}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Every_route_and_method_reaches_a_real_endpoint_of_its_service()
    {
        var problems = new List<string>();
        foreach (var route in Routes)
        {
            foreach (var method in route.Methods)
            {
                var targets = services.Endpoints.Where(e => e.Service == route.Service && Matches(route, e, method)).ToList();
                if (targets.Count == 0)
                {
                    problems.Add($"Route {route.RouteId}: {route.Service} has no endpoint {method} {route.Path} " +
                        "(a dead route: remove it, or fix its path or methods).");
                }
                else if (route.IsGrpc && targets.All(e => e.GrpcMethod is null))
                {
                    problems.Add($"Route {route.RouteId} forwards to the gRPC cluster, but {route.Path} is not a gRPC method of {route.Service}.");
                }
                else if (!route.IsGrpc && targets.Any(e => e.GrpcMethod is not null))
                {
                    problems.Add($"Route {route.RouteId} sends the gRPC method {route.Path} to the REST cluster {route.ClusterId}.");
                }
                else if (targets.Any(IsLocalOnly))
                {
                    problems.Add($"Route {route.RouteId} reaches {string.Join(", ", targets.Where(IsLocalOnly).Select(Describe))}, " +
                        "which is listed as local only.");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Every_route_has_an_access_policy_for_each_of_its_methods()
    {
        var problems = Routes
            .SelectMany(route => route.Methods.Select(method => (route, method, problem: AccessPolicyProblem(route, method))))
            .Where(check => check.problem is not null)
            .Select(check => $"Route {check.route} {check.method}: {check.problem}")
            .ToList();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Every_local_only_entry_still_names_a_real_endpoint()
    {
        var stale = LocalOnly.Where(entry => !services.Endpoints.Any(entry.Matches)).Select(entry => entry.What).ToList();

        Assert.True(stale.Count == 0, $"LocalOnly lists endpoints no service maps any more: {string.Join(", ", stale)}.");
    }

    private static bool IsLocalOnly(ServiceEndpoint endpoint) => LocalOnly.Any(entry => entry.Matches(endpoint));

    /// <summary>A route with a service header (gRPC reflection, served by every service) reaches only that service.</summary>
    private static bool Reaches(GatewayRoute route, ServiceEndpoint endpoint) =>
        (route.ServiceHeader is null || route.ServiceHeader == endpoint.Service) && Matches(route, endpoint, endpoint.Method);

    /// <summary>
    /// The same path comparison the gateway itself uses to pick the operations of its merged OpenAPI document
    /// (parameter names and constraints aside, no trailing slash, any case), and the method among the route's.
    /// </summary>
    private static bool Matches(GatewayRoute route, ServiceEndpoint endpoint, string method) =>
        route.Methods.Contains(method, StringComparer.OrdinalIgnoreCase)
        && string.Equals(endpoint.Method, method, StringComparison.OrdinalIgnoreCase)
        && OpenApiDocumentMerger.NormalizePathTemplate(route.Path) == OpenApiDocumentMerger.NormalizePathTemplate(endpoint.Pattern);

    private static string? AccessPolicyProblem(GatewayRoute route, string method)
    {
        if (string.IsNullOrEmpty(route.AuthorizationPolicy))
        {
            return "has no AuthorizationPolicy: name one of gateway/Security/AccessPolicies.cs, or \"anonymous\".";
        }
        if (route.AuthorizationPolicy == AccessPolicies.Anonymous)
        {
            return null;
        }
        if (!AccessPolicies.Table.TryGetValue(route.AuthorizationPolicy, out var rules))
        {
            return $"names the policy \"{route.AuthorizationPolicy}\", which gateway/Security/AccessPolicies.cs does not define.";
        }
        return AccessPolicies.RuleFor(rules, method) is null
            ? $"has the policy \"{route.AuthorizationPolicy}\", which has no rule for {method}: every caller would get 403."
            : null;
    }

    private static string[] ParameterNames(string pattern) => [.. RoutePatternFactory.Parse(pattern).Parameters.Select(p => p.Name)];

    private static string Describe(ServiceEndpoint endpoint) =>
        endpoint.GrpcMethod is null ? $"{endpoint.Service} {endpoint.Method} {endpoint.Pattern}" : $"{endpoint.Service} gRPC {endpoint.GrpcMethod}";
}
