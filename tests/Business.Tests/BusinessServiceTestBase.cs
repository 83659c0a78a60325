using System.Net;
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
    private BusinessApp? _factory;
    private GrpcChannel? _channel;

    protected HttpClient Http { get; private set; } = null!;
    protected OrderService.OrderServiceClient Grpc { get; private set; } = null!;

    protected BusinessApp App => _factory ?? throw new InvalidOperationException("Not initialised.");

    public Task InitializeAsync()
    {
        _factory = new BusinessApp(servers);
        Http = _factory.CreateClient();
        _channel = _factory.CreateGrpcChannel();
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

    protected static Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) => response.ReadJsonAsync();

    /// <summary>Asserts an RFC 9457 body with the given status and a traceId, and returns it.</summary>
    protected static Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status) =>
        ProblemAssert.IsProblemAsync(response, (HttpStatusCode)status);
}
