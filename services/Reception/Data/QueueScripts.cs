namespace HallPlatform.Reception.Data;

/// <summary>
/// The queue's atomic steps. Each runs as one Lua script, so no two callers can interleave inside it: this is what
/// makes numbering and calling safe under concurrency, not locks in the service.
/// </summary>
internal static class QueueScripts
{
    /// <summary>
    /// KEYS: 1 series, 2 queue, 3 ticket, 4 idempotency key (unused when ARGV[9] is empty).
    /// ARGV: 1 visitId, 2 prefix, 3 serviceType, 4 enqueuedAt ms, 5 traceparent, 6 series TTL s, 7 ticket TTL s,
    /// 8 display cycle, 9 idempotency key or "", 10 idempotency TTL s.
    /// Returns {seq, rank, number} for a new ticket, or {0, 0, existingVisitId} when the idempotency key was used.
    /// </summary>
    public const string CheckIn = """
        if ARGV[9] ~= '' then
          local existing = redis.call('GET', KEYS[4])
          if existing then
            return {0, 0, existing}
          end
          redis.call('SET', KEYS[4], ARGV[1], 'EX', ARGV[10])
        end
        local seq = redis.call('INCR', KEYS[1])
        redis.call('EXPIRE', KEYS[1], ARGV[6])
        -- Same rule as TicketNumbering.Display: 001..999, then 001 again.
        local number = ARGV[2] .. string.format('%03d', ((seq - 1) % tonumber(ARGV[8])) + 1)
        redis.call('HSET', KEYS[3], 'number', number, 'seq', seq, 'serviceType', ARGV[3], 'status', 'waiting',
          'enqueuedAt', ARGV[4], 'traceparent', ARGV[5])
        redis.call('EXPIRE', KEYS[3], ARGV[7])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
        return {seq, redis.call('ZRANK', KEYS[2], ARGV[1]) + 1, number}
        """;

    /// <summary>
    /// Takes back a ticket whose visit could not be recorded. KEYS: 1 queue, 2 ticket, 3 idempotency key (or a
    /// dummy). ARGV: 1 visitId, 2 "1" when KEYS[3] is real. The key is released only if it still names this visit.
    /// </summary>
    public const string Cancel = """
        redis.call('ZREM', KEYS[1], ARGV[1])
        if redis.call('EXISTS', KEYS[2]) == 1 then
          redis.call('HSET', KEYS[2], 'status', 'cancelled')
        end
        if ARGV[2] == '1' and redis.call('GET', KEYS[3]) == ARGV[1] then
          redis.call('DEL', KEYS[3])
        end
        return 1
        """;

    /// <summary>
    /// Calls the longest-waiting ticket among the given queues (same rule as CallNextRule: earliest score, then
    /// lowest seq, then visit id), removes it and marks it called. KEYS: the counter's queues (one hall).
    /// ARGV: 1 ticket key prefix, 2 counterId, 3 calledAt ms, 4 ticket TTL s, 5 most tickets compared per tie.
    /// Returns {visitId, serviceType, enqueuedAt, seq, number, traceparent} or nil when every queue is empty.
    /// </summary>
    public const string CallNext = """
        local best, bestScore, bestSeq, bestKey
        for _, key in ipairs(KEYS) do
          local head = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
          if head[1] then
            local score = tonumber(head[2])
            if best == nil or score <= bestScore then
              -- Tickets enqueued in the same millisecond are ordered by their sequence.
              local tied = redis.call('ZRANGE', key, score, score, 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[5]))
              for _, member in ipairs(tied) do
                local seq = tonumber(redis.call('HGET', ARGV[1] .. member, 'seq')) or 0
                if best == nil or score < bestScore or seq < bestSeq or (seq == bestSeq and member < best) then
                  best, bestScore, bestSeq, bestKey = member, score, seq, key
                end
              end
            end
          end
        end
        if best == nil then
          return nil
        end
        redis.call('ZREM', bestKey, best)
        local ticket = ARGV[1] .. best
        redis.call('HSET', ticket, 'status', 'called', 'counterId', ARGV[2], 'calledAt', ARGV[3])
        redis.call('EXPIRE', ticket, ARGV[4])
        local fields = redis.call('HMGET', ticket, 'serviceType', 'enqueuedAt', 'seq', 'number', 'traceparent')
        return {best, fields[1] or '', fields[2] or '', fields[3] or '0', fields[4] or '', fields[5] or ''}
        """;

    /// <summary>
    /// Puts a called ticket back at its old place in its queue (its original score), when the call could not be
    /// recorded. Only this counter's call is undone: KEYS: 1 ticket, 2 queue. ARGV: 1 visitId, 2 counterId.
    /// Returns 1 when the ticket is waiting again, 0 when it was not this counter's called ticket.
    /// </summary>
    public const string ReturnToQueue = """
        local fields = redis.call('HMGET', KEYS[1], 'status', 'counterId', 'enqueuedAt')
        if fields[1] ~= 'called' or fields[2] ~= ARGV[2] or not fields[3] then
          return 0
        end
        redis.call('HSET', KEYS[1], 'status', 'waiting')
        redis.call('HDEL', KEYS[1], 'counterId', 'calledAt')
        redis.call('ZADD', KEYS[2], fields[3], ARGV[1])
        return 1
        """;
}
