using System.Collections.Concurrent;
using System.Threading.Channels;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace HallPlatform.Reception.Application.Board;

/// <summary>
/// The live board feed: one Redis subscription per hall per service instance, fanned out to every connected
/// board (SSE client) through a bounded channel each. A slow board drops its oldest events, never blocks others.
/// </summary>
public sealed class BoardFeed(IConnectionMultiplexer redis, ILogger<BoardFeed> logger)
{
    private readonly ConcurrentDictionary<string, HallFeed> _halls = new(StringComparer.Ordinal);

    public async Task<BoardSubscription> SubscribeAsync(string hallId)
    {
        var hall = _halls.GetOrAdd(hallId, id => new HallFeed(id));
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest });
        hall.Clients[channel] = 0;
        await hall.EnsureSubscribedAsync(redis, logger);
        return new BoardSubscription(channel.Reader, () => hall.Clients.TryRemove(channel, out _));
    }

    private sealed class HallFeed(string hallId)
    {
        private readonly Lock _lock = new();
        private Task? _subscribing;

        public ConcurrentDictionary<Channel<string>, byte> Clients { get; } = new();

        /// <summary>Subscribes once per hall; a failed attempt is retried by the next board that connects.</summary>
        public Task EnsureSubscribedAsync(IConnectionMultiplexer redis, ILogger logger)
        {
            lock (_lock)
            {
                if (_subscribing is null || _subscribing.IsFaulted || _subscribing.IsCanceled)
                {
                    _subscribing = SubscribeAsync(redis, logger);
                }
                return _subscribing;
            }
        }

        private async Task SubscribeAsync(IConnectionMultiplexer redis, ILogger logger)
        {
            try
            {
                // StackExchange.Redis re-subscribes by itself after a reconnect.
                await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(QueueKeys.BoardChannel(hallId)), (_, message) =>
                {
                    var payload = (string?)message;
                    if (payload is null)
                    {
                        return;
                    }
                    foreach (var client in Clients.Keys)
                    {
                        client.Writer.TryWrite(payload);
                    }
                });
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Log.BoardSubscribeFailed(logger, ex, hallId);
                throw;
            }
        }
    }
}

/// <summary>One board's view of the feed; dispose to leave it.</summary>
public sealed class BoardSubscription(ChannelReader<string> events, Action leave) : IDisposable
{
    public ChannelReader<string> Events { get; } = events;

    public void Dispose() => leave();
}
