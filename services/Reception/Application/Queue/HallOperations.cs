using HallPlatform.Messaging;
using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using HallPlatform.Application;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HallPlatform.Reception.Application.Queue;

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
    IOptions<ReceptionOptions> options,
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
            return Outcome<CloseDayResult>.NotFoundById("Hall", hallId);
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
                    before, VisitAuditSnapshot.Of(visit), hallId: visit.HallId);
                db.RecordIntegrationEvent(VisitEvents.Ended(visit, visit.JourneyId, hall.ServiceLevelSeconds(visit.ServiceType), now), now);
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
        return Outcome<CloseDayResult>.Ok(result);
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
            return Outcome<ReconcileResult>.NotFoundById("Hall", hallId);
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
    /// Check-ins and calls change Redis and PostgreSQL one after the other, and other counters keep working while this
    /// runs: a difference seen once may be such a change still on its way. So the two stores are compared, and when
    /// they differ, compared again after <see cref="ReceptionOptions.ReconcileSettleMilliseconds"/>; only a difference
    /// seen both times on a ticket nobody touched in between is repaired, and each repair is applied only if the ticket
    /// is still untouched (its revision, checked inside the script).
    /// </summary>
    internal async Task<Outcome<ReconcileResult>> ReconcileHallAsync(string hallId, CancellationToken cancellationToken)
    {
        var hall = await catalogue.LoadAsync(hallId, cancellationToken);
        if (hall is null)
        {
            return Outcome<ReconcileResult>.NotFoundById("Hall", hallId);
        }
        var types = hall.ServiceTypes.Select(t => t.Code).ToList();
        try
        {
            var comparison = await CompareAsync(hallId, types, cancellationToken);
            var restored = 0;
            var removed = 0;
            if (comparison.Differences.Count > 0)
            {
                var first = comparison.Differences;
                // Wall time on purpose: what may still be on its way is other requests' work, not the hall's clock.
                await Task.Delay(TimeSpan.FromMilliseconds(options.Value.ReconcileSettleMilliseconds), cancellationToken);
                comparison = await CompareAsync(hallId, types, cancellationToken);
                foreach (var difference in comparison.Differences.Where(first.Contains))
                {
                    switch (difference)
                    {
                        case MissingFromQueue missing when await queue.PlaceIfUnchangedAsync(comparison.Waiting[missing.VisitId], types, missing.Revision):
                            restored++;
                            break;
                        case StrayEntry stray when await queue.RemoveEntryIfUnchangedAsync(hallId, stray.QueueKey, stray.VisitId, stray.Revision):
                            removed++;
                            break;
                    }
                }
            }

            // Redis may have lost the last second of INCRs: never hand out a number PostgreSQL already holds.
            var today = clock.BusinessDay(clock.Now());
            var series = await db.Visits.AsNoTracking().Where(v => v.HallId == hallId && v.BusinessDay == today)
                .GroupBy(v => v.TicketPrefix).Select(g => new { Prefix = g.Key, Max = g.Max(v => v.TicketSequence) }).ToListAsync(cancellationToken);
            foreach (var s in series)
            {
                await queue.RaiseSeriesAsync(hallId, today, s.Prefix, s.Max);
            }
            Log.Reconciled(logger, hallId, restored, removed);
            return Outcome<ReconcileResult>.Ok(new ReconcileResult(hallId, restored, removed, comparison.Waiting.Count));
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            Log.QueueUnavailable(logger, ex);
            return Outcome<ReconcileResult>.Unavailable("The queue is unreachable; nothing was reconciled. Please try again.");
        }
    }

    /// <summary>
    /// The hall's queues against its waiting visits: waiting visits missing from their queue, and entries without a
    /// waiting visit behind them (except one so young that its check-in may still be committing its row).
    /// </summary>
    private async Task<QueueComparison> CompareAsync(string hallId, IReadOnlyList<string> types, CancellationToken cancellationToken)
    {
        var entries = new List<(string Queue, QueueEntry Entry)>();
        foreach (var key in QueueStore.AllQueues(hallId, types))
        {
            entries.AddRange((await queue.EntriesAsync(key)).Select(entry => (key, entry)));
        }
        var waiting = (await db.Visits.AsNoTracking().Where(v => v.HallId == hallId && v.Status == VisitStatus.Waiting).ToListAsync(cancellationToken))
            .ToDictionary(v => v.Id, StringComparer.Ordinal);
        var queued = entries.Select(e => (e.Queue, e.Entry.VisitId)).ToHashSet();
        var missing = waiting.Values.Where(v => !queued.Contains((QueueKeys.QueueFor(hallId, v.ServiceType, v.PriorityClass), v.Id))).ToList();

        var stray = entries.Where(e => !waiting.TryGetValue(e.Entry.VisitId, out var visit)
            || QueueKeys.QueueFor(hallId, visit.ServiceType, visit.PriorityClass) != e.Queue).ToList();
        if (stray.Count > 0)
        {
            var strayIds = stray.Select(e => e.Entry.VisitId).Distinct().ToList();
            var recorded = (await db.Visits.AsNoTracking().Where(v => strayIds.Contains(v.Id)).Select(v => v.Id).ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
            var now = clock.Now();
            stray.RemoveAll(e => !recorded.Contains(e.Entry.VisitId) && now - DateTimeOffset.FromUnixTimeMilliseconds(e.Entry.ScoreMs) < InFlightCheckInAge);
        }

        var revisions = await queue.TicketRevisionsAsync(hallId, missing.Select(v => v.Id).Concat(stray.Select(e => e.Entry.VisitId)));
        var differences = new HashSet<QueueDifference>();
        differences.UnionWith(missing.Select(v => new MissingFromQueue(v.Id, revisions[v.Id])));
        differences.UnionWith(stray.Select(e => new StrayEntry(e.Queue, e.Entry.VisitId, revisions[e.Entry.VisitId])));
        return new QueueComparison(waiting, differences);
    }

    private sealed record QueueComparison(IReadOnlyDictionary<string, Visit> Waiting, IReadOnlySet<QueueDifference> Differences);

    /// <summary>One way the queue and the record disagree about a ticket, with the ticket's revision when it was seen.</summary>
    private abstract record QueueDifference(string VisitId, string Revision);

    private sealed record MissingFromQueue(string VisitId, string Revision) : QueueDifference(VisitId, Revision);

    private sealed record StrayEntry(string QueueKey, string VisitId, string Revision) : QueueDifference(VisitId, Revision);

    /// <summary>The hall-wide operation's entry (who ran it and what it did), saved on its own: the visits' entries went with their changes.</summary>
    private async Task RecordHallAsync(string action, string hallId, object result)
    {
        try
        {
            audit.Record(action, ReceptionAudit.HallRecord, hallId, after: result, hallId: hallId);
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
