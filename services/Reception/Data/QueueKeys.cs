using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Data;

/// <summary>
/// Redis keys of one hall. All carry the hall as hash tag ({hallId}) so a hall's keys share one cluster slot and
/// one script may touch all of them.
/// </summary>
public static class QueueKeys
{
    public static string HallPrefix(string hallId) => $"hall:{{{hallId}}}:";

    /// <summary>INCR counter of one number series: per hall, business day (yyyyMMdd) and prefix letter.</summary>
    public static string Series(string hallId, string seriesDay, string prefix) => $"{HallPrefix(hallId)}seq:{seriesDay}:{prefix}";

    /// <summary>Sorted set of the waiting normal visits of one service type: member visitId, score arrival time (Unix ms).</summary>
    public static string Queue(string hallId, string serviceType) => $"{HallPrefix(hallId)}queue:{serviceType}";

    /// <summary>Sorted set of the waiting priority visits (green, vip, appointment) of one service type.</summary>
    public static string PriorityQueue(string hallId, string serviceType) => $"{HallPrefix(hallId)}pqueue:{serviceType}";

    public static string QueueFor(string hallId, string serviceType, PriorityClass priorityClass) =>
        priorityClass.IsPriority() ? PriorityQueue(hallId, serviceType) : Queue(hallId, serviceType);

    public static string TicketPrefix(string hallId) => $"{HallPrefix(hallId)}ticket:";

    /// <summary>Hash of one ticket: number, seq, serviceType, class, status, enqueuedAt, calledAt, counterId, traceparent.</summary>
    public static string Ticket(string hallId, string visitId) => TicketPrefix(hallId) + visitId;

    /// <summary>The visit a caller's idempotency key (scoped per caller, as stored on the visit) was first used for.</summary>
    public static string CheckInKey(string hallId, string idempotencyKey) => $"{HallPrefix(hallId)}idem:check-in:{idempotencyKey}";

    /// <summary>A counter's consecutive priority calls made while a normal ticket waited (fairness rule).</summary>
    public static string Streak(string hallId, string counterId) => $"{HallPrefix(hallId)}streak:{counterId}";

    /// <summary>Hash of a counter's live state: open, staffId.</summary>
    public static string Counter(string hallId, string counterId) => $"{HallPrefix(hallId)}counter:{counterId}";

    /// <summary>List of the last service durations (seconds) of a service type, newest first.</summary>
    public static string ServiceTimes(string hallId, string serviceType) => $"{HallPrefix(hallId)}svc:{serviceType}";

    /// <summary>Pub/sub channel of the hall's display boards.</summary>
    public static string BoardChannel(string hallId) => $"{HallPrefix(hallId)}board";

    /// <summary>List of the last board events (JSON), newest first: the board snapshot and Last-Event-ID replay.</summary>
    public static string BoardRecent(string hallId) => $"{HallPrefix(hallId)}board:recent";

    /// <summary>INCR counter giving board events their ids.</summary>
    public static string BoardSequence(string hallId) => $"{HallPrefix(hallId)}board:seq";
}
