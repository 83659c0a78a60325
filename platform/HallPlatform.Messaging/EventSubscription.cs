using HallPlatform.Application;
using HallPlatform.Identity;
using System.Diagnostics;
using HallPlatform.Contracts.Events.V1;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Messaging;

/// <summary>One consumer's subscription to one producer, as configured in the consuming service.</summary>
public sealed record EventSubscriptionSettings(string Consumer, string Producer)
{
    /// <summary>Tries per event before it is recorded in <c>failed_events</c> and passed over.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Wait after the first failed try; doubles with each further one.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Wait before reconnecting to a producer that is down; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan FirstReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Reads a producer's events from the consumer's stored position on, and applies each at least once and in order:
/// the handler's changes, the <c>processed_events</c> row (an event id already there is not applied again) and the new
/// position commit in one transaction. A handler that keeps failing is retried with backoff
/// (<see cref="EventSubscriptionSettings.MaxAttempts"/>), then recorded in <c>failed_events</c>, logged and counted,
/// and the position moves on. A producer that is down is retried with backoff.
/// </summary>
public sealed partial class EventSubscription<TContext>(
    EventSubscriptionSettings settings,
    IIntegrationEventSource source,
    IServiceScopeFactory scopes,
    EventsTelemetry telemetry,
    TimeProvider time,
    ILogger<EventSubscription<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private long _head;

    public EventSubscriptionSettings Settings => settings;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reconnectDelay = settings.FirstReconnectDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var position = await LoadPositionAsync(stoppingToken);
                ReportLag(position);
                await foreach (var envelope in source.SubscribeAsync(position, stoppingToken))
                {
                    reconnectDelay = settings.FirstReconnectDelay;
                    await ApplyAsync(envelope, stoppingToken);
                    position = Math.Max(position, envelope.Position);
                    _head = Math.Max(_head, envelope.HeadPosition);
                    ReportLag(position);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Log.StreamFailed(logger, settings.Consumer, settings.Producer, exception);
            }

            try
            {
                await Task.Delay(reconnectDelay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            reconnectDelay = TimeSpan.FromTicks(Math.Min(reconnectDelay.Ticks * 2, settings.MaxReconnectDelay.Ticks));
        }
    }

    private void ReportLag(long position) =>
        telemetry.ReportPosition(settings.Consumer, settings.Producer, Math.Max(_head, position), position);

    private async Task<long> LoadPositionAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        return await db.Set<ConsumerPosition>().AsNoTracking()
            .Where(p => p.Consumer == settings.Consumer && p.Producer == settings.Producer)
            .Select(p => (long?)p.Position).SingleOrDefaultAsync(cancellationToken) ?? 0;
    }

    /// <summary>Applies one event (retrying), or records it as failed; either way its position is stored.</summary>
    private async Task ApplyAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        Exception? lastError = null;
        var delay = settings.FirstRetryDelay;
        for (var attempt = 1; attempt <= settings.MaxAttempts; attempt++)
        {
            try
            {
                await ApplyOnceAsync(envelope, cancellationToken);
                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                lastError = exception;
                Log.HandlerFailed(logger, settings.Consumer, envelope.Type, envelope.Position, attempt, exception);
            }
            if (attempt < settings.MaxAttempts)
            {
                await Task.Delay(delay, time, cancellationToken);
                delay *= 2;
            }
        }

        await RecordFailureAsync(envelope, lastError!, cancellationToken);
        telemetry.CountFailure(settings.Consumer, settings.Producer, envelope.Type);
        Log.EventGivenUp(logger, settings.Consumer, settings.Producer, envelope.Type, envelope.Position, settings.MaxAttempts);
    }

    private async Task ApplyOnceAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        // Every applier of the type runs, in registration order, in the one transaction (several modules of a service
        // may follow the same event, e.g. Quality's follow-up cases, conduct reviews and feedback items).
        var handlers = scope.ServiceProvider.GetServices<IIntegrationEventApplier<TContext>>()
            .Where(h => h.EventTypes.Contains(envelope.Type, StringComparer.Ordinal)).ToList();
        var handler = handlers.FirstOrDefault();
        var eventId = Guid.Parse(envelope.EventId);

        // The journey's trace goes on: the handler's span is a child of the change that recorded the event.
        using var journey = handler is null
            ? new JourneyScope(null, Activity.Current)
            : JourneyTrace.Start(EventsTelemetry.Source, $"{envelope.Type} process", envelope.Traceparent, ActivityKind.Consumer);
        var activity = journey.Activity;
        activity?.SetTag("messaging.system", "hallplatform");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", envelope.Type);
        activity?.SetTag("messaging.message.id", envelope.EventId);
        activity?.SetTag("hall.events.consumer", settings.Consumer);
        activity?.SetTag("hall.events.producer", settings.Producer);
        activity?.SetTag("hall.events.position", envelope.Position);
        activity?.SetTag("hall.journey_id", string.IsNullOrEmpty(envelope.JourneyId) ? null : envelope.JourneyId);

        // The applier's changes (and their audit entries) are made for the producing service.
        using var actingFor = ActingCaller.AsService(settings.Producer);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (handler is not null)
            {
                var firstTime = await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO processed_events (consumer, event_id, processed_at)
                    VALUES ({settings.Consumer}, {eventId}, {time.GetUtcNow()}) ON CONFLICT DO NOTHING
                    """, ct) == 1;
                if (firstTime)
                {
                    foreach (var each in handlers)
                    {
                        await each.HandleAsync(envelope, db, ct);
                    }
                    await db.SaveChangesAsync(ct);
                }
            }
            await StorePositionAsync(db, envelope.Position, ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }

    private async Task RecordFailureAsync(EventEnvelope envelope, Exception error, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var message = $"{error.GetType().Name}: {error.Message}";
        var lastError = message.Length <= ConsumptionModel.MaxErrorLength ? message : message[..ConsumptionModel.MaxErrorLength];
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO failed_events (consumer, producer, position, event_id, type, attempts, last_error, failed_at)
                VALUES ({settings.Consumer}, {settings.Producer}, {envelope.Position}, {Guid.Parse(envelope.EventId)},
                        {envelope.Type}, {settings.MaxAttempts}, {lastError}, {time.GetUtcNow()})
                ON CONFLICT (consumer, producer, position) DO NOTHING
                """, ct);
            await StorePositionAsync(db, envelope.Position, ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }

    private Task<int> StorePositionAsync(TContext db, long position, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO consumer_positions (consumer, producer, position) VALUES ({settings.Consumer}, {settings.Producer}, {position})
            ON CONFLICT (consumer, producer) DO UPDATE SET position = GREATEST(consumer_positions.position, EXCLUDED.position)
            """, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
            Message = "Event stream {Consumer} <- {Producer} broke off; reconnecting")]
        public static partial void StreamFailed(ILogger logger, string consumer, string producer, Exception exception);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
            Message = "Consumer {Consumer}: handling {Type} at position {Position} failed (attempt {Attempt})")]
        public static partial void HandlerFailed(ILogger logger, string consumer, string type, long position, int attempt, Exception exception);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error,
            Message = "Consumer {Consumer}: {Type} at {Producer} position {Position} failed {Attempts} times; recorded in failed_events and passed over")]
        public static partial void EventGivenUp(ILogger logger, string consumer, string producer, string type, long position, int attempts);
    }
}
