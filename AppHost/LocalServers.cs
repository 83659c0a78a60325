using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StackExchange.Redis;

namespace HallPlatform.AppHost;

/// <summary>Redis run from the OS's redis-server by scripts/redis-server.sh (AOF on, loopback only).</summary>
public sealed class LocalRedisResource(string name, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ParameterResource Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={Password}");
}

/// <summary>PostgreSQL run from the OS's server binaries by scripts/postgres-server.sh (initdb on first run).</summary>
public sealed class LocalPostgresResource(string name, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ParameterResource Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username=postgres;Password={Password}");
}

/// <summary>One service's database on the local PostgreSQL server; the service's EF migrations create it.</summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}

public static class LocalServerBuilderExtensions
{
    /// <summary>Adds Redis from the OS packages, with its data (AOF) under <paramref name="dataDirectory"/>.</summary>
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, string scriptsDirectory, string dataDirectory)
    {
        var password = builder.AddGeneratedPassword(name);
        var resource = new LocalRedisResource(name, scriptsDirectory, password.Resource);
        return builder.AddLocalServer(resource, resource.PrimaryEndpoint, "redis-server.sh", "REDIS_PASSWORD", password,
            dataDirectory, async (connectionString, _) =>
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(connectionString + ",abortConnect=true,connectTimeout=2000");
                await connection.GetDatabase().PingAsync();
            });
    }

    /// <summary>Adds PostgreSQL from the OS packages, with its cluster under <paramref name="dataDirectory"/>.</summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string scriptsDirectory, string dataDirectory)
    {
        var password = builder.AddGeneratedPassword(name);
        var resource = new LocalPostgresResource(name, scriptsDirectory, password.Resource);
        return builder.AddLocalServer(resource, resource.PrimaryEndpoint, "postgres-server.sh", "POSTGRES_PASSWORD", password,
            dataDirectory, async (connectionString, cancellationToken) =>
            {
                await using var connection = new NpgsqlConnection(connectionString + ";Database=postgres;Pooling=false;Timeout=3");
                await connection.OpenAsync(cancellationToken);
            });
    }

    /// <summary>Generated on first run and kept in the AppHost's user secrets, so the data folders keep working.</summary>
    private static IResourceBuilder<ParameterResource> AddGeneratedPassword(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter($"{name}-password", new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true);

    /// <summary>
    /// Runs <c>bash scripts/SCRIPT DATA_DIR PORT</c> on the endpoint's allocated port, with the password in the
    /// environment (never on the command line), and reports healthy once <paramref name="probe"/> succeeds.
    /// </summary>
    private static IResourceBuilder<T> AddLocalServer<T>(
        this IDistributedApplicationBuilder builder, T resource, EndpointReference endpoint, string script,
        string passwordVariable, IResourceBuilder<ParameterResource> password, string dataDirectory,
        Func<string, CancellationToken, Task> probe)
        where T : ExecutableResource, IResourceWithConnectionString
    {
        var healthCheckKey = $"{resource.Name}_check";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheckKey, async cancellationToken =>
        {
            try
            {
                var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
                await probe(connectionString ?? "", cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception exception) when (exception is RedisException or NpgsqlException or InvalidOperationException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy(exception.Message);
            }
        });

        return builder.AddResource(resource)
            .WithEndpoint(name: endpoint.EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                context.Args.Add(Path.Combine(resource.WorkingDirectory, script));
                context.Args.Add(Path.Combine(dataDirectory, resource.Name));
                context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
            })
            .WithEnvironment(passwordVariable, password)
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>
    /// Adds a database of the local server. It shows as running in the dashboard once the server is healthy;
    /// the owning service creates it with its migrations.
    /// </summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresResource> server, string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        var builder = server.ApplicationBuilder;
        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (@event, cancellationToken) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            await notifications.PublishUpdateAsync(database, snapshot => snapshot with
            {
                State = KnownResourceStates.Running,
            });
        });
        return builder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new("postgres.database", database.DatabaseName)],
            });
    }
}
