using HallPlatform.Gateway.OpenApi;
using HallPlatform.Gateway.Tests.Routes;
using Microsoft.Extensions.Configuration;

namespace HallPlatform.Gateway.Tests;

/// <summary>
/// Checks the gateway's committed appsettings.json, the file that actually ships: its shape. Which routes it has is
/// checked against the services' real endpoints (Routes/GatewayRoutesMatchServiceEndpointsTests.cs).
/// </summary>
public sealed class GatewayConfigurationTests
{
    private static readonly IConfigurationSection Proxy = ShippedGatewayRoutes.ReverseProxy;

    private static readonly string[] Services = ["reception", "business", "fault", "complaint", "quality"];

    public static TheoryData<string> RouteIds() => [.. Proxy.GetSection("Routes").GetChildren().Select(r => r.Key)];

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
    public void Each_path_has_one_route_holding_all_its_methods()
    {
        // Then a path's other methods get the gateway's 405 with Allow, rather than a second route's answer. Paths every
        // service serves (gRPC reflection) have one route per service, told apart by the service header.
        var paths = ShippedGatewayRoutes.All
            .Select(r => $"{OpenApiDocumentMerger.NormalizePathTemplate(r.Path)} {r.ServiceHeader}")
            .ToList();

        Assert.Equal(paths.Count, paths.Distinct(StringComparer.Ordinal).Count());
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
}
