using System.Diagnostics.Metrics;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Messaging;
using HallPlatform.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Platform.Tests.Events;

[Collection(EventServersCollection.Name)]
public sealed class EventSubscriptionTests(RealServersFixture servers)
{
    private readonly AttemptLog _attempts = new();

    private Task<ServiceProvider> ConsumerDatabaseAsync() => EventsDatabase.CreateAsync(servers, services =>
    {
        services.AddSingleton(_attempts);
        services.AddSingleton<EventsTelemetry>();
        services.AddIntegrationEventApplier<EventsTestDbContext, EffectApplier>();
    });

    private static EventSubscription<EventsTestDbContext> Subscription(
        ServiceProvider provider, IIntegrationEventSource source, string consumer = "consumer", int maxAttempts = 3) => new(
        new EventSubscriptionSettings(consumer, "producer") { MaxAttempts = maxAttempts, FirstRetryDelay = TimeSpan.FromMilliseconds(5) },
        source, provider.GetRequiredService<IServiceScopeFactory>(), provider.GetRequiredService<EventsTelemetry>(), TimeProvider.System,
        provider.GetRequiredService<ILogger<EventSubscription<EventsTestDbContext>>>());

    private static Task<long> StoredPositionAsync(ServiceProvider provider, string consumer = "consumer") => provider.WithDbAsync(db =>
        db.Set<ConsumerPosition>().Where(p => p.Consumer == consumer && p.Producer == "producer").Select(p => p.Position).SingleOrDefaultAsync());

    private static Task<Dictionary<Guid, int>> EffectsPerEventAsync(ServiceProvider provider) => provider.WithDbAsync(async db =>
        (await db.Effects.Where(e => e.EventId != null).Select(e => e.EventId!.Value).ToListAsync())
            .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count()));

    private static async Task RunUntilAsync(EventSubscription<EventsTestDbContext> subscription, Func<Task<bool>> done, string what)
    {
        await subscription.StartAsync(CancellationToken.None);
        try
        {
            await EventsDatabase.EventuallyAsync(done, what);
        }
        finally
        {
            await subscription.StopAsync(CancellationToken.None);
            subscription.Dispose();
        }
    }

    [Fact]
    public async Task A_restarted_consumer_resumes_from_its_stored_position_without_loss_or_double_effect()
    {
        await using var provider = await ConsumerDatabaseAsync();
        var events = Enumerable.Range(1, 10).Select(i => ListEventSource.Envelope(i, $"e{i}", head: 10)).ToList();

        // The first run only gets half of the stream before it stops.
        await RunUntilAsync(Subscription(provider, new ListEventSource(events.Take(5).ToList())),
            async () => await StoredPositionAsync(provider) == 5, "the first five are handled");
        var secondSource = new ListEventSource(events);
        await RunUntilAsync(Subscription(provider, secondSource), async () => await StoredPositionAsync(provider) == 10, "all ten are handled");

        Assert.Equal([5L], secondSource.Requests);
        var effects = await EffectsPerEventAsync(provider);
        Assert.Equal(events.Select(e => Guid.Parse(e.EventId)).Order(), effects.Keys.Order());
        Assert.All(effects.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task An_event_delivered_twice_or_replayed_has_one_effect()
    {
        await using var provider = await ConsumerDatabaseAsync();
        var events = Enumerable.Range(1, 4).Select(i => ListEventSource.Envelope(i, $"e{i}")).ToList();

        await RunUntilAsync(Subscription(provider, new ListEventSource(events, deliverTwice: true)),
            async () => await StoredPositionAsync(provider) == 4, "the stream is handled");
        // An operator rewinds the position: the replay finds every event id already processed.
        await provider.WithDbAsync(db => db.Set<ConsumerPosition>().ExecuteUpdateAsync(p => p.SetProperty(x => x.Position, 0)));
        var replay = new ListEventSource(events);
        await RunUntilAsync(Subscription(provider, replay), async () => await StoredPositionAsync(provider) == 4, "the replay is handled");

        Assert.Equal([0L], replay.Requests);
        var effects = await EffectsPerEventAsync(provider);
        Assert.Equal(4, effects.Count);
        Assert.All(effects.Values, count => Assert.Equal(1, count));
        // Not even run again: the processed mark is checked before the applier.
        Assert.All(events, e => Assert.Equal(1, _attempts.Count(e.SubjectId)));
    }

    [Fact]
    public async Task A_failing_event_is_retried_then_recorded_and_the_stream_goes_on()
    {
        await using var provider = await ConsumerDatabaseAsync();
        var events = new List<EventEnvelope>
        {
            ListEventSource.Envelope(1, "before"), ListEventSource.Envelope(2, "fail-always"), ListEventSource.Envelope(3, "after"),
        };

        await RunUntilAsync(Subscription(provider, new ListEventSource(events), maxAttempts: 3),
            async () => await StoredPositionAsync(provider) == 3, "the stream passes the failing event");

        Assert.Equal(3, _attempts.Count("fail-always"));
        var failed = Assert.Single(await provider.WithDbAsync(db => db.Set<FailedEvent>().AsNoTracking().ToListAsync()));
        Assert.Equal(("consumer", "producer", 2L, Guid.Parse(events[1].EventId), "test.changed", 3),
            (failed.Consumer, failed.Producer, failed.Position, failed.EventId, failed.Type, failed.Attempts));
        Assert.Contains("the applier refuses fail-always", failed.LastError, StringComparison.Ordinal);
        var effects = await EffectsPerEventAsync(provider);
        Assert.Equal(new[] { Guid.Parse(events[0].EventId), Guid.Parse(events[2].EventId) }.Order(), effects.Keys.Order());
    }

    [Fact]
    public async Task The_lag_gauge_reports_the_head_minus_the_stored_position()
    {
        await using var provider = await ConsumerDatabaseAsync();
        var consumer = "lag-" + Guid.NewGuid().ToString("N")[..8];
        var events = Enumerable.Range(1, 4).Select(i => ListEventSource.Envelope(i, $"e{i}", head: 10)).ToList();

        await RunUntilAsync(Subscription(provider, new ListEventSource(events), consumer),
            async () => await StoredPositionAsync(provider, consumer) == 4, "four of ten events are handled");

        Assert.Equal(6, ObserveLag(consumer));
    }

    private static long? ObserveLag(string consumer)
    {
        long? lag = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EventsTelemetry.Name && instrument.Name == EventsTelemetry.LagInstrument)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var tagList = tags.ToArray();
            if (tagList.Any(t => t.Key == "consumer" && (string?)t.Value == consumer)
                && tagList.Any(t => t.Key == "producer" && (string?)t.Value == "producer"))
            {
                lag = value;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return lag;
    }
}
