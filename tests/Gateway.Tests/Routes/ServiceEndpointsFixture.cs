extern alias business;
extern alias complaint;
extern alias fault;
extern alias quality;
extern alias reception;

using System.Text.Json.Nodes;
using Grpc.AspNetCore.Server;
using HallPlatform.Gateway.OpenApi;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HallPlatform.Gateway.Tests.Routes;

/// <summary>
/// One endpoint a service really maps: its HTTP method and route pattern, the gRPC method behind it if any, the
/// parameters it binds, those of them bound with a TryParse or BindAsync of their type (which can fail before the
/// handler runs), and the type that declares its request delegate.
/// </summary>
public sealed record ServiceEndpoint(string Service, string Method, string Pattern, string? GrpcMethod, string DisplayName,
    IReadOnlyList<string> BoundParameters, IReadOnlyList<string> ParsedParameters, string? RequestDelegateType)
{
    public override string ToString() => $"{Service} {Method} {Pattern}";
}

/// <summary>
/// The five services started in-process, each as its own test project hosts it (<see cref="ServiceApp{TProgram}"/>:
/// a real PostgreSQL database, Redis for Reception, the test key ring), and every endpoint each one maps read from its
/// <see cref="EndpointDataSource"/>: what the services really answer, not what someone wrote down.
/// </summary>
public sealed class ServiceEndpointsFixture : IAsyncLifetime
{
    private readonly RealServersFixture _servers = new();

    public IReadOnlyList<ServiceEndpoint> Endpoints { get; private set; } = [];

    /// <summary>Each service's own OpenAPI document, as it serves it at /openapi/v1.json.</summary>
    public IReadOnlyList<ServiceOpenApiDocument> Documents { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();
        List<ServiceEndpoint> endpoints = [];
        List<ServiceOpenApiDocument> documents = [];
        foreach (var (serviceEndpoints, document) in new[]
        {
            await ReadAsync(new EndpointsApp<reception::Program>(_servers, "receptiondb", usesRedis: true), "reception"),
            await ReadAsync(new EndpointsApp<business::Program>(_servers, "businessdb"), "business"),
            await ReadAsync(new EndpointsApp<fault::Program>(_servers, "faultdb"), "fault"),
            await ReadAsync(new EndpointsApp<complaint::Program>(_servers, "complaintdb"), "complaint"),
            await ReadAsync(new EndpointsApp<quality::Program>(_servers, "qualitydb"), "quality"),
        })
        {
            endpoints.AddRange(serviceEndpoints);
            documents.Add(document);
        }
        Endpoints = endpoints;
        Documents = documents;
    }

    public Task DisposeAsync() => _servers.DisposeAsync();

    private static async Task<(IEnumerable<ServiceEndpoint> Endpoints, ServiceOpenApiDocument Document)> ReadAsync<TProgram>(
        EndpointsApp<TProgram> app, string service)
        where TProgram : class
    {
        await using (app)
        {
            using var client = app.CreateClient();
            var json = await client.GetStringAsync(new Uri(AggregatedOpenApiDocument.ServiceDocumentPath, UriKind.Relative));
            var document = new ServiceOpenApiDocument(service, JsonNode.Parse(json)!.AsObject());
            var source = app.Services.GetRequiredService<EndpointDataSource>();
            return ([.. source.Endpoints.OfType<RouteEndpoint>().SelectMany(endpoint =>
            {
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
                var grpc = endpoint.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method;
                var parameters = endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>();
                string[] bound = [.. parameters.Select(parameter => parameter.Name)];
                string[] parsed = [.. parameters.Where(parameter => parameter.HasTryParse || parameter.HasBindAsync).Select(parameter => parameter.Name)];
                var delegateType = endpoint.RequestDelegate?.Method.DeclaringType?.FullName;
                return methods.Select(method => new ServiceEndpoint(service, method, endpoint.RoutePattern.RawText ?? "",
                    grpc is null ? null : $"{grpc.ServiceName}/{grpc.Name}", endpoint.DisplayName ?? "", bound, parsed, delegateType));
            })], document);
        }
    }

    private sealed class EndpointsApp<TProgram>(RealServersFixture servers, string connectionName, bool usesRedis = false)
        : ServiceApp<TProgram>(servers, connectionName, connectionName.Replace("db", "", StringComparison.Ordinal))
        where TProgram : class
    {
        protected override void ConfigureService(IWebHostBuilder builder)
        {
            TestDataProtection.Configure(builder);
            if (usesRedis)
            {
                builder.UseSetting("ConnectionStrings:redis", Servers.RedisConnectionString);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceEndpointsCollection : ICollectionFixture<ServiceEndpointsFixture>
{
    public const string Name = "service-endpoints";
}
