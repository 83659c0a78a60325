using System.Net;
using System.Net.Sockets;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HallPlatform.Gateway.Tests;

/// <summary>
/// The gateway in-process, wired through service discovery configuration (as Aspire would) to real backends:
/// reception and business are <see cref="TestBackend"/>s; fault, complaint and quality point at a closed port,
/// i.e. they are down. The business cluster gets a short activity timeout so the timeout case is quick, and the OpenAPI cache
/// lasts the whole run.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string ReceptionOpenApi = """
        {
          "openapi": "3.1.1",
          "info": { "title": "reception", "version": "1.0" },
          "paths": {
            "/api/v1/visits": {
              "post": { "tags": ["Visits"], "responses": { "201": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Visit" } } } } } },
              "get": { "responses": { "200": { "description": "not routed by the gateway" } } }
            },
            "/api/v1/visits/{visitId}": {
              "get": { "responses": { "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Visit" } } } } } }
            },
            "/api/v1/internal/queues/reset": {
              "post": { "responses": { "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ResetResult" } } } } } }
            }
          },
          "components": { "schemas": {
            "Visit": { "type": "object", "properties": { "visitId": { "type": "string" }, "fee": { "$ref": "#/components/schemas/Money" } } },
            "Money": { "type": "object", "properties": { "fen": { "type": "integer" } } },
            "ResetResult": { "type": "object" }
          } },
          "tags": [ { "name": "Visits" } ]
        }
        """;

    public const string BusinessOpenApi = """
        {
          "openapi": "3.1.1",
          "info": { "title": "business", "version": "1.0" },
          "paths": {
            "/api/v1/orders/{id}": {
              "get": { "responses": { "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Money" } } } } } }
            }
          },
          "components": { "schemas": {
            "Money": { "type": "object", "properties": { "amountFen": { "type": "integer" }, "currency": { "type": "string" } } }
          } }
        }
        """;

    private static readonly string[] DownServices = ["fault", "complaint", "quality"];

    public TestBackend Reception { get; private set; } = null!;

    public TestBackend Business { get; private set; } = null!;

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    /// <summary>A real Redis (and PostgreSQL) for the gateway's idempotency keys.</summary>
    public RealServersFixture Servers { get; } = new();

    public async Task InitializeAsync()
    {
        await Servers.InitializeAsync();
        Reception = await TestBackend.StartAsync("reception", ReceptionOpenApi);
        Business = await TestBackend.StartAsync("business", BusinessOpenApi);
        var nobodyListening = new Uri($"http://127.0.0.1:{ClosedPort()}");

        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("services:reception:http:0", Reception.HttpAddress.ToString());
            web.UseSetting("services:reception:grpc:0", Reception.GrpcAddress.ToString());
            web.UseSetting("services:business:http:0", Business.HttpAddress.ToString());
            web.UseSetting("services:business:grpc:0", Business.GrpcAddress.ToString());
            foreach (var service in DownServices)
            {
                web.UseSetting($"services:{service}:http:0", nobodyListening.ToString());
                web.UseSetting($"services:{service}:grpc:0", nobodyListening.ToString());
            }
            web.UseSetting("ReverseProxy:Clusters:business:HttpRequest:ActivityTimeout", "00:00:02");
            foreach (var (key, value) in GatewayCredentials.Settings)
            {
                web.UseSetting(key, value);
            }
            web.UseSetting("ConnectionStrings:redis", Servers.RedisConnectionString);
            // Every test here is one anonymous client (no address in-process); the edge tests turn limits back on.
            web.UseSetting("Gateway:RateLimits:Enabled", "false");
            // Long enough that the whole run sees one fetch per service, so caching can be asserted exactly.
            web.UseSetting("Gateway:OpenApi:CacheDuration", "01:00:00");
        });
        // Start the host now, so a broken proxy configuration fails here with YARP's own validation message.
        _ = Factory.Server;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Reception.DisposeAsync();
        await Business.DisposeAsync();
        await Servers.DisposeAsync();
    }

    /// <summary>A port that was free a moment ago and that nothing listens on: connections are refused at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
