using HallPlatform.Application;
using HallPlatform.Fault.Data;
using HallPlatform.Fault.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HallPlatform.Fault.Application;

/// <summary>
/// The background sweep: every <see cref="FaultOptions.SweepInterval"/> it closes resolved tickets whose confirmation
/// period passed without the customer's answer (recorded as auto-closed, by "system") and refreshes the per-hall
/// gauges. A failed round is logged and retried with <see cref="RetryBackoff"/>.
/// </summary>
public sealed partial class TicketSweep(
    IServiceScopeFactory scopes,
    FaultMetrics metrics,
    IOptions<FaultOptions> options,
    TimeProvider time,
    ILogger<TicketSweep> logger) : BackgroundService
{
    private const int BatchSize = 100;

    // Timers take at most ~24.8 days; a longer interval is waited in steps of this.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(24);

    /// <summary>One round: auto-closes what is due (up to a few batches) and counts; returns how many were closed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var closed = 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaultDbContext>();
        var now = time.GetStoredUtcNow();
        var dueBefore = now - options.Value.ConfirmationPeriod;
        var due = await db.TroubleTickets.AsNoTracking()
            .Where(t => t.Status == TicketStatus.Resolved && t.StatusChangeDate <= dueBefore)
            .OrderBy(t => t.StatusChangeDate).Select(t => t.TicketId).Take(BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var ticketId in due)
        {
            // Each ticket in a scope of its own: a conflict (the customer answered meanwhile) leaves the others alone.
            await using var ticketScope = scopes.CreateAsyncScope();
            var handling = ticketScope.ServiceProvider.GetRequiredService<TroubleTicketHandling>();
            var outcome = await handling.AutoCloseAsync(ticketId, cancellationToken);
            if (outcome.Succeeded)
            {
                closed++;
                LogAutoClosed(ticketId);
            }
        }
        await metrics.RefreshAsync(db, time.GetStoredUtcNow(), cancellationToken);
        return closed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.Value.SweepInterval > TimeSpan.Zero && options.Value.SweepInterval < LongestWait
                ? options.Value.SweepInterval
                : LongestWait;
            try
            {
                await RunOnceAsync(stoppingToken);
                failures = 0;
            }
            catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or Npgsql.NpgsqlException or TimeoutException)
            {
                failures++;
                wait = RetryBackoff.After(failures, TimeSpan.FromSeconds(1), wait);
                LogSweepFailed(exception, failures);
            }
            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Trouble ticket {TicketId} closed automatically: no confirmation within the period")]
    private partial void LogAutoClosed(string ticketId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ticket sweep failed ({Failures} in a row); retrying after a backoff")]
    private partial void LogSweepFailed(Exception exception, int failures);
}
