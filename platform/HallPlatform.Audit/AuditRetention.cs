using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HallPlatform.Audit;

/// <summary><c>HallPlatform:Audit</c>: how long audit entries are kept.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "HallPlatform:Audit";
    public const int DefaultRetentionDays = 190;

    /// <summary>Days an entry is kept; at least <see cref="AuditTrailSql.MinimumRetentionDays"/> (6 months), or the service refuses to start.</summary>
    public int RetentionDays { get; set; } = DefaultRetentionDays;
}

/// <summary>Deletes audit entries older than the retention, the one delete the append-only trigger lets through.</summary>
public static class AuditRetention
{
    /// <summary>
    /// Deletes entries that occurred before <paramref name="now"/> minus <paramref name="retentionDays"/>, in one
    /// transaction that switches the trigger's purge guard on for itself only. Returns how many were deleted.
    /// </summary>
    public static async Task<int> PurgeAsync(DbContext db, int retentionDays, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfLessThan(retentionDays, AuditTrailSql.MinimumRetentionDays);
        var cutoff = now.ToUniversalTime() - TimeSpan.FromDays(retentionDays);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // set_config(..., true) is SET LOCAL: the guard ends with this transaction.
            await db.Database.ExecuteSqlAsync(
                $"SELECT set_config('hall.audit_purge', 'on', true), set_config('hall.audit_purge_before', {cutoff.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}, true)",
                cancellationToken);
            var deleted = await db.Database.ExecuteSqlAsync(
                $"DELETE FROM audit_entries WHERE occurred_at < {cutoff}", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return deleted;
        });
    }
}

/// <summary>
/// Purges expired audit entries at start and then a day after each run. A day after the run, not on a fixed beat: a
/// clock that jumps ahead (a resumed machine, a test's fake clock) gives one run, not one for every day it skipped.
/// </summary>
public sealed partial class AuditRetentionService<TContext>(
    IServiceScopeFactory scopes, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditRetentionService<TContext>> logger)
    : BackgroundService
    where TContext : DbContext
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                var deleted = await AuditRetention.PurgeAsync(db, options.Value.RetentionDays, time.GetUtcNow(), stoppingToken);
                Log.Purged(logger, deleted, options.Value.RetentionDays);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next run tries again; entries kept a day longer break no rule.
                Log.PurgeFailed(logger, exception);
            }
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Audit retention purge deleted {Count} entries older than {RetentionDays} days")]
        public static partial void Purged(ILogger logger, int count, int retentionDays);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Audit retention purge failed; retrying at the next run")]
        public static partial void PurgeFailed(ILogger logger, Exception exception);
    }
}
