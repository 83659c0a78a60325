using System.Diagnostics;
using System.Threading.Channels;
using HallPlatform.Reception.Domain;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using HallPlatform.Privacy;
using Npgsql;
using NpgsqlTypes;

namespace HallPlatform.Reception.Data;

/// <summary>
/// Group commit for the hot writes of the system of record (check-in, call, order attached). Callers hand their
/// write to one in-process channel and await its commit; one background loop takes everything pending (up to
/// <see cref="MaxBatch"/>) and commits it in ONE PostgreSQL transaction with raw Npgsql, then completes every
/// caller. So many concurrent check-ins share one round trip and one WAL flush instead of one each, while every
/// caller still answers only after its own rows are committed.
/// A failed batch is retried item by item, so one bad write fails only its own caller. The channel is bounded
/// (back-pressure); stopping drains what is queued and fails what can no longer be written, so no caller waits
/// forever.
/// </summary>
public sealed partial class VisitRecordWriter(ReceptionDataSource data, ILogger<VisitRecordWriter> logger) : IHostedService, IAsyncDisposable
{
    public const int MaxBatch = 256;
    public const int Capacity = 4096;

    private readonly Channel<RecordWrite> _pending = Channel.CreateBounded<RecordWrite>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly Lock _startLock = new();
    private Task? _loop;

    /// <summary>
    /// Records a new visit, its checkedIn event and its audit entry. <paramref name="customer"/> holds the visit's
    /// personal data already encrypted: the plaintext never reaches this writer's queue.
    /// </summary>
    public Task CheckInAsync(Visit visit, StoredCustomer customer, string? reason, AuditRow audit) =>
        SubmitAsync(new CheckedInWrite(visit, customer, reason, audit));

    /// <summary>
    /// Moves a waiting visit to called at <paramref name="counterId"/> and records the called event, in one
    /// statement guarded by the visit's status, with its audit entry: null when no waiting visit has that id (missing
    /// or already moved on), and then no entry either.
    /// </summary>
    public Task<CalledVisitRow?> CallAsync(string visitId, string counterId, string? staffId, DateTimeOffset calledAt, string reason, AuditRow audit) =>
        SubmitAsync(new CalledWrite(visitId, counterId, staffId, calledAt, reason, audit));

    /// <summary>Stores the business order opened for the visit; false when the visit does not exist.</summary>
    public Task<bool> AttachOrderAsync(string visitId, string orderId) => SubmitAsync(new OrderAttachedWrite(visitId, orderId));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = EnsureStarted();
        return Task.CompletedTask;
    }

    /// <summary>Accepts nothing new, then commits what is already queued before returning.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        var loop = EnsureStarted();
        try
        {
            await loop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host gave up waiting: whatever is still queued is failed below rather than left hanging.
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
    }

    private async Task<T> SubmitAsync<T>(RecordWrite<T> write)
    {
        _ = EnsureStarted();
        if (!_pending.Writer.TryWrite(write))
        {
            try
            {
                // Full: wait for room (back-pressure). Not cancellable: the caller has already taken a ticket.
                await _pending.Writer.WriteAsync(write, CancellationToken.None);
            }
            catch (ChannelClosedException)
            {
                throw new VisitRecordWriterStoppedException();
            }
        }
        return await write.Completion;
    }

    private Task EnsureStarted()
    {
        lock (_startLock)
        {
            return _loop ??= Task.Run(RunAsync);
        }
    }

    private async Task RunAsync()
    {
        var reader = _pending.Reader;
        var batch = new List<RecordWrite>(MaxBatch);
        // No cancellation token: stopping completes the channel, and the loop ends once it is drained.
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var write))
            {
                batch.Add(write);
            }
            await CommitAsync(batch);
            batch.Clear();
        }
    }

    private void FailRemaining()
    {
        while (_pending.Reader.TryRead(out var write))
        {
            write.Fail(new VisitRecordWriterStoppedException());
        }
    }

    /// <summary>Commits the writes together; if that fails, each one alone. Never throws: every write is completed.</summary>
    internal async Task CommitAsync(IReadOnlyList<RecordWrite> batch)
    {
        try
        {
            await ExecuteAsync(batch);
            foreach (var write in batch)
            {
                write.Complete();
            }
            return;
        }
        catch (Exception batchFailure) when (batch.Count > 1)
        {
            LogBatchRetried(logger, batchFailure, batch.Count);
        }
        catch (Exception failure)
        {
            batch[0].Fail(failure);
            return;
        }
        foreach (var write in batch)
        {
            try
            {
                await ExecuteAsync([write]);
                write.Complete();
            }
            catch (Exception failure)
            {
                write.Fail(failure);
            }
        }
    }

    private async Task ExecuteAsync(IReadOnlyList<RecordWrite> writes)
    {
        using var activity = Tracing.StartActivity("reception.record-commit");
        activity?.SetTag("hall.batch_size", writes.Count);
        await using var connection = await data.Source.OpenConnectionAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var write in writes)
        {
            batch.BatchCommands.Add(write.CreateCommand());
        }
        await using (var reader = await batch.ExecuteReaderAsync(CancellationToken.None))
        {
            // Every write is exactly one statement returning one result set, in order.
            for (var i = 0; i < writes.Count; i++)
            {
                if (i > 0 && !await reader.NextResultAsync(CancellationToken.None))
                {
                    throw new InvalidOperationException($"The batch returned {i} result sets for {writes.Count} writes.");
                }
                await writes[i].ReadAsync(reader);
            }
        }
        await transaction.CommitAsync(CancellationToken.None);
    }

    private static readonly ActivitySource Tracing = new("HallPlatform.Reception.Record");

    [LoggerMessage(1101, LogLevel.Warning, "A batch of {Count} record writes failed; retrying them one by one")]
    private static partial void LogBatchRetried(ILogger logger, Exception exception, int count);

    internal static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = value ?? (object)DBNull.Value };

    internal static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value is { } v ? v.ToUniversalTime() : DBNull.Value };

    internal static NpgsqlParameter Json(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = value ?? (object)DBNull.Value };
}

/// <summary>
/// An audit entry for the writer, built on the request (who, from where, trace) and inserted by the same statement
/// as the visit change it describes; the customer reference and the hall are taken from the changed row. Columns as
/// ServiceDefaults' AuditTrailModel maps AuditEntry.
/// </summary>
public sealed record AuditRow(
    DateTimeOffset OccurredAt, string ActorKind, string ActorId, string? ClientAddress, string Action, string RecordType, string RecordId,
    string? Before, string? After, string? TraceId)
{
    /// <summary>INSERT ... SELECT of this row from the CTE <paramref name="source"/> (one entry per row it returns), parameters from $<paramref name="first"/> on.</summary>
    internal static string InsertFrom(string source, int first) => $"""
        INSERT INTO audit_entries (occurred_at, actor_kind, actor_id, client_address, action, record_type, record_id, customer_ref, before, after, trace_id, hall_id)
          SELECT ${first}, ${first + 1}, ${first + 2}, ${first + 3}, ${first + 4}, ${first + 5}, ${first + 6}, {source}.customer_phone_ref, ${first + 7}, ${first + 8}, ${first + 9}, {source}.hall_id FROM {source}
        """;

    internal void AddParameters(NpgsqlParameterCollection parameters)
    {
        parameters.Add(VisitRecordWriter.Time(OccurredAt));
        parameters.Add(VisitRecordWriter.Text(ActorKind));
        parameters.Add(VisitRecordWriter.Text(ActorId));
        parameters.Add(VisitRecordWriter.Text(ClientAddress));
        parameters.Add(VisitRecordWriter.Text(Action));
        parameters.Add(VisitRecordWriter.Text(RecordType));
        parameters.Add(VisitRecordWriter.Text(RecordId));
        parameters.Add(VisitRecordWriter.Json(Before));
        parameters.Add(VisitRecordWriter.Json(After));
        parameters.Add(VisitRecordWriter.Text(TraceId));
    }
}

/// <summary>A visit's personal data as stored: encrypted (v1:{keyId}:...) and the blind index of the phone.</summary>
public sealed record StoredCustomer(string Name, string Phone, string? PhoneRef, string? IdDocumentNumber)
{
    public static StoredCustomer Protect(Visit visit, PersonalDataProtector protector)
    {
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentNullException.ThrowIfNull(protector);
        return new(protector.Protect(visit.CustomerName), protector.Protect(visit.CustomerPhone), visit.CustomerPhoneRef,
            visit.IdDocumentNumber is null ? null : protector.Protect(visit.IdDocumentNumber));
    }
}

/// <summary>The record writer was stopped (the service is shutting down): the write was not committed.</summary>
public sealed class VisitRecordWriterStoppedException() : InvalidOperationException("The record writer is stopped; the write was not committed.");

/// <summary>A called visit as its guarded update returned it.</summary>
public sealed record CalledVisitRow(string VisitId, string HallId, string ServiceType, string TicketNumber, PriorityClass PriorityClass,
    DateTimeOffset ArrivedAt, DateTimeOffset FirstCalledAt, bool FirstCall)
{
    /// <summary>Whole seconds from ticket to first call (the KPI waiting time), as <see cref="Visit.WaitedSeconds"/>.</summary>
    public long WaitedSeconds => (long)Math.Max(0, (FirstCalledAt - ArrivedAt).TotalSeconds);
}

/// <summary>One write of the record: one SQL statement returning one result set.</summary>
public abstract class RecordWrite
{
    internal abstract NpgsqlBatchCommand CreateCommand();

    /// <summary>Reads this write's result set (the reader is positioned on it); the result counts only after commit.</summary>
    internal abstract Task ReadAsync(NpgsqlDataReader reader);

    internal abstract void Complete();

    internal abstract void Fail(Exception exception);
}

public abstract class RecordWrite<T> : RecordWrite
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected T Result { get; set; } = default!;

    public Task<T> Completion => _completion.Task;

    internal override void Complete() => _completion.TrySetResult(Result);

    internal override void Fail(Exception exception) => _completion.TrySetException(exception);
}

/// <summary>
/// INSERT of a new visit, its checkedIn event and its audit entry (one statement: no visit without its event and
/// entry, and no entry without the visit).
/// </summary>
public sealed class CheckedInWrite(Visit visit, StoredCustomer customer, string? reason, AuditRow audit) : RecordWrite<bool>
{
    // Column names and types as in ReceptionDbContext and its migrations.
    private static readonly string Sql = $"""
        WITH v AS (
          INSERT INTO visits (id, hall_id, customer_name, customer_phone, id_document_type, id_document_number, service_type,
            channel, direction, status, priority_class, appointment_id, ticket_prefix, business_day, ticket_sequence,
            ticket_number, arrived_at, first_called_at, called_at, serving_started_at, completed_at, ended_at, recall_count,
            counter_id, staff_id, outcome, order_id, idempotency_key, customer_phone_ref)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
            $24, $25, $26, $27, $28, $30)
          RETURNING id, hall_id, service_type, ticket_number, arrived_at, counter_id, staff_id, customer_phone_ref),
        a AS (
        {AuditRow.InsertFrom("v", 31)})
        INSERT INTO queue_events (visit_id, hall_id, type, at, service_type, ticket_number, counter_id, staff_id, reason)
        SELECT id, hall_id, '{QueueEventTypes.CheckedIn}', arrived_at, service_type, ticket_number, counter_id, staff_id, $29 FROM v
        RETURNING id
        """;

    public Visit Visit => visit;

    internal override NpgsqlBatchCommand CreateCommand()
    {
        var command = new NpgsqlBatchCommand(Sql)
        {
            Parameters =
            {
                VisitRecordWriter.Text(visit.Id),
                VisitRecordWriter.Text(visit.HallId),
                VisitRecordWriter.Text(customer.Name),
                VisitRecordWriter.Text(customer.Phone),
                VisitRecordWriter.Text(visit.IdDocumentType),
                VisitRecordWriter.Text(customer.IdDocumentNumber),
                VisitRecordWriter.Text(visit.ServiceType),
                VisitRecordWriter.Text(visit.Channel.ToWire()),
                VisitRecordWriter.Text(visit.Direction),
                VisitRecordWriter.Text(visit.Status.ToWire()),
                VisitRecordWriter.Text(visit.PriorityClass.ToWire()),
                VisitRecordWriter.Text(visit.AppointmentId),
                VisitRecordWriter.Text(visit.TicketPrefix),
                new NpgsqlParameter<DateOnly> { NpgsqlDbType = NpgsqlDbType.Date, TypedValue = visit.BusinessDay },
                new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = visit.TicketSequence },
                VisitRecordWriter.Text(visit.TicketNumber),
                VisitRecordWriter.Time(visit.ArrivedAt),
                VisitRecordWriter.Time(visit.FirstCalledAt),
                VisitRecordWriter.Time(visit.CalledAt),
                VisitRecordWriter.Time(visit.ServingStartedAt),
                VisitRecordWriter.Time(visit.CompletedAt),
                VisitRecordWriter.Time(visit.EndedAt),
                new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = visit.RecallCount },
                VisitRecordWriter.Text(visit.CounterId),
                VisitRecordWriter.Text(visit.StaffId),
                VisitRecordWriter.Text(visit.Outcome),
                VisitRecordWriter.Text(visit.OrderId),
                VisitRecordWriter.Text(visit.IdempotencyKey),
                VisitRecordWriter.Text(reason),
                VisitRecordWriter.Text(customer.PhoneRef),
            },
        };
        audit.AddParameters(command.Parameters);
        return command;
    }

    internal override Task ReadAsync(NpgsqlDataReader reader)
    {
        Result = true;
        return Task.CompletedTask;
    }
}

/// <summary>
/// UPDATE of a waiting visit to called plus its called event, guarded by the status so a racing action is never
/// overwritten: no row comes back when the visit is missing or no longer waiting.
/// </summary>
public sealed class CalledWrite(string visitId, string counterId, string? staffId, DateTimeOffset calledAt, string reason, AuditRow audit)
    : RecordWrite<CalledVisitRow?>
{
    // Same changes as Visit.Call (status, counter, staff, latest and first call, recall count) and QueueEvent.For.
    private static readonly string Sql = $"""
        WITH v AS (
          UPDATE visits SET status = '{VisitStatus.Called.ToWire()}', counter_id = $2, staff_id = $3, called_at = $4,
            first_called_at = COALESCE(first_called_at, $4), recall_count = 0
          WHERE id = $1 AND status = '{VisitStatus.Waiting.ToWire()}'
          RETURNING id, hall_id, service_type, ticket_number, priority_class, arrived_at, first_called_at, customer_phone_ref),
        a AS (
        {AuditRow.InsertFrom("v", 6)}),
        e AS (
          INSERT INTO queue_events (visit_id, hall_id, type, at, service_type, ticket_number, counter_id, staff_id, reason)
          SELECT id, hall_id, '{QueueEventTypes.Called}', $4, service_type, ticket_number, $2, $3, $5 FROM v)
        SELECT hall_id, service_type, ticket_number, priority_class, arrived_at, first_called_at, first_called_at = $4 FROM v
        """;

    internal override NpgsqlBatchCommand CreateCommand()
    {
        var command = new NpgsqlBatchCommand(Sql)
        {
            Parameters =
            {
                VisitRecordWriter.Text(visitId),
                VisitRecordWriter.Text(counterId),
                VisitRecordWriter.Text(staffId),
                VisitRecordWriter.Time(calledAt),
                VisitRecordWriter.Text(reason),
            },
        };
        audit.AddParameters(command.Parameters);
        return command;
    }

    internal override async Task ReadAsync(NpgsqlDataReader reader)
    {
        Result = null;
        if (await reader.ReadAsync(CancellationToken.None))
        {
            Result = new CalledVisitRow(visitId, reader.GetString(0), reader.GetString(1), reader.GetString(2),
                PriorityClasses.FromWire(reader.GetString(3)), reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetBoolean(6));
        }
    }
}

/// <summary>UPDATE of the visit's order id once Business opened the order.</summary>
public sealed class OrderAttachedWrite(string visitId, string orderId) : RecordWrite<bool>
{
    private const string Sql = "UPDATE visits SET order_id = $2 WHERE id = $1 RETURNING id";

    internal override NpgsqlBatchCommand CreateCommand() => new(Sql)
    {
        Parameters = { VisitRecordWriter.Text(visitId), VisitRecordWriter.Text(orderId) },
    };

    internal override async Task ReadAsync(NpgsqlDataReader reader) => Result = await reader.ReadAsync(CancellationToken.None);
}
