using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HallPlatform.Application;

/// <summary>
/// What every service's gRPC endpoint serves besides its own contract: <c>grpc.health.v1.Health</c> (the ASP.NET Core
/// health checks, as /health reports them) and server reflection (so grpcurl and similar tools can list the methods).
/// </summary>
public static class GrpcHosting
{
    /// <summary>The health service's path prefix: probes, answered without a signed caller.</summary>
    public const string HealthServicePath = "/grpc.health.v1.Health";

    public static IGrpcServerBuilder AddHallGrpc(this IServiceCollection services)
    {
        var grpc = services.AddGrpc();
        services.AddGrpcHealthChecks();
        services.AddGrpcReflection();
        return grpc;
    }

    /// <summary>Maps the health and reflection services next to the service's own.</summary>
    public static IEndpointRouteBuilder MapHallGrpcSupport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }
}
