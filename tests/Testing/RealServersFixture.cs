using System.Collections.Concurrent;
using System.Reflection;
using HallPlatform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;
using Xunit;

namespace HallPlatform.Testing;

/// <summary>
/// A real Redis and a real PostgreSQL, started from the same scripts the AppHost uses, on random 127.0.0.1 ports
/// with throw-away data folders, stopped by process id when the tests are done. Share one per test collection.
/// </summary>
public sealed class RealServersFixture : IAsyncLifetime
{
    private const string RedisPassword = "test-redis-password";
    private const string PostgresPassword = "test-postgres-password";

    private readonly string _dataRoot = Path.Combine(Path.GetTempPath(), "hall-tests-" + Guid.NewGuid().ToString("N")[..12]);
    private ServerProcess? _redis;
    private int _redisPort;
    private ServerProcess? _postgres;
    private int _databaseCounter;
    private readonly ConcurrentDictionary<Assembly, Lazy<string>> _migratedTemplates = new();

    public string RedisConnectionString { get; private set; } = "";

    /// <summary>Connection string of the server's maintenance database ("postgres").</summary>
    public string PostgresConnectionString { get; private set; } = "";

    public int RedisProcessId => _redis?.ProcessId ?? 0;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataRoot);
        _redisPort = ServerProcess.FreeLoopbackPort();
        _redis = StartRedis();
        RedisConnectionString = $"127.0.0.1:{_redisPort},password={RedisPassword},abortConnect=false";

        var postgresPort = ServerProcess.FreeLoopbackPort();
        var postgresData = Path.Combine(_dataRoot, "postgres");
        _postgres = ServerProcess.Start("postgres-server.sh", postgresData, postgresPort,
            new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = PostgresPassword, ["POSTGRES_THROWAWAY"] = "1" },
            pidFileForSignal: Path.Combine(postgresData, "postmaster.pid"));
        PostgresConnectionString =
            $"Host=127.0.0.1;Port={postgresPort};Username=postgres;Password={PostgresPassword};Database=postgres";

        await WaitForRedisAsync(_redis);
        await WaitUntilAsync("PostgreSQL", _postgres, async () =>
        {
            await using var connection = new NpgsqlConnection(PostgresConnectionString + ";Pooling=false");
            await connection.OpenAsync();
        });
    }

    /// <summary>
    /// Crashes Redis (SIGKILL, no shutdown save) and starts it again on the same port and data folder, so it comes
    /// back with what its append-only file holds: the test of "the queue survives a Redis restart".
    /// </summary>
    public async Task RestartRedisAsync()
    {
        _redis?.Kill();
        _redis?.Dispose();
        _redis = StartRedis();
        await WaitForRedisAsync(_redis);
    }

    private ServerProcess StartRedis() =>
        ServerProcess.Start("redis-server.sh", Path.Combine(_dataRoot, "redis"), _redisPort,
            new Dictionary<string, string> { ["REDIS_PASSWORD"] = RedisPassword });

    private Task WaitForRedisAsync(ServerProcess redis) => WaitUntilAsync("Redis", redis, async () =>
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(RedisConnectionString);
        await connection.GetDatabase().PingAsync();
    });

    /// <summary>
    /// A connection string for a database of its own that does not exist yet (a service app creates it from its
    /// migrated template, see <see cref="CreateMigratedDatabase"/>), so tests never see each other's rows.
    /// </summary>
    public string NewDatabaseConnectionString(string prefix)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid().ToString("N")[..8]}".ToLowerInvariant();
        return new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Creates the database of <paramref name="connectionString"/> as a copy of the service's migrated template: the
    /// service's own start-up migration then finds nothing to apply. Copying takes about half the time of migrating
    /// from scratch, and every service test starts its app on a database of its own.
    /// </summary>
    public void CreateMigratedDatabase(string connectionString, Assembly serviceAssembly)
    {
        var template = _migratedTemplates
            .GetOrAdd(serviceAssembly, assembly => new Lazy<string>(() => CreateMigratedTemplate(assembly)))
            .Value;
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        using var connection = new NpgsqlConnection(PostgresConnectionString + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\" TEMPLATE \"{template}\" STRATEGY FILE_COPY", connection);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Migrates a template database for the service's DbContext (the one its design-time factory names), configured
    /// as the service configures it. Nothing else ever connects to it, as PostgreSQL requires of a template.
    /// </summary>
    private string CreateMigratedTemplate(Assembly serviceAssembly)
    {
        var contextType = serviceAssembly.GetTypes()
            .SelectMany(type => type.GetInterfaces())
            .Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDesignTimeDbContextFactory<>))
            .GetGenericArguments()[0];
        var template = "template_" + contextType.Name.ToLowerInvariant();
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = template, Pooling = false }.ConnectionString;
        typeof(RealServersFixture).GetMethod(nameof(Migrate), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(contextType)
            .Invoke(null, [connectionString]);
        return template;
    }

    private static void Migrate<TContext>(string connectionString)
        where TContext : DbContext
    {
        using var services = new ServiceCollection()
            .AddSingleton(TestDataProtection.Protector())
            .AddDbContext<TContext>(options => options
                .UseNpgsql(connectionString)
                .ReplaceService<IModelCacheKeyFactory, PersonalDataModelCacheKeyFactory>())
            .BuildServiceProvider();
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TContext>().Database.Migrate();
    }

    public Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        _redis?.Dispose();
        _postgres?.Dispose();
        try
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
        catch (IOException)
        {
            // A server that ignored its signal still holds files; the folder is in the temp directory anyway.
        }
        catch (UnauthorizedAccessException)
        {
        }
        return Task.CompletedTask;
    }

    private static async Task WaitUntilAsync(string name, ServerProcess process, Func<Task> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited during start-up.");
            }
            try
            {
                await probe();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
