namespace HallPlatform.Reception.Data;

/// <summary>
/// The queue's atomic steps. Each runs as one Lua script, so no two callers can interleave inside it: this is what
/// makes numbering, calling and moving tickets safe under concurrency, not locks in the service.
/// Every script that changes a ticket raises its 'rev' field, so reconciliation can act only on a ticket nobody
/// touched since it looked (<see cref="PlaceIfUnchanged"/>, <see cref="RemoveEntryIfUnchanged"/>).
/// </summary>
internal static class QueueScripts
{
    /// <summary>
    /// KEYS: 1 series, 2 queue of the ticket's class, 3 ticket, 4 idempotency key (unused when ARGV[9] is empty),
    /// 5 the type's priority queue (its length feeds the position estimate; optional).
    /// ARGV: 1 visitId, 2 prefix, 3 serviceType, 4 enqueuedAt ms, 5 traceparent, 6 series TTL s, 7 ticket TTL s,
    /// 8 display cycle, 9 idempotency key or "", 10 idempotency TTL s, 11 priority class.
    /// Returns {seq, rank, number, priority waiting} for a new ticket, or {0, 0, existingVisitId} when the
    /// idempotency key was used.
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
          'enqueuedAt', ARGV[4], 'traceparent', ARGV[5], 'class', ARGV[11])
        redis.call('HINCRBY', KEYS[3], 'rev', 1)
        redis.call('EXPIRE', KEYS[3], ARGV[7])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
        local priorityWaiting = 0
        if KEYS[5] then
          priorityWaiting = redis.call('ZCARD', KEYS[5])
        end
        return {seq, redis.call('ZRANK', KEYS[2], ARGV[1]) + 1, number, priorityWaiting}
        """;

    /// <summary>
    /// Takes back a ticket whose visit could not be recorded. KEYS: 1 normal queue, 2 ticket, 3 idempotency key (or
    /// a dummy), 4 priority queue. ARGV: 1 visitId, 2 "1" when KEYS[3] is real. The key is released only if it
    /// still names this visit.
    /// </summary>
    public const string Cancel = """
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZREM', KEYS[4], ARGV[1])
        if redis.call('EXISTS', KEYS[2]) == 1 then
          redis.call('HSET', KEYS[2], 'status', 'cancelled')
          redis.call('HINCRBY', KEYS[2], 'rev', 1)
        end
        if ARGV[2] == '1' and redis.call('GET', KEYS[3]) == ARGV[1] then
          redis.call('DEL', KEYS[3])
        end
        return 1
        """;

    /// <summary>
    /// Call-next with the fairness rule (mirror: Domain/FairnessRule.cs). Within a class the longest waiting ticket
    /// wins (earliest score, then lowest seq, then visit id). A priority ticket goes first unless the counter has
    /// made ARGV[6] priority calls in a row while a normal ticket waited, or the oldest normal ticket has waited
    /// ARGV[7] ms and arrived no later than the oldest priority one.
    /// KEYS: 1 the counter's streak, then per served type its normal queue and its priority queue (2,3 4,5 ...).
    /// ARGV: 1 ticket key prefix, 2 counterId, 3 calledAt ms, 4 ticket TTL s, 5 most tickets compared per tie,
    /// 6 priority streak, 7 aging ms.
    /// Returns {visitId, serviceType, enqueuedAt, seq, number, traceparent, class, fromPriority 0|1, rule} or nil.
    /// </summary>
    public const string CallNext = """
        local function oldest(first)
          local best, bestScore, bestSeq, bestKey
          for i = first, #KEYS, 2 do
            local key = KEYS[i]
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
          return best, bestScore, bestKey
        end
        local normal, normalScore, normalKey = oldest(2)
        local priority, priorityScore, priorityKey = oldest(3)
        if normal == nil and priority == nil then
          return nil
        end
        local streak = tonumber(redis.call('GET', KEYS[1]) or '0')
        local now = tonumber(ARGV[3])
        local best, bestKey, fromPriority, rule
        if priority == nil then
          best, bestKey, fromPriority, rule, streak = normal, normalKey, 0, 'normal', 0
        elseif normal == nil then
          best, bestKey, fromPriority, rule = priority, priorityKey, 1, 'priority'
        elseif streak >= tonumber(ARGV[6]) then
          best, bestKey, fromPriority, rule, streak = normal, normalKey, 0, 'streak', 0
        elseif now - normalScore >= tonumber(ARGV[7]) and normalScore <= priorityScore then
          best, bestKey, fromPriority, rule, streak = normal, normalKey, 0, 'aged', 0
        else
          best, bestKey, fromPriority, rule, streak = priority, priorityKey, 1, 'priority', streak + 1
        end
        redis.call('SET', KEYS[1], streak)
        redis.call('ZREM', bestKey, best)
        local ticket = ARGV[1] .. best
        redis.call('HSET', ticket, 'status', 'called', 'counterId', ARGV[2], 'calledAt', ARGV[3])
        redis.call('HINCRBY', ticket, 'rev', 1)
        redis.call('EXPIRE', ticket, ARGV[4])
        local fields = redis.call('HMGET', ticket, 'serviceType', 'enqueuedAt', 'seq', 'number', 'traceparent', 'class')
        return {best, fields[1] or '', fields[2] or '', fields[3] or '0', fields[4] or '', fields[5] or '', fields[6] or 'normal',
          fromPriority, rule}
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
        redis.call('HINCRBY', KEYS[1], 'rev', 1)
        redis.call('ZADD', KEYS[2], fields[3], ARGV[1])
        return 1
        """;

    /// <summary>
    /// Takes one specific waiting ticket out of its queue for a counter (call out of order). KEYS: 1 ticket, 2 its
    /// queue. ARGV: 1 visitId, 2 counterId, 3 calledAt ms. Returns 1, or 0 when it is no longer waiting there.
    /// </summary>
    public const string TakeSpecific = """
        if redis.call('ZREM', KEYS[2], ARGV[1]) == 0 then
          return 0
        end
        redis.call('HSET', KEYS[1], 'status', 'called', 'counterId', ARGV[2], 'calledAt', ARGV[3])
        redis.call('HINCRBY', KEYS[1], 'rev', 1)
        return 1
        """;

    /// <summary>
    /// Moves a waiting ticket to another type's queue keeping its score (transfer). KEYS: 1 ticket, 2 source queue,
    /// 3 target queue. ARGV: 1 visitId, 2 target serviceType. Returns 1, or 0 when it was not waiting in the source.
    /// </summary>
    public const string Move = """
        local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
        if not score then
          return 0
        end
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('ZADD', KEYS[3], score, ARGV[1])
        redis.call('HSET', KEYS[1], 'serviceType', ARGV[2])
        redis.call('HINCRBY', KEYS[1], 'rev', 1)
        return 1
        """;

    /// <summary>
    /// Places a visit the system of record says is waiting into its queue (recycle, transfer of a called visit,
    /// reconciliation), rebuilding its ticket hash. KEYS: 1 ticket, 2 target queue, 3.. queues it must not be in.
    /// ARGV: 1 visitId, 2 score (arrival ms), 3 serviceType, 4 class, 5 number, 6 seq, 7 ticket TTL s.
    /// Returns 1 when it was added to the target, 0 when it was already there.
    /// </summary>
    public const string Place = PlaceBody;

    /// <summary>
    /// <see cref="Place"/> only if the ticket's 'rev' is still ARGV[8] ("" for a ticket without one): reconciliation
    /// decided on what it saw, and a change since (a call, a check-in, another reconciliation) makes the decision
    /// stale. Returns 1 or 0 as Place, or -1 when the ticket changed and nothing was done.
    /// </summary>
    public const string PlaceIfUnchanged = """
        if (redis.call('HGET', KEYS[1], 'rev') or '') ~= ARGV[8] then
          return -1
        end
        """ + "\n" + PlaceBody;

    private const string PlaceBody = """
        for i = 3, #KEYS do
          redis.call('ZREM', KEYS[i], ARGV[1])
        end
        redis.call('HSET', KEYS[1], 'status', 'waiting', 'serviceType', ARGV[3], 'class', ARGV[4], 'number', ARGV[5],
          'seq', ARGV[6], 'enqueuedAt', ARGV[2])
        redis.call('HDEL', KEYS[1], 'counterId', 'calledAt')
        redis.call('HINCRBY', KEYS[1], 'rev', 1)
        redis.call('EXPIRE', KEYS[1], ARGV[7])
        return redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
        """;

    /// <summary>
    /// Removes a queue entry that has no waiting visit behind it, only if the ticket's 'rev' is still ARGV[2] (see
    /// <see cref="PlaceIfUnchanged"/>). KEYS: 1 ticket, 2 queue. ARGV: 1 visitId, 2 rev seen. Returns 1 when removed.
    /// </summary>
    public const string RemoveEntryIfUnchanged = """
        if (redis.call('HGET', KEYS[1], 'rev') or '') ~= ARGV[2] then
          return 0
        end
        local removed = redis.call('ZREM', KEYS[2], ARGV[1])
        if removed == 1 and redis.call('EXISTS', KEYS[1]) == 1 then
          redis.call('HINCRBY', KEYS[1], 'rev', 1)
        end
        return removed
        """;

    /// <summary>
    /// Takes a visit out of every given queue and records its status on the ticket (close-day, stale entries).
    /// KEYS: 1 ticket, 2.. queues. ARGV: 1 visitId, 2 status. Returns how many queue entries were removed.
    /// </summary>
    public const string Remove = """
        local removed = 0
        for i = 2, #KEYS do
          removed = removed + redis.call('ZREM', KEYS[i], ARGV[1])
        end
        if redis.call('EXISTS', KEYS[1]) == 1 then
          redis.call('HSET', KEYS[1], 'status', ARGV[2])
          redis.call('HINCRBY', KEYS[1], 'rev', 1)
        end
        return removed
        """;

    /// <summary>
    /// Announces a call on the hall's boards: gives the event the next id, keeps the last 10 for the snapshot and
    /// Last-Event-ID replay, and publishes it. KEYS: 1 recent list, 2 board sequence. ARGV: 1 channel, 2 event JSON
    /// (ticket number, service type, counter, event, at: never names or phones). Returns the event id.
    /// </summary>
    public const string Announce = """
        local id = redis.call('INCR', KEYS[2])
        local event = cjson.decode(ARGV[2])
        event['id'] = id
        local payload = cjson.encode(event)
        redis.call('LPUSH', KEYS[1], payload)
        redis.call('LTRIM', KEYS[1], 0, 9)
        redis.call('PUBLISH', ARGV[1], payload)
        return id
        """;

    /// <summary>Records a service duration: KEYS 1 samples list. ARGV: 1 seconds, 2 most samples kept.</summary>
    public const string AddServiceTime = """
        redis.call('LPUSH', KEYS[1], ARGV[1])
        redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
        return 1
        """;

    /// <summary>
    /// Raises a number series to at least ARGV[1] (never lowers it), so numbers the system of record already holds
    /// are not issued again after Redis lost its last writes. KEYS: 1 series. ARGV: 1 minimum, 2 TTL s.
    /// </summary>
    public const string RaiseSeries = """
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        if current < tonumber(ARGV[1]) then
          redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
          return tonumber(ARGV[1])
        end
        return current
        """;
}
