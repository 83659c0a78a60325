using System.Text.RegularExpressions;
using HallPlatform.Testing;
using Microsoft.Extensions.Configuration;

namespace HallPlatform.Gateway.Tests;

/// <summary>Checks the gateway's committed appsettings.json, the file that actually ships.</summary>
public sealed partial class GatewayConfigurationTests
{
    private static readonly IConfigurationSection Proxy = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(RepositoryPaths.Root, "gateway", "appsettings.json"), optional: false)
        .Build()
        .GetSection("ReverseProxy");

    private static readonly string[] Services = ["reception", "business", "fault", "complaint", "quality"];

    public static TheoryData<string> RouteIds() => [.. Proxy.GetSection("Routes").GetChildren().Select(r => r.Key)];

    public static TheoryData<string> GrpcRouteIds() =>
        [.. Proxy.GetSection("Routes").GetChildren().Where(r => !IsRest(r)).Select(r => r.Key)];

    [Theory]
    [MemberData(nameof(RouteIds))]
    public void Every_route_has_an_explicit_path_methods_and_a_known_cluster(string routeId)
    {
        var route = Proxy.GetSection($"Routes:{routeId}");
        var path = route["Match:Path"];
        var clusterId = route["ClusterId"];

        Assert.False(string.IsNullOrWhiteSpace(path));
        Assert.StartsWith("/", path);
        Assert.DoesNotContain("**", path, StringComparison.Ordinal);
        Assert.DoesNotContain("{*", path, StringComparison.Ordinal);
        Assert.NotEmpty(route.GetSection("Match:Methods").Get<string[]>() ?? []);
        Assert.False(string.IsNullOrWhiteSpace(clusterId));
        Assert.True(Proxy.GetSection($"Clusters:{clusterId}").Exists(), $"Route {routeId} uses unknown cluster {clusterId}.");
        // Stable, readable ids: they show up in logs and traces.
        Assert.Matches("^[a-z]+(-[a-z]+)+$", routeId);
        Assert.StartsWith(clusterId!.Replace("-grpc", string.Empty, StringComparison.Ordinal) + "-", routeId);
    }

    [Fact]
    public void Rest_routes_are_exactly_the_published_api()
    {
        string[] expected =
        [
            "reception GET /api/v1/service-types",
            "reception GET /api/v1/counters",
            "reception POST /api/v1/visits",
            "reception GET /api/v1/visits/{visitId}",
            "reception POST /api/v1/counters/{counterId}/call-next",
            "reception PUT /api/v1/service-types/{code}",
            "reception PUT /api/v1/counters/{counterId}",
            "reception POST /api/v1/counters/{counterId}/open",
            "reception POST /api/v1/counters/{counterId}/close",
            "reception POST /api/v1/counters/{counterId}/call",
            "reception GET /api/v1/visits/{visitId}/events",
            "reception POST /api/v1/visits/{visitId}/recall",
            "reception POST /api/v1/visits/{visitId}/no-show",
            "reception POST /api/v1/visits/{visitId}/recycle",
            "reception POST /api/v1/visits/{visitId}/park",
            "reception POST /api/v1/visits/{visitId}/transfer",
            "reception POST /api/v1/visits/{visitId}/start",
            "reception POST /api/v1/visits/{visitId}/complete",
            "reception POST /api/v1/appointments",
            "reception GET /api/v1/appointments/{appointmentId}",
            "reception GET /api/v1/halls/{hallId}/board",
            "reception GET /api/v1/halls/{hallId}/board/stream",
            "reception GET /api/v1/halls/{hallId}/wait-times",
            "reception GET /api/v1/halls/{hallId}/kpis",
            "reception POST /api/v1/halls/{hallId}/close-day",
            "reception POST /api/v1/halls/{hallId}/reconcile",
            "business GET /api/v1/orders",
            "business GET /api/v1/orders/{orderId}",
            "business POST /api/v1/orders/{orderId}/start",
            "business POST /api/v1/orders/{orderId}/complete",
            "business POST /api/v1/orders/{orderId}/cancel",
            "fault GET,POST /api/v1/trouble-tickets",
            "fault GET /api/v1/trouble-tickets/{ticketId}",
            "fault POST /api/v1/trouble-tickets/{ticketId}/status",
            "complaint GET,POST /api/v1/complaints",
            "complaint GET /api/v1/complaints/{complaintId}",
            "complaint POST /api/v1/complaints/{complaintId}/status",
            "quality POST /api/v1/survey-responses",
            "quality GET /api/v1/survey-responses/{responseId}",
            "quality GET /api/v1/satisfaction-summary",
            "complaint GET /api/v1/complaint/audit-entries",
            "quality GET /api/v1/quality/audit-entries",
            "fault GET /api/v1/fault/audit-entries",
            "business GET /api/v1/business/audit-entries",
            "reception GET /api/v1/reception/audit-entries",
        ];

        var actual = Proxy.GetSection("Routes").GetChildren().Where(IsRest).Select(Describe).ToList();

        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        // One route per path template.
        Assert.Equal(actual.Count, Proxy.GetSection("Routes").GetChildren().Where(IsRest)
            .Select(r => r["Match:Path"]).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Grpc_routes_are_exactly_the_partner_methods_and_never_the_internal_ones()
    {
        string[] expected =
        [
            "reception-grpc POST /hall.reception.v1.ReceptionService/CheckIn",
            "reception-grpc POST /hall.reception.v1.ReceptionService/GetVisit",
            "reception-grpc POST /hall.reception.v1.ReceptionService/GetWaitTimes",
            "business-grpc POST /hall.business.v1.OrderService/GetOrder",
            "fault-grpc POST /hall.fault.v1.TroubleTicketService/ReportFault",
            "fault-grpc POST /hall.fault.v1.TroubleTicketService/GetTroubleTicket",
            "complaint-grpc POST /hall.complaint.v1.ComplaintService/RegisterComplaint",
            "complaint-grpc POST /hall.complaint.v1.ComplaintService/GetComplaint",
            "quality-grpc POST /hall.quality.v1.QualityService/RecordSurveyResponse",
            "quality-grpc POST /hall.quality.v1.QualityService/GetSatisfactionSummary",
        ];

        var actual = Proxy.GetSection("Routes").GetChildren().Where(r => !IsRest(r)).Select(Describe).ToList();

        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(actual, route => route.Contains("OpenOrder", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(GrpcRouteIds))]
    public void Every_exposed_grpc_method_exists_in_the_contracts(string routeId)
    {
        var match = GrpcPath().Match(Proxy[$"Routes:{routeId}:Match:Path"]!);
        Assert.True(match.Success, $"Route {routeId} is not /package.Service/Method.");
        var (package, service, method) = (match.Groups["package"].Value, match.Groups["service"].Value, match.Groups["method"].Value);

        var contract = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "contracts"), "*.proto")
            .Select(File.ReadAllText)
            .SingleOrDefault(text => Regex.IsMatch(text, $@"^\s*package\s+{Regex.Escape(package)}\s*;", RegexOptions.Multiline));
        Assert.True(contract is not null, $"No contract declares package {package}.");

        var serviceStart = Regex.Match(contract, $@"^\s*service\s+{Regex.Escape(service)}\s*\{{", RegexOptions.Multiline);
        Assert.True(serviceStart.Success, $"Package {package} has no service {service}.");
        var serviceEnd = contract.IndexOf("\n}", serviceStart.Index, StringComparison.Ordinal);
        var serviceBody = contract[serviceStart.Index..(serviceEnd < 0 ? contract.Length : serviceEnd)];
        Assert.Matches($@"\brpc\s+{Regex.Escape(method)}\s*\(", serviceBody);
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Rest_cluster_forwards_to_the_service_discovery_name(string service)
    {
        var cluster = Proxy.GetSection($"Clusters:{service}");

        Assert.Equal([$"http://{service}"], cluster.GetSection("Destinations").GetChildren().Select(d => d["Address"]));
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Grpc_cluster_forwards_http2_only_to_the_grpc_endpoint(string service)
    {
        var cluster = Proxy.GetSection($"Clusters:{service}-grpc");

        Assert.Equal("2", cluster["HttpRequest:Version"]);
        Assert.Equal("RequestVersionExact", cluster["HttpRequest:VersionPolicy"]);
        Assert.Equal([$"http://_grpc.{service}"], cluster.GetSection("Destinations").GetChildren().Select(d => d["Address"]));
    }

    [Fact]
    public void Every_cluster_is_one_of_the_five_services_rest_or_grpc()
    {
        var expected = Services.SelectMany(s => new[] { s, s + "-grpc" }).Order(StringComparer.Ordinal);

        Assert.Equal(expected, Proxy.GetSection("Clusters").GetChildren().Select(c => c.Key).Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> ServiceNames() => [.. Services];

    private static bool IsRest(IConfigurationSection route) =>
        route["Match:Path"]?.StartsWith("/api/", StringComparison.Ordinal) == true;

    private static string Describe(IConfigurationSection route) =>
        $"{route["ClusterId"]} {string.Join(',', (route.GetSection("Match:Methods").Get<string[]>() ?? []).Order(StringComparer.Ordinal))} {route["Match:Path"]}";

    [GeneratedRegex(@"^/(?<package>[a-z0-9_.]+)\.(?<service>[A-Za-z0-9_]+)/(?<method>[A-Za-z0-9_]+)$")]
    private static partial Regex GrpcPath();
}
