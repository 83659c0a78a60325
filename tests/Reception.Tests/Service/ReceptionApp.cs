using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Contracts.Business.V1;
using HallPlatform.Reception.Data;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>
/// The Reception service in memory against the real Redis and a fresh PostgreSQL database of its own, with
/// Business replaced by <see cref="FakeBusiness"/> and, optionally, a fake clock.
/// </summary>
public sealed class ReceptionApp : ServiceApp<Program>
{
    public const string Hall = "hall-001";

    private readonly TimeProvider? _time;

    public ReceptionApp(RealServersFixture servers, TimeProvider? time = null)
        : base(servers, "receptiondb", "reception")
    {
        _time = time;
        Redis = ConnectionMultiplexer.Connect(servers.RedisConnectionString + ",allowAdmin=true");
        // Service tests run one at a time (one collection), so a clean Redis per app is safe.
        Redis.GetDatabase().Execute("FLUSHDB");
    }

    public FakeBusiness Business { get; } = new();

    public ConnectionMultiplexer Redis { get; }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:redis", Servers.RedisConnectionString);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new OrderService.OrderServiceClient(Business));
            if (_time is not null)
            {
                services.AddSingleton(_time);
            }
        });
    }

    /// <summary>Runs SQL against this app's own database (e.g. to make a write fail on purpose).</summary>
    public async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T?)await command.ExecuteScalarAsync();
    }

    public IDatabase RedisDb => Redis.GetDatabase();

    public Task<long> QueueLengthAsync(string serviceType) => RedisDb.SortedSetLengthAsync(QueueKeys.Queue(Hall, serviceType));

    public static object CheckInBody(string serviceType, string name = "Li Lei", string phone = "13800138000", string? channel = null) =>
        new { customerName = name, customerPhone = phone, serviceType, channel };

    public async Task<JsonElement> CheckInAsync(HttpClient client, string serviceType, string name = "Li Lei", string phone = "13800138000")
    {
        using var response = await client.PostAsJsonAsync("/api/v1/visits", CheckInBody(serviceType, name, phone));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
