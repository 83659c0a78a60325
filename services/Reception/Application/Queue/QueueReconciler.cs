using HallPlatform.Reception.Application.Infrastructure;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace HallPlatform.Reception.Application.Queue;

/// <summary>
/// Runs reconciliation for every hall at start-up and whenever the Redis connection comes back (Redis restarted,
/// possibly having lost its last second of writes), so no waiting visit is missing from the queue for long.
/// </summary>
public sealed class QueueReconciler(IServiceScopeFactory scopes, IConnectionMultiplexer redis, ILogger<QueueReconciler> logger) : IHostedService
{
    private int _running;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += OnConnectionRestored;
        await ReconcileAllAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnConnectionRestored;
        return Task.CompletedTask;
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            _ = Task.Run(() => ReconcileAllAsync(CancellationToken.None));
        }
    }

    public async Task ReconcileAllAsync(CancellationToken cancellationToken)
    {
        // One run at a time; a reconnect during a run is covered by the run itself or the next one.
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var operations = scope.ServiceProvider.GetRequiredService<HallOperations>();
            foreach (var hallId in await operations.HallIdsAsync(cancellationToken))
            {
                await operations.ReconcileHallAsync(hallId, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ReconcileFailed(logger, ex);
        }
        finally
        {
            Interlocked.Exchange(ref _running, 0);
        }
    }
}
