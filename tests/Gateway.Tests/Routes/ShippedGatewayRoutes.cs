using HallPlatform.Testing;
using Microsoft.Extensions.Configuration;

namespace HallPlatform.Gateway.Tests.Routes;

/// <summary>One route of the shipped gateway/appsettings.json.</summary>
public sealed record GatewayRoute(
    string RouteId, string ClusterId, string Path, IReadOnlyList<string> Methods, string? AuthorizationPolicy, string? ServiceHeader = null)
{
    /// <summary>
    /// The header that picks the service when one path is served by every service (gRPC reflection): a route with
    /// <c>Match:Headers</c> on it reaches only the service its value names.
    /// </summary>
    public const string ServiceHeaderName = "x-hall-service";

    /// <summary>gRPC routes forward to a service's HTTP/2 cluster (<c>{service}-grpc</c>).</summary>
    public bool IsGrpc => ClusterId.EndsWith(GrpcClusterSuffix, StringComparison.Ordinal);

    /// <summary>The service behind the route's cluster.</summary>
    public string Service => IsGrpc ? ClusterId[..^GrpcClusterSuffix.Length] : ClusterId;

    public const string GrpcClusterSuffix = "-grpc";

    public override string ToString() => $"{RouteId} ({string.Join(',', Methods)} {Path})";
}

/// <summary>
/// The gateway's routes as the committed gateway/appsettings.json ships them, read in one place for every test that
/// needs them. That they are exactly the services' real endpoints is checked by <see cref="GatewayRoutesMatchServiceEndpointsTests"/>.
/// </summary>
public static class ShippedGatewayRoutes
{
    public static IConfigurationSection ReverseProxy { get; } = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(RepositoryPaths.Root, "gateway", "appsettings.json"), optional: false)
        .Build()
        .GetSection("ReverseProxy");

    public static IReadOnlyList<GatewayRoute> All { get; } =
    [
        .. ReverseProxy.GetSection("Routes").GetChildren().Select(route => new GatewayRoute(
            route.Key,
            route["ClusterId"] ?? "",
            route["Match:Path"] ?? "",
            route.GetSection("Match:Methods").Get<string[]>() ?? [],
            route["AuthorizationPolicy"],
            route.GetSection("Match:Headers").GetChildren()
                .Where(header => string.Equals(header["Name"], GatewayRoute.ServiceHeaderName, StringComparison.OrdinalIgnoreCase))
                .Select(header => header["Values:0"])
                .FirstOrDefault())),
    ];
}
