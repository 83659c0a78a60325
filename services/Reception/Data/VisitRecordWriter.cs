using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Data;
using HallPlatform.Messaging;
using HallPlatform.Reception.Domain;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using HallPlatform.Privacy;
using Npgsql;

namespace HallPlatform.Reception.Data;

/// <summary>
/// The hot writes of Reception's system of record (check-in, call, order attached), each one statement committed
/// through the shared <see cref="GroupCommitWriter"/>: many concurrent check-ins share one round trip and one WAL
/// flush, and every caller answers only after its own rows are committed.
/// </summary>
public sealed class VisitRecordWriter(ReceptionDataSource data, ILogger<GroupCommitWriter> logger) : IHostedService, IAsyncDisposable
{
    private readonly GroupCommitWriter _writer = new(data.Source, logger);

    /// <summary>
    /// Records a new visit, its checkedIn event and its audit entry. <paramref name="customer"/> holds the visit's
    /// personal data already encrypted: the plaintext never reaches this writer's queue.
    /// </summary>
    public Task CheckInAsync(Visit visit, StoredCustomer customer, string? reason, AuditEntry audit) =>
        _writer.SubmitAsync(new CheckedInWrite(visit, customer, reason, audit));

    /// <summary>
    /// Moves a waiting visit to called at <paramref name="counterId"/> and records the called event, in one
    /// statement guarded by the visit's status, with its audit entry: null when no waiting visit has that id (missing
    /// or already moved on), and then no entry either. <paramref name="called"/> is the integration event, written
    /// with the same guard.
    /// </summary>
    public Task<CalledVisitRow?> CallAsync(string visitId, string counterId, string? staffId, DateTimeOffset calledAt, string reason, AuditEntry audit,
        OutboxEvent called) =>
        _writer.SubmitAsync(new CalledWrite(visitId, counterId, staffId, calledAt, reason, audit, called));

    /// <summary>Stores the business order opened for the visit; false when the visit does not exist.</summary>
    public Task<bool> AttachOrderAsync(string visitId, string orderId) => _writer.SubmitAsync(new OrderAttachedWrite(visitId, orderId));

    /// <summary>Commits these writes as one group (tests use it to make a batch fail).</summary>
    internal Task CommitAsync(IReadOnlyList<GroupCommitWrite> batch) => _writer.CommitAsync(batch);

    public Task StartAsync(CancellationToken cancellationToken) => _writer.StartAsync(cancellationToken);

    /// <summary>Accepts nothing new, then commits what is already queued before returning.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _writer.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
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

/// <summary>A called visit as its guarded update returned it.</summary>
public sealed record CalledVisitRow(string VisitId, string HallId, string ServiceType, string TicketNumber, PriorityClass PriorityClass,
    DateTimeOffset ArrivedAt, DateTimeOffset FirstCalledAt, bool FirstCall)
{
    /// <summary>Whole seconds from ticket to first call (the KPI waiting time), as <see cref="Visit.WaitedSeconds"/>.</summary>
    public long WaitedSeconds => (long)Math.Max(0, (FirstCalledAt - ArrivedAt).TotalSeconds);
}

/// <summary>
/// INSERT of a new visit, its checkedIn event and its audit entry (one statement: no visit without its event and
/// entry, and no entry without the visit).
/// </summary>
public sealed class CheckedInWrite(Visit visit, StoredCustomer customer, string? reason, AuditEntry audit) : GroupCommitWrite<bool>
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
        {AuditEntrySql.InsertFrom("v", 31, "id", "hall_id", "customer_phone_ref")})
        INSERT INTO queue_events (visit_id, hall_id, type, at, service_type, ticket_number, counter_id, staff_id, reason)
        SELECT id, hall_id, '{QueueEventTypes.CheckedIn}', arrived_at, service_type, ticket_number, counter_id, staff_id, $29 FROM v
        RETURNING id
        """;

    public Visit Visit => visit;

    public override NpgsqlBatchCommand CreateCommand()
    {
        var command = new NpgsqlBatchCommand(Sql)
        {
            Parameters =
            {
                SqlParameters.Text(visit.Id),
                SqlParameters.Text(visit.HallId),
                SqlParameters.Text(customer.Name),
                SqlParameters.Text(customer.Phone),
                SqlParameters.Text(visit.IdDocumentType),
                SqlParameters.Text(customer.IdDocumentNumber),
                SqlParameters.Text(visit.ServiceType),
                SqlParameters.Text(visit.Channel.ToWire()),
                SqlParameters.Text(visit.Direction),
                SqlParameters.Text(visit.Status.ToWire()),
                SqlParameters.Text(visit.PriorityClass.ToWire()),
                SqlParameters.Text(visit.AppointmentId),
                SqlParameters.Text(visit.TicketPrefix),
                SqlParameters.Date(visit.BusinessDay),
                SqlParameters.Number(visit.TicketSequence),
                SqlParameters.Text(visit.TicketNumber),
                SqlParameters.Time(visit.ArrivedAt),
                SqlParameters.Time(visit.FirstCalledAt),
                SqlParameters.Time(visit.CalledAt),
                SqlParameters.Time(visit.ServingStartedAt),
                SqlParameters.Time(visit.CompletedAt),
                SqlParameters.Time(visit.EndedAt),
                SqlParameters.Number(visit.RecallCount),
                SqlParameters.Text(visit.CounterId),
                SqlParameters.Text(visit.StaffId),
                SqlParameters.Text(visit.Outcome),
                SqlParameters.Text(visit.OrderId),
                SqlParameters.Text(visit.IdempotencyKey),
                SqlParameters.Text(reason),
                SqlParameters.Text(customer.PhoneRef),
            },
        };
        AuditEntrySql.AddParameters(command.Parameters, audit);
        return command;
    }

    public override Task ReadAsync(NpgsqlDataReader reader)
    {
        Result = true;
        return Task.CompletedTask;
    }
}

/// <summary>
/// UPDATE of a waiting visit to called plus its called event, guarded by the status so a racing action is never
/// overwritten: no row comes back when the visit is missing or no longer waiting.
/// </summary>
public sealed class CalledWrite(string visitId, string counterId, string? staffId, DateTimeOffset calledAt, string reason, AuditEntry audit,
    OutboxEvent called)
    : GroupCommitWrite<CalledVisitRow?>
{
    // Same changes as Visit.Call (status, counter, staff, latest and first call, recall count) and QueueEvent.For.
    private static readonly string Sql = $"""
        WITH v AS (
          UPDATE visits SET status = '{VisitStatus.Called.ToWire()}', counter_id = $2, staff_id = $3, called_at = $4,
            first_called_at = COALESCE(first_called_at, $4), recall_count = 0
          WHERE id = $1 AND status = '{VisitStatus.Waiting.ToWire()}'
          RETURNING id, hall_id, service_type, ticket_number, priority_class, arrived_at, first_called_at, customer_phone_ref),
        a AS (
        {AuditEntrySql.InsertFrom("v", 6, "id", "hall_id", "customer_phone_ref")}),
        o AS (
        {OutboxEventSql.InsertFrom("v", 6 + AuditEntrySql.ParameterCount, "id", "hall_id")}),
        e AS (
          INSERT INTO queue_events (visit_id, hall_id, type, at, service_type, ticket_number, counter_id, staff_id, reason)
          SELECT id, hall_id, '{QueueEventTypes.Called}', $4, service_type, ticket_number, $2, $3, $5 FROM v)
        SELECT hall_id, service_type, ticket_number, priority_class, arrived_at, first_called_at, first_called_at = $4 FROM v
        """;

    public override NpgsqlBatchCommand CreateCommand()
    {
        var command = new NpgsqlBatchCommand(Sql)
        {
            Parameters =
            {
                SqlParameters.Text(visitId),
                SqlParameters.Text(counterId),
                SqlParameters.Text(staffId),
                SqlParameters.Time(calledAt),
                SqlParameters.Text(reason),
            },
        };
        AuditEntrySql.AddParameters(command.Parameters, audit);
        OutboxEventSql.AddParameters(command.Parameters, called);
        return command;
    }

    public override async Task ReadAsync(NpgsqlDataReader reader)
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
public sealed class OrderAttachedWrite(string visitId, string orderId) : GroupCommitWrite<bool>
{
    private const string Sql = "UPDATE visits SET order_id = $2 WHERE id = $1 RETURNING id";

    public override NpgsqlBatchCommand CreateCommand() => new(Sql)
    {
        Parameters = { SqlParameters.Text(visitId), SqlParameters.Text(orderId) },
    };

    public override async Task ReadAsync(NpgsqlDataReader reader) => Result = await reader.ReadAsync(CancellationToken.None);
}
