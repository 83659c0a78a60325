using HallPlatform.Application;
using System.Globalization;
using HallPlatform.Reception.Domain;
using StackExchange.Redis;

namespace HallPlatform.Reception.Data;

/// <summary>
/// A ticket just issued: its place in the series and in the queue, or the visit an earlier try created.
/// <see cref="Position"/> is the 1-based rank in the ticket's own queue (normal or priority); <see cref="PriorityWaiting"/>
/// the length of the type's priority queue right after it was issued.
/// </summary>
public sealed record IssuedTicket(long Sequence, string Number, int Position, string? ExistingVisitId, long PriorityWaiting = 0)
{
    public bool IsRetryOfEarlierCheckIn => ExistingVisitId is not null;
}

/// <summary>The ticket a counter just called, as the queue knew it, and which fairness branch chose it.</summary>
public sealed record CalledTicket(string VisitId, string ServiceType, long EnqueuedAtMs, long Sequence, string Number, string? TraceParent,
    PriorityClass PriorityClass, string Rule);

/// <summary>A queue entry as reconciliation sees it.</summary>
public sealed record QueueEntry(string VisitId, long ScoreMs);

/// <summary>The live queue of a hall in Redis. Every change is one atomic script (see <see cref="QueueScripts"/>).</summary>
public sealed class QueueStore(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan SeriesLifetime = TimeSpan.FromDays(3);
    // A ticket hash outlives any plausible wait but does not pile up forever.
    private static readonly TimeSpan TicketLifetime = TimeSpan.FromDays(3);
    private static readonly TimeSpan IdempotencyLifetime = TimeSpan.FromDays(1);
    // Bounds one call-next script's work when very many tickets share one millisecond.
    private const int MaxTiedTicketsCompared = 1000;

    private IDatabase Db => redis.GetDatabase();

    public IConnectionMultiplexer Connection => redis;

    public async Task<IssuedTicket> CheckInAsync(string hallId, string visitId, ServiceType serviceType, DateOnly businessDay,
        long enqueuedAtMs, string? traceParent, string? idempotencyKey, PriorityClass priorityClass)
    {
        var keys = new RedisKey[]
        {
            QueueKeys.Series(hallId, TicketNumbering.SeriesDay(businessDay), serviceType.Prefix),
            QueueKeys.QueueFor(hallId, serviceType.Code, priorityClass),
            QueueKeys.Ticket(hallId, visitId),
            IdempotencyRedisKey(hallId, visitId, idempotencyKey),
            QueueKeys.PriorityQueue(hallId, serviceType.Code),
        };
        var values = new RedisValue[]
        {
            visitId, serviceType.Prefix, serviceType.Code, enqueuedAtMs, traceParent ?? "",
            (long)SeriesLifetime.TotalSeconds, (long)TicketLifetime.TotalSeconds, TicketNumbering.DisplayCycle,
            idempotencyKey ?? "", (long)IdempotencyLifetime.TotalSeconds, priorityClass.ToWire(),
        };
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(QueueScripts.CheckIn, keys, values))!;
        var sequence = (long)result[0];
        return sequence == 0
            ? new IssuedTicket(0, "", 0, (string)result[2]!)
            : new IssuedTicket(sequence, (string)result[2]!, (int)result[1], null, (long)result[3]);
    }

    /// <summary>Compensation for a check-in whose visit could not be recorded: out of the queue, marked cancelled.</summary>
    public Task CancelAsync(string hallId, string visitId, string serviceType, string? idempotencyKey) =>
        Db.ScriptEvaluateAsync(QueueScripts.Cancel,
            [QueueKeys.Queue(hallId, serviceType), QueueKeys.Ticket(hallId, visitId), IdempotencyRedisKey(hallId, visitId, idempotencyKey),
                QueueKeys.PriorityQueue(hallId, serviceType)],
            [visitId, idempotencyKey is null ? "0" : "1"]);

    public async Task<CalledTicket?> CallNextAsync(string hallId, string counterId, IEnumerable<string> serviceTypes, long calledAtMs,
        FairnessSettings fairness)
    {
        var keys = new List<RedisKey> { QueueKeys.Streak(hallId, counterId) };
        foreach (var type in serviceTypes)
        {
            keys.Add(QueueKeys.Queue(hallId, type));
            keys.Add(QueueKeys.PriorityQueue(hallId, type));
        }
        if (keys.Count == 1)
        {
            return null;
        }
        var result = await Db.ScriptEvaluateAsync(QueueScripts.CallNext, [.. keys],
            [QueueKeys.TicketPrefix(hallId), counterId, calledAtMs, (long)TicketLifetime.TotalSeconds, MaxTiedTicketsCompared,
                fairness.PriorityStreak, fairness.AgingSeconds * 1000L]);
        if (result.IsNull)
        {
            return null;
        }
        var fields = (RedisResult[])result!;
        var traceParent = (string?)fields[5];
        return new CalledTicket(
            VisitId: (string)fields[0]!,
            ServiceType: (string)fields[1]!,
            EnqueuedAtMs: long.Parse((string)fields[2]!, CultureInfo.InvariantCulture),
            Sequence: long.Parse((string)fields[3]!, CultureInfo.InvariantCulture),
            Number: (string)fields[4]!,
            TraceParent: string.IsNullOrEmpty(traceParent) ? null : traceParent,
            PriorityClass: PriorityClasses.TryParse((string?)fields[6], allowAppointment: true, out var parsed) ? parsed : PriorityClass.Normal,
            Rule: (string)fields[8]!);
    }

    /// <summary>Undoes this counter's call of a ticket: back in its queue at its original place.</summary>
    public async Task<bool> ReturnToQueueAsync(string hallId, string visitId, string serviceType, PriorityClass priorityClass, string counterId)
    {
        var result = await Db.ScriptEvaluateAsync(QueueScripts.ReturnToQueue,
            [QueueKeys.Ticket(hallId, visitId), QueueKeys.QueueFor(hallId, serviceType, priorityClass)], [visitId, counterId]);
        return (long)result == 1;
    }

    /// <summary>Takes a specific waiting ticket for a counter; false when it is no longer in its queue.</summary>
    public async Task<bool> TakeSpecificAsync(Visit visit, string counterId, long calledAtMs)
    {
        var result = await Db.ScriptEvaluateAsync(QueueScripts.TakeSpecific,
            [QueueKeys.Ticket(visit.HallId, visit.Id), QueueKeys.QueueFor(visit.HallId, visit.ServiceType, visit.PriorityClass)],
            [visit.Id, counterId, calledAtMs]);
        return (long)result == 1;
    }

    /// <summary>Moves a waiting ticket to another type's queue at its place in time; false when it was not waiting.</summary>
    public async Task<bool> MoveAsync(string hallId, string visitId, PriorityClass priorityClass, string fromType, string toType)
    {
        var result = await Db.ScriptEvaluateAsync(QueueScripts.Move,
            [QueueKeys.Ticket(hallId, visitId), QueueKeys.QueueFor(hallId, fromType, priorityClass), QueueKeys.QueueFor(hallId, toType, priorityClass)],
            [visitId, toType]);
        return (long)result == 1;
    }

    /// <summary>Puts a visit that PostgreSQL says is waiting into its queue at its arrival time (and out of any other).</summary>
    public async Task<bool> PlaceAsync(Visit visit, IEnumerable<string> allTypesOfHall) =>
        await PlaceAsync(QueueScripts.Place, visit, allTypesOfHall, []) == 1;

    /// <summary>
    /// <see cref="PlaceAsync"/> only if the ticket's revision is still <paramref name="revision"/> (reconciliation).
    /// False when the ticket changed meanwhile, or was already in its queue.
    /// </summary>
    public async Task<bool> PlaceIfUnchangedAsync(Visit visit, IEnumerable<string> allTypesOfHall, string revision) =>
        await PlaceAsync(QueueScripts.PlaceIfUnchanged, visit, allTypesOfHall, [revision]) == 1;

    private async Task<long> PlaceAsync(string script, Visit visit, IEnumerable<string> allTypesOfHall, RedisValue[] extra)
    {
        var target = QueueKeys.QueueFor(visit.HallId, visit.ServiceType, visit.PriorityClass);
        var keys = new List<RedisKey> { QueueKeys.Ticket(visit.HallId, visit.Id), target };
        keys.AddRange(AllQueues(visit.HallId, allTypesOfHall).Where(k => k != target).Select(k => (RedisKey)k));
        RedisValue[] values =
        [
            visit.Id, visit.ArrivedAt.ToUnixTimeMilliseconds(), visit.ServiceType, visit.PriorityClass.ToWire(), visit.TicketNumber,
            visit.TicketSequence, (long)TicketLifetime.TotalSeconds, .. extra,
        ];
        return (long)await Db.ScriptEvaluateAsync(script, [.. keys], values);
    }

    /// <summary>Takes a visit out of every queue of the hall and notes its status on the ticket.</summary>
    public async Task<long> RemoveAsync(string hallId, string visitId, IEnumerable<string> allTypesOfHall, string status)
    {
        var keys = new List<RedisKey> { QueueKeys.Ticket(hallId, visitId) };
        keys.AddRange(AllQueues(hallId, allTypesOfHall).Select(k => (RedisKey)k));
        return (long)await Db.ScriptEvaluateAsync(QueueScripts.Remove, [.. keys], [visitId, status]);
    }

    /// <summary>Removes one queue entry only if its ticket's revision is still <paramref name="revision"/>.</summary>
    public async Task<bool> RemoveEntryIfUnchangedAsync(string hallId, string queueKey, string visitId, string revision) =>
        (long)await Db.ScriptEvaluateAsync(QueueScripts.RemoveEntryIfUnchanged, [QueueKeys.Ticket(hallId, visitId), queueKey],
            [visitId, revision]) == 1;

    /// <summary>Every entry of one queue, oldest first.</summary>
    public async Task<IReadOnlyList<QueueEntry>> EntriesAsync(string queueKey)
    {
        var entries = await Db.SortedSetRangeByRankWithScoresAsync(queueKey);
        return [.. entries.Select(e => new QueueEntry(e.Element!, (long)e.Score))];
    }

    /// <summary>
    /// Each ticket's revision ("" when it has none): raised by every script that changes the ticket, so a decision
    /// taken on what was read can be applied only if nothing changed since.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> TicketRevisionsAsync(string hallId, IEnumerable<string> visitIds)
    {
        var db = Db;
        // Pipelined: one round trip's worth of waiting, however many tickets.
        var reads = visitIds.Distinct(StringComparer.Ordinal)
            .Select(id => (Id: id, Revision: db.HashGetAsync(QueueKeys.Ticket(hallId, id), "rev"))).ToList();
        await Task.WhenAll(reads.Select(r => r.Revision));
        return reads.ToDictionary(r => r.Id, r => (string?)r.Revision.Result ?? "", StringComparer.Ordinal);
    }

    public async Task RaiseSeriesAsync(string hallId, DateOnly businessDay, string prefix, long minimum) =>
        await Db.ScriptEvaluateAsync(QueueScripts.RaiseSeries,
            [QueueKeys.Series(hallId, TicketNumbering.SeriesDay(businessDay), prefix)], [minimum, (long)SeriesLifetime.TotalSeconds]);

    /// <summary>The visit's 0-based rank in its own queue, and how many priority tickets of its type wait.</summary>
    public async Task<(long? Rank, long PriorityWaiting)> RankAsync(string hallId, string serviceType, PriorityClass priorityClass, string visitId)
    {
        var rank = Db.SortedSetRankAsync(QueueKeys.QueueFor(hallId, serviceType, priorityClass), visitId);
        var priority = Db.SortedSetLengthAsync(QueueKeys.PriorityQueue(hallId, serviceType));
        return (await rank, await priority);
    }

    /// <summary>How many wait for a service type, normal and priority.</summary>
    public async Task<(long Normal, long Priority)> QueueLengthsAsync(string hallId, string serviceType)
    {
        var normal = Db.SortedSetLengthAsync(QueueKeys.Queue(hallId, serviceType));
        var priority = Db.SortedSetLengthAsync(QueueKeys.PriorityQueue(hallId, serviceType));
        return (await normal, await priority);
    }

    /// <summary>The ticket's status as the queue knows it (waiting, called, cancelled), or null when unknown.</summary>
    public async Task<string?> TicketStatusAsync(string hallId, string visitId) =>
        await Db.HashGetAsync(QueueKeys.Ticket(hallId, visitId), "status");

    public Task AddServiceTimeAsync(string hallId, string serviceType, double seconds, int keep) =>
        Db.ScriptEvaluateAsync(QueueScripts.AddServiceTime, [QueueKeys.ServiceTimes(hallId, serviceType)],
            [Math.Round(seconds, 1), keep]);

    public async Task<IReadOnlyList<double>> RecentServiceTimesAsync(string hallId, string serviceType)
    {
        var values = await Db.ListRangeAsync(QueueKeys.ServiceTimes(hallId, serviceType));
        return [.. values.Select(v => double.TryParse((string?)v, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : -1).Where(s => s >= 0)];
    }

    public Task SetCounterAsync(string hallId, string counterId, bool open, string? staffId) =>
        Db.HashSetAsync(QueueKeys.Counter(hallId, counterId), [new("open", open ? "1" : "0"), new("staffId", staffId ?? "")]);

    public Task ResetStreakAsync(string hallId, string counterId) => Db.KeyDeleteAsync(QueueKeys.Streak(hallId, counterId));

    /// <summary>Publishes a board event; returns its id.</summary>
    public async Task<long> AnnounceAsync(string hallId, string eventJson) =>
        (long)await Db.ScriptEvaluateAsync(QueueScripts.Announce,
            [QueueKeys.BoardRecent(hallId), QueueKeys.BoardSequence(hallId)], [QueueKeys.BoardChannel(hallId), eventJson]);

    /// <summary>The last board events (JSON), newest first.</summary>
    public async Task<IReadOnlyList<string>> RecentBoardEventsAsync(string hallId) =>
        [.. (await Db.ListRangeAsync(QueueKeys.BoardRecent(hallId))).Select(v => (string)v!)];

    public static IEnumerable<string> AllQueues(string hallId, IEnumerable<string> types) =>
        types.SelectMany(t => new[] { QueueKeys.Queue(hallId, t), QueueKeys.PriorityQueue(hallId, t) });

    // Scripts need a key in every slot they touch; without a client key the visit's own (never written) key stands in.
    private static RedisKey IdempotencyRedisKey(string hallId, string visitId, string? idempotencyKey) =>
        QueueKeys.CheckInKey(hallId, idempotencyKey ?? "none:" + visitId);
}
