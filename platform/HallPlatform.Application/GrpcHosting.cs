using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HallPlatform.Application;

/// <summary>
/// What every service's gRPC endpoint serves besides its own contract: <c>grpc.health.v1.Health</c> (the ASP.NET Core
/// health checks, as /health reports them) and server reflection (so grpcurl and similar tools can list the methods).
/// Every method, those included, reads its request through <see cref="ReadableRequestMethodProvider{TService}"/>, so an
/// unreadable message is INVALID_ARGUMENT.
/// </summary>
public static class GrpcHosting
{
    /// <summary>The health service's path prefix: probes, answered without a signed caller.</summary>
    public const string HealthServicePath = "/grpc.health.v1.Health";

    public static IGrpcServerBuilder AddHallGrpc(this IServiceCollection services)
    {
        // Every request message is refused with InvalidArgument when a string field holds U+0000 (PostgreSQL cannot store it).
        var grpc = services.AddGrpc(options => options.Interceptors.Add<NulFreeRequests>());
        // Replaces grpc-dotnet's own binder (same methods, readable-request marshallers); both would map every path twice.
        services.RemoveAll(typeof(IServiceMethodProvider<>));
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(ReadableRequestMethodProvider<>));
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
