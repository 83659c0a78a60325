using System.Threading.Channels;
using HallPlatform.Business.Domain;
using Npgsql;
using NpgsqlTypes;

namespace HallPlatform.Business.Data;

/// <summary>
/// The idempotent "one order per visit" insert, <c>INSERT ... ON CONFLICT (visit_id) DO NOTHING</c>, with group
/// commit: one in-process loop takes every pending insert (up to <see cref="MaxBatch"/>) and commits them in ONE
/// PostgreSQL transaction with raw Npgsql, then completes each caller, who answers only after that commit. A new
/// visit costs no EF change tracking and shares its round trip and WAL flush with the other calls of the moment; a
/// concurrent duplicate is a quiet no-op (false) instead of a failed SaveChanges. A failed batch is retried insert
/// by insert, so one bad insert fails only its own caller. Stopping drains what is queued and fails the rest.
/// </summary>
public sealed partial class OrderInserts(IConfiguration configuration, ILogger<OrderInserts> logger) : IHostedService, IAsyncDisposable
{
    public const int MaxBatch = 256;

    // Column names and types as in BusinessDbContext, its migrations and AuditTrailModel; an order starts with an empty
    // history, stored as EF stores an empty owned JSON collection. The audit entry is a data-modifying CTE of the same
    // statement: it is inserted for exactly the rows the order insert returned, so a replay (conflict) adds none, and
    // the entry commits with its order or not at all, without another round trip.
    private const string Sql = """
        WITH inserted AS (
          INSERT INTO orders (order_id, visit_id, hall_id, service_type, counter_id, ticket_number, state, created_at, state_changed_at,
            state_change_reason, state_change_history)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '[]'::jsonb)
          ON CONFLICT (visit_id) DO NOTHING
          RETURNING order_id
        ), audited AS (
          INSERT INTO audit_entries (occurred_at, actor_kind, actor_id, client_address, action, record_type, record_id, after, trace_id, hall_id)
          SELECT $11, $12, $13, $14, $15, $16, inserted.order_id, $17, $18, $3 FROM inserted
        )
        SELECT order_id FROM inserted
        """;

    private readonly NpgsqlDataSource _data = new NpgsqlDataSourceBuilder(configuration.GetConnectionString("businessdb")
        ?? throw new InvalidOperationException("ConnectionStrings:businessdb is not configured.")).Build();
    private readonly Channel<Pending> _pending = Channel.CreateBounded<Pending>(new BoundedChannelOptions(4096)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly Lock _startLock = new();
    private Task? _loop;

    private sealed class Pending(Order order, OrderOpenedAudit audit)
    {
        public Order Order => order;
        public OrderOpenedAudit Audit => audit;
        public bool Inserted { get; set; }
        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// True when the order was inserted, together with <paramref name="audit"/>; false when the visit already has one
    /// (the caller reads it) and nothing was written.
    /// </summary>
    public async Task<bool> TryInsertAsync(Order order, OrderOpenedAudit audit)
    {
        _ = EnsureStarted();
        var pending = new Pending(order, audit);
        if (!_pending.Writer.TryWrite(pending))
        {
            try
            {
                await _pending.Writer.WriteAsync(pending, CancellationToken.None);
            }
            catch (ChannelClosedException)
            {
                throw new InvalidOperationException("The order writer is stopped; the order was not opened.");
            }
        }
        return await pending.Completion.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = EnsureStarted();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        try
        {
            await EnsureStarted().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host gave up waiting: what is still queued is failed below rather than left hanging.
        }
        FailRemaining();
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        FailRemaining();
        await _data.DisposeAsync();
    }

    private Task EnsureStarted()
    {
        lock (_startLock)
        {
            return _loop ??= Task.Run(RunAsync);
        }
    }

    private void FailRemaining()
    {
        while (_pending.Reader.TryRead(out var pending))
        {
            pending.Completion.TrySetException(new InvalidOperationException("The order writer is stopped; the order was not opened."));
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            await CommitAsync(batch);
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        try
        {
            await ExecuteAsync(batch);
            batch.ForEach(p => p.Completion.TrySetResult(p.Inserted));
            return;
        }
        catch (Exception failure) when (batch.Count > 1)
        {
            LogBatchRetried(logger, failure, batch.Count);
        }
        catch (Exception failure)
        {
            batch[0].Completion.TrySetException(failure);
            return;
        }
        foreach (var pending in batch)
        {
            try
            {
                await ExecuteAsync([pending]);
                pending.Completion.TrySetResult(pending.Inserted);
            }
            catch (Exception failure)
            {
                pending.Completion.TrySetException(failure);
            }
        }
    }

    private async Task ExecuteAsync(List<Pending> inserts)
    {
        await using var connection = await _data.OpenConnectionAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var pending in inserts)
        {
            var order = pending.Order;
            var audit = pending.Audit;
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Sql)
            {
                Parameters =
                {
                    Text(order.OrderId),
                    Text(order.VisitId),
                    Text(order.HallId),
                    Text(order.ServiceType),
                    Text(order.CounterId),
                    Text(order.TicketNumber),
                    Text(order.State.ToWire()),
                    Time(order.CreatedAt),
                    Time(order.StateChangedAt),
                    Text(order.StateChangeReason),
                    Time(audit.OccurredAt),
                    Text(audit.ActorKind),
                    Text(audit.ActorId),
                    Text(audit.ClientAddress),
                    Text(audit.Action),
                    Text(audit.RecordType),
                    new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = audit.After },
                    Text(audit.TraceId),
                },
            });
        }
        await using (var reader = await batch.ExecuteReaderAsync(CancellationToken.None))
        {
            // One result set per insert, in order: a row when it was inserted, none on conflict (a later insert of
            // the same visit in this batch conflicts with the earlier one, as it would across transactions).
            for (var i = 0; i < inserts.Count; i++)
            {
                if (i > 0 && !await reader.NextResultAsync(CancellationToken.None))
                {
                    throw new InvalidOperationException($"The batch returned {i} result sets for {inserts.Count} inserts.");
                }
                inserts[i].Inserted = await reader.ReadAsync(CancellationToken.None);
            }
        }
        await transaction.CommitAsync(CancellationToken.None);
    }

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Time(DateTimeOffset value) => new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value.ToUniversalTime() };

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} order inserts failed; retrying them one by one")]
    private static partial void LogBatchRetried(ILogger logger, Exception exception, int count);
}

/// <summary>The audit entry written with a new order (columns of <c>audit_entries</c>; <c>after</c> is JSON).</summary>
public sealed record OrderOpenedAudit(
    DateTimeOffset OccurredAt, string ActorKind, string ActorId, string? ClientAddress, string Action, string RecordType, string After,
    string? TraceId);
