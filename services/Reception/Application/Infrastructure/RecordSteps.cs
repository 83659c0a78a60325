using HallPlatform.Application;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Reception.Application.Infrastructure;

/// <summary>
/// The two steps every counter and visit action ends with: commit the record (PostgreSQL is the record), then the
/// queue step, whose failure is left to reconciliation.
/// </summary>
internal static class RecordSteps
{
    /// <summary>A queue step after the commit: a failure is logged and left to reconciliation, never un-commits.</summary>
    public static async Task TryQueueStepAsync(ILogger logger, string subjectId, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            Log.QueueStepFailed(logger, ex, subjectId);
        }
    }

    /// <summary>Null when saved; otherwise the failure to answer (nothing was changed).</summary>
    public static async Task<Outcome<T>?> SaveAsync<T>(DbContext db, ILogger logger, string what, string id)
    {
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Outcome<T>.Conflict($"{what} changed meanwhile.",
                $"{what} '{id}' was changed by another action at the same moment; nothing was changed. Reload and retry.");
        }
        catch (DbUpdateException ex)
        {
            db.ChangeTracker.Clear();
            Log.QueueStepFailed(logger, ex, id);
            return Outcome<T>.Unavailable($"{what} '{id}' could not be recorded; nothing was changed. Please try again.");
        }
    }
}
