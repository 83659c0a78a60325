using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Reception.Application;

public sealed record CloseDayResult(string HallId, DateOnly BusinessDay, int ClosedVisits);

public sealed record ReconcileResult(string HallId, int Restored, int Removed, int WaitingVisits);

/// <summary>
/// Hall-wide operations: the end-of-day rule and reconciliation of the Redis queue with the system of record.
/// </summary>
public sealed class HallOperations(
    ReceptionDbContext db,
    QueueStore queue,
    HallClock clock,
    HallCatalogue catalogue,
    HallAccess access,
    ReceptionAudit audit,
    ILogger<HallOperations> logger)
{
    private static readonly VisitStatus[] OpenStatuses = [VisitStatus.Waiting, VisitStatus.Called, VisitStatus.Serving, VisitStatus.Parked];
    private const int CloseBatchSize = 200;
    // A queue entry younger than this may belong to a check-in still committing its visit row.
    private static readonly TimeSpan InFlightCheckInAge = TimeSpan.FromSeconds(30);

    /// <summary>
    /// End-of-day rule: every waiting, called, serving or parked visit of the hall is closed (status cancelled,
    /// outcome closedAtDayEnd, event recorded with reason "day closed") and taken out of the queue. Idempotent:
    /// a second run finds nothing open. Numbers restart on their own the next business day.
    /// </summary>
    public async Task<Outcome<CloseDayResult>> CloseDayAsync(string hallId, CancellationToken cancellationToken)
    {
        var hall = access.MayWorkIn(hallId) ? await catalogue.LoadAsync(hallId, cancellationToken) : null;
        if (hall is null)
        {
            return Failure.NotFound("Hall", hallId);
        }
        var now = clock.Now();
        var types = hall.ServiceTypes.Select(t => t.Code).ToList();
        var closed = 0;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var open = await db.Visits.Where(v => v.HallId == hallId && OpenStatuses.Contains(v.Status))
                .OrderBy(v => v.ArrivedAt).Take(CloseBatchSize).ToListAsync(cancellationToken);
            if (open.Count == 0)
            {
                break;
            }
            foreach (var visit in open)
            {
                var counterId = visit.CounterId;
                var before = VisitAuditSnapshot.Of(visit);
                visit.CloseAtDayEnd(now);
                db.QueueEvents.Add(QueueEvent.For(visit, QueueEventTypes.ClosedAtDayEnd, now, counterId, reason: "day closed"));
                // Each closed visit has its own entry, in the same transaction as its change.
                audit.Record(ReceptionAudit.VisitAction(VisitAction.CloseDay), ReceptionAudit.VisitRecord, visit.Id, visit.CustomerPhoneRef,
                    before, VisitAuditSnapshot.Of(visit));
            }
            try
            {
                // One transaction per batch: visits and their events together.
                await db.SaveChangesAsync(CancellationToken.None);
            }
            catch (DbUpdateConcurrencyException)
            {
                // A counter acted on one of them meanwhile: read again and close what is still open.
                db.ChangeTracker.Clear();
                continue;
            }
            db.ChangeTracker.Clear();
            closed += open.Count;
            foreach (var visit in open)
            {
                try
                {
                    await queue.RemoveAsync(hallId, visit.Id, types, "cancelled");
                }
                catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
                {
                    // Reconciliation drops queue entries whose visit is no longer waiting.
                    Log.QueueStepFailed(logger, ex, visit.Id);
                }
            }
            attempt = -1;
        }
        foreach (var counter in hall.Counters)
        {
            try
            {
                await queue.ResetStreakAsync(hallId, counter.Id);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                Log.QueueUnavailable(logger, ex);
            }
        }
        var result = new CloseDayResult(hallId, clock.BusinessDay(now), closed);
        await RecordHallAsync(ReceptionAudit.DayClosed, hallId, result);
        Log.DayClosed(logger, hallId, closed);
        return result;
    }

    /// <summary>
    /// Makes the Redis queue agree with PostgreSQL: waiting visits missing from their queue are put back at their
    /// original arrival time; entries without a waiting visit behind them are removed (unless so young that their
    /// check-in may still be committing); today's number series are raised past every number already recorded.
    /// </summary>
    public async Task<Outcome<ReconcileResult>> ReconcileAsync(string hallId, CancellationToken cancellationToken)
    {
        if (!access.MayWorkIn(hallId))
        {
            return Failure.NotFound("Hall", hallId);
        }
        var outcome = await ReconcileHallAsync(hallId, cancellationToken);
        if (outcome.Value is { } result)
        {
            await RecordHallAsync(ReceptionAudit.Reconciled, hallId, result);
        }
        return outcome;
    }

    /// <summary>
    /// The reconciliation itself, without the caller's hall check or an audit entry: also run by the service on its
    /// own (<see cref="QueueReconciler"/>, at start and when Redis comes back), where there is no caller.
    /// </summary>
    internal async Task<Outcome<ReconcileResult>> ReconcileHallAsync(string hallId, CancellationToken cancellationToken)
    {
        var hall = await catalogue.LoadAsync(hallId, cancellationToken);
        if (hall is null)
        {
            return Failure.NotFound("Hall", hallId);
        }
        var now = clock.Now();
        var types = hall.ServiceTypes.Select(t => t.Code).ToList();
        try
        {
            var waiting = await db.Visits.AsNoTracking().Where(v => v.HallId == hallId && v.Status == VisitStatus.Waiting).ToListAsync(cancellationToken);
            var wanted = waiting.ToDictionary(v => v.Id, v => QueueKeys.QueueFor(hallId, v.ServiceType, v.PriorityClass), StringComparer.Ordinal);
            var actual = new Dictionary<string, IReadOnlyList<QueueEntry>>(StringComparer.Ordinal);
            foreach (var key in QueueStore.AllQueues(hallId, types))
            {
                actual[key] = await queue.EntriesAsync(key);
            }

            var restored = 0;
            foreach (var visit in waiting)
            {
                if (!actual.TryGetValue(wanted[visit.Id], out var entries) || entries.All(e => e.VisitId != visit.Id))
                {
                    await queue.PlaceAsync(visit, types);
                    restored++;
                }
            }

            var extras = actual.SelectMany(pair => pair.Value.Where(e => !wanted.TryGetValue(e.VisitId, out var key) || key != pair.Key)
                .Select(e => (Queue: pair.Key, Entry: e))).ToList();
            var extraIds = extras.Select(e => e.Entry.VisitId).Distinct().ToList();
            var recorded = await db.Visits.AsNoTracking().Where(v => extraIds.Contains(v.Id)).Select(v => v.Id).ToListAsync(cancellationToken);
            var removed = 0;
            foreach (var (queueKey, entry) in extras)
            {
                var inFlight = !recorded.Contains(entry.VisitId) && now - DateTimeOffset.FromUnixTimeMilliseconds(entry.ScoreMs) < InFlightCheckInAge;
                if (inFlight)
                {
                    continue;
                }
                if (await queue.RemoveEntryAsync(queueKey, entry.VisitId))
                {
                    removed++;
                }
            }

            // Redis may have lost the last second of INCRs: never hand out a number PostgreSQL already holds.
            var today = clock.BusinessDay(now);
            var series = await db.Visits.AsNoTracking().Where(v => v.HallId == hallId && v.BusinessDay == today)
                .GroupBy(v => v.TicketPrefix).Select(g => new { Prefix = g.Key, Max = g.Max(v => v.TicketSequence) }).ToListAsync(cancellationToken);
            foreach (var s in series)
            {
                await queue.RaiseSeriesAsync(hallId, today, s.Prefix, s.Max);
            }
            Log.Reconciled(logger, hallId, restored, removed);
            return new ReconcileResult(hallId, restored, removed, waiting.Count);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            Log.QueueUnavailable(logger, ex);
            return Failure.Unavailable("The queue is unreachable; nothing was reconciled. Please try again.");
        }
    }

    /// <summary>The hall-wide operation's entry (who ran it and what it did), saved on its own: the visits' entries went with their changes.</summary>
    private async Task RecordHallAsync(string action, string hallId, object result)
    {
        try
        {
            audit.Record(action, ReceptionAudit.HallRecord, hallId, after: result);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Every hall that has a catalogue (start-up and Redis reconnect reconciliation).</summary>
    public async Task<IReadOnlyList<string>> HallIdsAsync(CancellationToken cancellationToken) =>
        await db.ServiceTypes.AsNoTracking().Select(t => t.HallId).Distinct().ToListAsync(cancellationToken);
}
