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

    /// <summary>Sorted set of the waiting visits of one service type: member visitId, score enqueue time (Unix ms).</summary>
    public static string Queue(string hallId, string serviceType) => $"{HallPrefix(hallId)}queue:{serviceType}";

    public static string TicketPrefix(string hallId) => $"{HallPrefix(hallId)}ticket:";

    /// <summary>Hash of one ticket: number, seq, serviceType, status, enqueuedAt, calledAt, counterId, traceparent.</summary>
    public static string Ticket(string hallId, string visitId) => TicketPrefix(hallId) + visitId;

    /// <summary>The visit a client's idempotency key was first used for.</summary>
    public static string CheckInKey(string hallId, string idempotencyKey) => $"{HallPrefix(hallId)}idem:check-in:{idempotencyKey}";
}
