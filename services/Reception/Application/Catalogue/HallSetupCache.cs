using System.Collections.Concurrent;
using HallPlatform.Reception.Application.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace HallPlatform.Reception.Application.Catalogue;

/// <summary>
/// Each hall's setup (service types and counters) in memory, so check-in does not read the catalogue from
/// PostgreSQL on every request. A change of the catalogue or of a counter (PUT, open, close) invalidates it here at
/// once and, through a Redis pub/sub message, in every other Reception instance; entries also expire after
/// <see cref="ReceptionOptions.CatalogueCacheSeconds"/> in case a message was missed (Redis down, reconnect).
/// Only advisory data is served from here (catalogue, guidance): call-next reads its counter fresh.
/// </summary>
public sealed partial class HallSetupCache(
    IServiceScopeFactory scopes,
    IConnectionMultiplexer redis,
    TimeProvider time,
    IOptions<ReceptionOptions> options,
    ILogger<HallSetupCache> logger)
{
    public static readonly RedisChannel InvalidationChannel = RedisChannel.Literal("reception:catalogue-changed");

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _subscribeLock = new();
    private Task<bool>? _subscription;
    // Bumped by every invalidation: an entry loaded under an older generation is never served.
    private long _generation;

    private sealed record Entry(Task<HallSetup?> Load, long Generation, long ExpiresAt);

    /// <summary>The hall's setup, or null for an unknown hall.</summary>
    public async Task<HallSetup?> GetAsync(string hallId)
    {
        if (!await EnsureSubscribedAsync())
        {
            // Without change announcements a cached copy could be stale: read it fresh until subscribed.
            return await LoadAsync(hallId);
        }
        var now = time.GetTimestamp();
        var generation = Volatile.Read(ref _generation);
        if (_entries.TryGetValue(hallId, out var entry) && entry.Generation == generation && now < entry.ExpiresAt && !entry.Load.IsFaulted)
        {
            return await entry.Load;
        }
        var lifetime = TimeSpan.FromSeconds(Math.Max(0, options.Value.CatalogueCacheSeconds));
        var fresh = new Entry(LoadAsync(hallId), generation, now + (long)(lifetime.TotalSeconds * time.TimestampFrequency));
        _entries[hallId] = fresh;
        return await fresh.Load;
    }

    /// <summary>Drops the hall's setup here and tells the other instances to drop theirs.</summary>
    public async Task InvalidateAsync(string hallId)
    {
        Forget(hallId);
        try
        {
            await redis.GetSubscriber().PublishAsync(InvalidationChannel, hallId);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The other instances fall back to the entry lifetime.
            LogInvalidationNotPublished(logger, ex, hallId);
        }
    }

    private void Forget(string hallId)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(hallId, out _);
    }

    private void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private async Task<HallSetup?> LoadAsync(string hallId)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HallCatalogue>().LoadAsync(hallId, CancellationToken.None);
    }

    private Task<bool> EnsureSubscribedAsync()
    {
        lock (_subscribeLock)
        {
            if (_subscription is null || (_subscription.IsCompleted && !_subscription.Result))
            {
                _subscription = SubscribeAsync();
            }
            return _subscription;
        }
    }

    private async Task<bool> SubscribeAsync()
    {
        try
        {
            // Announcements sent while the connection was down are lost: start over after it comes back.
            redis.ConnectionRestored -= OnConnectionRestored;
            redis.ConnectionRestored += OnConnectionRestored;
            // Subscribed before the first entry is cached, so no change made after that can be missed.
            await redis.GetSubscriber().SubscribeAsync(InvalidationChannel, (_, hallId) =>
            {
                if (!hallId.IsNullOrEmpty)
                {
                    Forget(hallId!);
                }
            });
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogSubscribeFailed(logger, ex);
            ForgetAll();
            return false;
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => ForgetAll();

    [LoggerMessage(1201, LogLevel.Warning, "The catalogue change of hall {HallId} could not be announced to other instances")]
    private static partial void LogInvalidationNotPublished(ILogger logger, Exception exception, string hallId);

    [LoggerMessage(1202, LogLevel.Warning, "The catalogue cache could not subscribe to change announcements")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);
}
