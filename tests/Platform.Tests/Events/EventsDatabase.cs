using System.Runtime.CompilerServices;
using Grpc.Core;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Messaging;
using HallPlatform.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HallPlatform.Platform.Tests.Events;

/// <summary>One real PostgreSQL for the event tests; each test makes a database of its own.</summary>
[CollectionDefinition(Name)]
public sealed class EventServersCollection : ICollectionFixture<RealServersFixture>
{
    public const string Name = "Event servers";
}

/// <summary>A service's database as far as events go: its outbox, its consumer tables, and a table of "effects".</summary>
public sealed class EventsTestDbContext(DbContextOptions<EventsTestDbContext> options) : DbContext(options)
{
    public DbSet<Effect> Effects => Set<Effect>();

    public DbSet<OutboxEvent> Outbox => Set<OutboxEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutbox();
        modelBuilder.AddEventConsumption();
        modelBuilder.Entity<Effect>(effect =>
        {
            effect.ToTable("effects");
            effect.HasKey(e => e.Id);
            effect.Property(e => e.Id).HasColumnName("id").ValueGeneratedOnAdd();
            effect.Property(e => e.Name).HasColumnName("name");
            // No unique event id on purpose: an event applied twice shows as two rows.
            effect.Property(e => e.EventId).HasColumnName("event_id");
            effect.HasIndex(e => e.Name).IsUnique();
        });
    }
}

/// <summary>A change a test makes (unique name), or what a consumer's applier did for an event.</summary>
public sealed class Effect
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public Guid? EventId { get; set; }
}

public static class EventsDatabase
{
    /// <summary>A fresh database with the tables and the outbox's ordering trigger, as a service's migration makes them.</summary>
    public static async Task<ServiceProvider> CreateAsync(RealServersFixture servers, Action<IServiceCollection>? configure = null)
    {
        var connectionString = servers.NewDatabaseConnectionString("events");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddDbContext<EventsTestDbContext>(o => o.UseNpgsql(connectionString));
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsTestDbContext>();
        await db.Database.EnsureCreatedAsync();
        await db.Database.ExecuteSqlRawAsync(OutboxSql.OrderedCommits);
        return provider;
    }

    public static async Task<T> WithDbAsync<T>(this IServiceProvider provider, Func<EventsTestDbContext, Task<T>> use)
    {
        await using var scope = provider.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<EventsTestDbContext>());
    }

    /// <summary>A change and its event, saved together.</summary>
    public static Task<long> WriteChangeWithEventAsync(this IServiceProvider provider, string name) => provider.WithDbAsync(async db =>
    {
        db.Effects.Add(new Effect { Name = name });
        var row = db.RecordIntegrationEvent(new IntegrationEvent("test.changed", name, "hall-001", JourneyId: null, new { name }), DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
        return row.Position;
    });

    /// <summary>Polls <paramref name="condition"/> until it holds or 20 s have passed (then fails).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }
}

/// <summary>
/// A producer's stream for consumer tests: the events after the requested position (optionally each twice), then
/// silence until cancelled, like an idle Subscribe. Records every position it was asked to start after.
/// </summary>
public sealed class ListEventSource(IReadOnlyList<EventEnvelope> events, bool deliverTwice = false) : IIntegrationEventSource
{
    private readonly List<long> _requests = [];

    public IReadOnlyList<long> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public async IAsyncEnumerable<EventEnvelope> SubscribeAsync(long afterPosition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lock (_requests)
        {
            _requests.Add(afterPosition);
        }
        foreach (var envelope in events.Where(e => e.Position > afterPosition))
        {
            yield return envelope;
            if (deliverTwice)
            {
                yield return envelope;
            }
        }
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    public static EventEnvelope Envelope(long position, string name, long? head = null) => new()
    {
        Position = position,
        EventId = Guid.NewGuid().ToString(),
        Type = "test.changed",
        Producer = "producer",
        SubjectId = name,
        PayloadJson = $$"""{"name":"{{name}}"}""",
        HeadPosition = head ?? position,
    };
}

/// <summary>Applies <c>test.changed</c> as an effect row; names starting "fail" always throw.</summary>
public sealed class EffectApplier(AttemptLog attempts) : IIntegrationEventApplier<EventsTestDbContext>
{
    public IReadOnlyCollection<string> EventTypes { get; } = ["test.changed"];

    public Task HandleAsync(EventEnvelope envelope, EventsTestDbContext db, CancellationToken cancellationToken)
    {
        var name = envelope.PayloadAs<Payload>().Name;
        attempts.Add(name);
        if (name.StartsWith("fail", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the applier refuses " + name);
        }
        db.Effects.Add(new Effect { Name = name + "-" + Guid.NewGuid().ToString("N")[..6], EventId = Guid.Parse(envelope.EventId) });
        return Task.CompletedTask;
    }

    private sealed record Payload(string Name);
}

/// <summary>Every try of the applier, by payload name.</summary>
public sealed class AttemptLog
{
    private readonly List<string> _names = [];

    public void Add(string name)
    {
        lock (_names)
        {
            _names.Add(name);
        }
    }

    public int Count(string name)
    {
        lock (_names)
        {
            return _names.Count(n => n == name);
        }
    }
}

/// <summary>Just enough of a gRPC call for calling a service method directly: the caller and a cancellation.</summary>
public sealed class TestServerCallContext(Microsoft.AspNetCore.Http.HttpContext httpContext, CancellationToken cancellationToken) : ServerCallContext
{
    private readonly Dictionary<object, object> _userState = new() { ["__HttpContext"] = httpContext };

    protected override string MethodCore => "/hall.events.v1.IntegrationEvents/Subscribe";
    protected override string HostCore => "localhost";
    protected override string PeerCore => "ipv4:127.0.0.1:1";
    protected override DateTime DeadlineCore => DateTime.MaxValue;
    protected override Metadata RequestHeadersCore { get; } = [];
    protected override CancellationToken CancellationTokenCore => cancellationToken;
    protected override Metadata ResponseTrailersCore { get; } = [];
    protected override Status StatusCore { get; set; }
    protected override WriteOptions? WriteOptionsCore { get; set; }
    protected override AuthContext AuthContextCore { get; } = new(null, []);
    protected override IDictionary<object, object> UserStateCore => _userState;
    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();
    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}

/// <summary>Collects what a server-streaming method writes.</summary>
public sealed class CollectingStreamWriter<T> : IServerStreamWriter<T>
{
    private readonly List<T> _written = [];

    public WriteOptions? WriteOptions { get; set; }

    public IReadOnlyList<T> Written
    {
        get
        {
            lock (_written)
            {
                return [.. _written];
            }
        }
    }

    public Task WriteAsync(T message, CancellationToken cancellationToken) => WriteAsync(message);

    public Task WriteAsync(T message)
    {
        lock (_written)
        {
            _written.Add(message);
        }
        return Task.CompletedTask;
    }
}
