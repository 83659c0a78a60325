using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Net.Client;
using HallPlatform.Contracts.Business.V1;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HallPlatform.Business.Tests;

[CollectionDefinition(Name)]
public sealed class RealServersCollection : ICollectionFixture<RealServersFixture>
{
    public const string Name = "real servers";
}

/// <summary>Starts the Business service in memory against a fresh database of its own on the shared PostgreSQL.</summary>
public abstract class BusinessServiceTestBase(RealServersFixture servers) : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private GrpcChannel? _channel;

    protected HttpClient Http { get; private set; } = null!;
    protected OrderService.OrderServiceClient Grpc { get; private set; } = null!;

    public Task InitializeAsync()
    {
        var connectionString = servers.NewDatabaseConnectionString("business");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
            builder.UseSetting("ConnectionStrings:businessdb", connectionString));
        Http = _factory.CreateClient();
        _channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = _factory.Server.CreateHandler(),
        });
        Grpc = new OrderService.OrderServiceClient(_channel);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        _channel?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    protected static string NewVisitId() => "vis_" + Guid.NewGuid().ToString("N");

    protected async Task<OrderReply> OpenOrderAsync(string? visitId = null) =>
        await Grpc.OpenOrderAsync(new OpenOrderRequest
        {
            VisitId = visitId ?? NewVisitId(),
            HallId = "hall_1",
            ServiceType = "A",
            CounterId = "counter_3",
            TicketNumber = "A017",
        });

    protected static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Asserts an RFC 9457 body with the given status and a traceId, and returns it.</summary>
    protected static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        return problem;
    }
}
