using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Contracts.Business.V1;
using HallPlatform.Messaging;
using HallPlatform.Reception.Data;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>
/// The Reception service in memory against the real Redis and a fresh PostgreSQL database of its own, with
/// the case owners replaced by <see cref="FakeOwners"/> and, optionally, a fake clock.
/// </summary>
public sealed class ReceptionApp : ServiceApp<Program>
{
    public const string Hall = "hall-001";

    private readonly TimeProvider? _time;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public ReceptionApp(RealServersFixture servers, TimeProvider? time = null, IReadOnlyDictionary<string, string>? settings = null)
        : base(servers, "receptiondb", "reception")
    {
        _time = time;
        _settings = settings ?? new Dictionary<string, string>();
        Redis = ConnectionMultiplexer.Connect(servers.RedisConnectionString + ",allowAdmin=true");
        // Service tests run one at a time (one collection), so a clean Redis per app is safe.
        Redis.GetDatabase().Execute("FLUSHDB");
    }

    /// <summary>Business, Fault and Complaint as Reception's case owners (one fake for the three).</summary>
    public FakeOwners Business { get; } = new();

    public ConnectionMultiplexer Redis { get; }

    /// <summary>
    /// When set, Reception consumes this stream (as producer "test") instead of its configured producers, which
    /// service tests never reach.
    /// </summary>
    public IIntegrationEventSource? EventSource { get; init; }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:redis", Servers.RedisConnectionString);
        builder.UseSetting("Reception:Events:Subscribe", "false");
        if (EventSource is { } source)
        {
            builder.ConfigureServices(services => services.AddEventSubscription<ReceptionDbContext>(
                new EventSubscriptionSettings("reception", "test") { FirstRetryDelay = TimeSpan.FromMilliseconds(5) }, _ => source));
        }
        TestDataProtection.Configure(builder);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new OrderService.OrderServiceClient(Business));
            services.AddSingleton(new Contracts.Fault.V1.TroubleTicketService.TroubleTicketServiceClient(Business));
            services.AddSingleton(new Contracts.Complaint.V1.ComplaintService.ComplaintServiceClient(Business));
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

    /// <summary>The visit as EF reads it back (personal data decrypted).</summary>
    public Task<Reception.Domain.Visit> StoredVisitAsync(string visitId) =>
        WithScopedAsync<ReceptionDbContext, Reception.Domain.Visit>(db => db.Visits.AsNoTracking().SingleAsync(v => v.Id == visitId));

    /// <summary>Waiting tickets of a service type in Redis, normal and priority queues together.</summary>
    public async Task<long> QueueLengthAsync(string serviceType) =>
        await RedisDb.SortedSetLengthAsync(QueueKeys.Queue(Hall, serviceType)) + await RedisDb.SortedSetLengthAsync(QueueKeys.PriorityQueue(Hall, serviceType));

    public static readonly string[] ServiceTypes = ["new-line", "plan-change", "billing", "fault-report", "complaint"];

    /// <summary>visitId -> the Redis queue keys holding it, over every queue of the hall.</summary>
    public async Task<Dictionary<string, List<string>>> QueueMembershipAsync()
    {
        var membership = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var key in QueueStore.AllQueues(Hall, ServiceTypes))
        {
            foreach (var member in await RedisDb.SortedSetRangeByRankAsync(key))
            {
                if (!membership.TryGetValue(member!, out var keys))
                {
                    membership[member!] = keys = [];
                }
                keys.Add(key);
            }
        }
        return membership;
    }

    public async Task<List<(string Id, string Status, string ServiceType, string PriorityClass)>> VisitRowsAsync()
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, status, service_type, priority_class FROM visits", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }
        return rows;
    }

    /// <summary>POSTs JSON (or nothing) and returns the response; the caller disposes it.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, object? body = null) =>
        body is null ? client.PostAsync(url, null) : client.PostAsJsonAsync(url, body);

    /// <summary>POSTs and asserts 200; returns the JSON body.</summary>
    public static async Task<JsonElement> PostOkAsync(HttpClient client, string url, object? body = null)
    {
        using var response = await PostAsync(client, url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"POST {url}: {response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    public async Task<JsonElement> CheckInWithAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/visits", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"check-in: {response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

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
