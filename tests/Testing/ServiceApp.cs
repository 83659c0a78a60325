using Grpc.Net.Client;
using HallPlatform.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace HallPlatform.Testing;

/// <summary>
/// A HallPlatform service in memory, on a fresh database of its own in the shared PostgreSQL server
/// (<paramref name="connectionName"/> is the service's connection string name, e.g. "complaintdb").
/// Derive to add service-specific setup in <see cref="ConfigureService"/>.
/// </summary>
public class ServiceApp<TProgram>(RealServersFixture servers, string connectionName, string databasePrefix)
    : WebApplicationFactory<TProgram>
    where TProgram : class
{
    public RealServersFixture Servers { get; } = servers;

    public string DatabaseConnectionString { get; } = servers.NewDatabaseConnectionString(databasePrefix);

    private int _databaseCreated;

    /// <summary>
    /// true (default): a request without a caller is served as <see cref="TestCallers.Administrator"/>, so tests
    /// that are not about identity need no setup. false: the service sees exactly what the client sent.
    /// </summary>
    public bool SignsUnsignedRequests { get; init; } = true;

    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting($"ConnectionStrings:{connectionName}", DatabaseConnectionString);
        builder.UseSetting(TestCallers.SigningKeySetting, TestCallers.SigningKey);
        if (SignsUnsignedRequests)
        {
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, SignAdministratorWhenUnsigned>());
        }
        ConfigureService(builder);
    }

    /// <summary>Creates this app's database, already migrated, just before the host first starts.</summary>
    protected sealed override IHost CreateHost(IHostBuilder builder)
    {
        if (Interlocked.Exchange(ref _databaseCreated, 1) == 0)
        {
            Servers.CreateMigratedDatabase(DatabaseConnectionString, typeof(TProgram).Assembly);
        }
        return base.CreateHost(builder);
    }

    /// <summary>Service-specific settings and test doubles; the database is already set.</summary>
    protected virtual void ConfigureService(IWebHostBuilder builder)
    {
    }

    /// <summary>Runs <paramref name="use"/> with a scoped service, e.g. the DbContext, to look at what was stored.</summary>
    public async Task<T> WithScopedAsync<TService, T>(Func<TService, Task<T>> use)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        // Tests in a collection run one after another: idle connections to this test's database can go.
        NpgsqlConnection.ClearAllPools();
    }
}

public static class WebApplicationFactoryExtensions
{
    /// <summary>A gRPC channel over the in-memory server (HTTP/2 without TLS, no port).</summary>
    public static GrpcChannel CreateGrpcChannel<TProgram>(this WebApplicationFactory<TProgram> factory)
        where TProgram : class =>
        GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });

    /// <summary>An HTTP client whose every request carries <paramref name="caller"/>, signed as the gateway would.</summary>
    public static HttpClient CreateClientAs<TProgram>(this WebApplicationFactory<TProgram> factory, HallCaller caller)
        where TProgram : class =>
        new(new SignedCallerHandler(caller, factory.Services.GetRequiredService<TimeProvider>(), factory.Server.CreateHandler()))
        {
            BaseAddress = factory.Server.BaseAddress,
        };

    /// <summary>A gRPC channel whose every call carries <paramref name="caller"/>, signed as the gateway would.</summary>
    public static GrpcChannel CreateGrpcChannelAs<TProgram>(this WebApplicationFactory<TProgram> factory, HallCaller caller)
        where TProgram : class =>
        GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = new SignedCallerHandler(caller, factory.Services.GetRequiredService<TimeProvider>(), factory.Server.CreateHandler()),
        });
}
