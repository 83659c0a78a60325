using System.Globalization;
using HallPlatform.Reception.Domain;
using StackExchange.Redis;

namespace HallPlatform.Reception.Data;

/// <summary>A ticket just issued: its place in the series and in the queue, or the visit an earlier try created.</summary>
public sealed record IssuedTicket(long Sequence, string Number, int Position, string? ExistingVisitId)
{
    public bool IsRetryOfEarlierCheckIn => ExistingVisitId is not null;
}

/// <summary>The ticket a counter just called, as the queue knew it.</summary>
public sealed record CalledTicket(string VisitId, string ServiceType, long EnqueuedAtMs, long Sequence, string Number, string? TraceParent);

/// <summary>The live queue of a hall in Redis. Every change is one atomic script (see <see cref="QueueScripts"/>).</summary>
public sealed class QueueStore(IConnectionMultiplexer redis)
{
    private static readonly TimeSpan SeriesLifetime = TimeSpan.FromDays(3);
    // A ticket hash outlives any plausible wait but does not pile up forever.
    private static readonly TimeSpan TicketLifetime = TimeSpan.FromDays(3);
    private static readonly TimeSpan IdempotencyLifetime = TimeSpan.FromDays(1);
    // Bounds one call-next script's work when very many tickets share one millisecond.
    private const int MaxTiedTicketsCompared = 1000;

    private IDatabase Db => redis.GetDatabase();

    public async Task<IssuedTicket> CheckInAsync(string hallId, string visitId, ServiceType serviceType, DateOnly businessDay,
        long enqueuedAtMs, string? traceParent, string? idempotencyKey)
    {
        var keys = new RedisKey[]
        {
            QueueKeys.Series(hallId, TicketNumbering.SeriesDay(businessDay), serviceType.Prefix),
            QueueKeys.Queue(hallId, serviceType.Code),
            QueueKeys.Ticket(hallId, visitId),
            IdempotencyRedisKey(hallId, visitId, idempotencyKey),
        };
        var values = new RedisValue[]
        {
            visitId, serviceType.Prefix, serviceType.Code, enqueuedAtMs, traceParent ?? "",
            (long)SeriesLifetime.TotalSeconds, (long)TicketLifetime.TotalSeconds, TicketNumbering.DisplayCycle,
            idempotencyKey ?? "", (long)IdempotencyLifetime.TotalSeconds,
        };
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(QueueScripts.CheckIn, keys, values))!;
        var sequence = (long)result[0];
        return sequence == 0
            ? new IssuedTicket(0, "", 0, (string)result[2]!)
            : new IssuedTicket(sequence, (string)result[2]!, (int)result[1], null);
    }

    /// <summary>Compensation for a check-in whose visit could not be recorded: out of the queue, marked cancelled.</summary>
    public Task CancelAsync(string hallId, string visitId, string serviceType, string? idempotencyKey) =>
        Db.ScriptEvaluateAsync(QueueScripts.Cancel,
            [QueueKeys.Queue(hallId, serviceType), QueueKeys.Ticket(hallId, visitId), IdempotencyRedisKey(hallId, visitId, idempotencyKey)],
            [visitId, idempotencyKey is null ? "0" : "1"]);

    public async Task<CalledTicket?> CallNextAsync(string hallId, string counterId, IEnumerable<string> serviceTypes, long calledAtMs)
    {
        var keys = serviceTypes.Select(type => (RedisKey)QueueKeys.Queue(hallId, type)).ToArray();
        if (keys.Length == 0)
        {
            return null;
        }
        var result = await Db.ScriptEvaluateAsync(QueueScripts.CallNext, keys,
            [QueueKeys.TicketPrefix(hallId), counterId, calledAtMs, (long)TicketLifetime.TotalSeconds, MaxTiedTicketsCompared]);
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
            TraceParent: string.IsNullOrEmpty(traceParent) ? null : traceParent);
    }

    /// <summary>Undoes this counter's call of a ticket: back in its queue at its original place.</summary>
    public async Task<bool> ReturnToQueueAsync(string hallId, string visitId, string serviceType, string counterId)
    {
        var result = await Db.ScriptEvaluateAsync(QueueScripts.ReturnToQueue,
            [QueueKeys.Ticket(hallId, visitId), QueueKeys.Queue(hallId, serviceType)], [visitId, counterId]);
        return (long)result == 1;
    }

    /// <summary>1-based place in the service type's queue, or null when the visit is not waiting there.</summary>
    public async Task<int?> PositionAsync(string hallId, string serviceType, string visitId)
    {
        var rank = await Db.SortedSetRankAsync(QueueKeys.Queue(hallId, serviceType), visitId);
        return rank is { } zeroBased ? (int)zeroBased + 1 : null;
    }

    /// <summary>How many are waiting for a service type (for boards and estimates).</summary>
    public Task<long> QueueLengthAsync(string hallId, string serviceType) =>
        Db.SortedSetLengthAsync(QueueKeys.Queue(hallId, serviceType));

    /// <summary>The ticket's status as the queue knows it (waiting, called, cancelled), or null when unknown.</summary>
    public async Task<string?> TicketStatusAsync(string hallId, string visitId) =>
        await Db.HashGetAsync(QueueKeys.Ticket(hallId, visitId), "status");

    // Scripts need a key in every slot they touch; without a client key the visit's own (never written) key stands in.
    private static RedisKey IdempotencyRedisKey(string hallId, string visitId, string? idempotencyKey) =>
        QueueKeys.CheckInKey(hallId, idempotencyKey ?? "none:" + visitId);
}
