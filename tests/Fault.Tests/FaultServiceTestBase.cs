using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Net.Client;
using HallPlatform.Contracts.Fault.V1;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HallPlatform.Fault.Tests;

[CollectionDefinition(Name)]
public sealed class RealServersCollection : ICollectionFixture<RealServersFixture>
{
    public const string Name = "real servers";
}

/// <summary>
/// Starts the Fault service in memory against a fresh database of its own on the shared PostgreSQL, with a fake
/// clock (so deadlines can be checked exactly) and every log line captured (so personal data can be looked for).
/// </summary>
public abstract class FaultServiceTestBase(RealServersFixture servers) : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private FaultApp? _app;
    private WebApplicationFactory<Program>? _factory;
    private GrpcChannel? _channel;

    protected FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>The shared PostgreSQL and Redis, for tests that start another instance of the service.</summary>
    protected RealServersFixture Servers => servers;

    /// <summary>The service in memory, for clients signed as a particular caller (CreateClientAs, CreateGrpcChannelAs).</summary>
    protected WebApplicationFactory<Program> App => _factory!;

    /// <summary>The connection string of this test's own database, to look at what is stored with raw SQL.</summary>
    protected string DatabaseConnectionString => _app!.DatabaseConnectionString;

    protected CapturedLogs Logs { get; } = new();
    protected HttpClient Http { get; private set; } = null!;
    protected TroubleTicketService.TroubleTicketServiceClient Grpc { get; private set; } = null!;

    public Task InitializeAsync()
    {
        _app = new FaultApp(servers);
        _factory = _app.WithWebHostBuilder(builder =>
        {
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        });
        Http = _factory.CreateClient();
        _channel = _factory.CreateGrpcChannel();
        Grpc = new TroubleTicketService.TroubleTicketServiceClient(_channel);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        _channel?.Dispose();
        if (_app is not null)
        {
            // Disposes the derived factory (_factory) too.
            await _app.DisposeAsync();
        }
    }

    /// <summary>Runs <paramref name="use"/> with a scoped service of the running app (the DbContext, the blind index...).</summary>
    protected async Task<T> WithScopedAsync<TService, T>(Func<TService, Task<T>> use)
        where TService : notnull
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    protected static string NewExternalId() => "ext-" + Guid.NewGuid().ToString("N");

    protected static object HallReport(string customerPhone = Reports.Phone) => new
    {
        channel = "hall",
        name = "No signal",
        description = "No mobile signal at home since this morning",
        severity = "major",
        ticketType = "mobile",
        hallId = "hall_1",
        customerPhone,
    };

    protected static ReportFaultRequest PartnerRequest(string externalId, string channel = "online") => new()
    {
        Channel = channel,
        ExternalId = externalId,
        Name = "Broadband down",
        Description = "Router shows no link",
        Severity = "critical",
        TicketType = "broadband",
        CustomerPhone = Reports.Phone,
    };

    /// <summary>Registers a hall ticket over REST and returns its id.</summary>
    protected async Task<string> CreateHallTicketAsync()
    {
        var response = await Http.PostAsJsonAsync("/api/v1/trouble-tickets", HallReport());
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("ticketId").GetString()!;
    }

    protected Task<HttpResponseMessage> ChangeStatusAsync(string ticketId, string status, string reason = "test") =>
        Http.PostAsJsonAsync($"/api/v1/trouble-tickets/{ticketId}/status", new { status, reason });

    protected static Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) => response.ReadJsonAsync();

    /// <summary>Asserts an RFC 9457 body with the given status and a traceId, and returns it.</summary>
    protected static Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status) =>
        ProblemAssert.IsProblemAsync(response, (HttpStatusCode)status);
}
