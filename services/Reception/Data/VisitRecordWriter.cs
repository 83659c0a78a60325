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
    /// with the same guard. The same statement records the visit's case request (the outbox row, see
    /// <see cref="CaseRequest"/>), held for its first send until <paramref name="firstSendHeldUntil"/>.
    /// </summary>
    public Task<CalledVisitRow?> CallAsync(string visitId, string counterId, string? staffId, DateTimeOffset calledAt, string reason, AuditEntry audit,
        OutboxEvent called, string? traceParent = null, DateTimeOffset? firstSendHeldUntil = null) =>
        _writer.SubmitAsync(new CalledWrite(visitId, counterId, staffId, calledAt, reason, audit, called, traceParent, firstSendHeldUntil ?? calledAt));

    /// <summary>Stores the business order opened for the visit; false when the visit does not exist.</summary>
    public Task<bool> AttachOrderAsync(string visitId, string orderId) => _writer.SubmitAsync(new OrderAttachedWrite(visitId, orderId));

    /// <summary>
    /// Marks the visit's pending case request opened with the owner's case id (and, for a business case, the visit's
    /// order id); false when it was not pending (already opened by another send: the owner answered the same case).
    /// </summary>
    public Task<bool> CaseOpenedAsync(string visitId, CaseOwner owner, string caseId, DateTimeOffset openedAt) =>
        _writer.SubmitAsync(new CaseOpenedWrite(visitId, owner, caseId, openedAt));

    /// <summary>Records a failed send of a pending case request and when to try again.</summary>
    public Task<bool> CaseSendFailedAsync(string visitId, CaseOwner owner, string error, DateTimeOffset nextAttemptAt) =>
        _writer.SubmitAsync(new CaseSendFailedWrite(visitId, owner, error, nextAttemptAt));

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
    DateTimeOffset ArrivedAt, DateTimeOffset FirstCalledAt, bool FirstCall, CaseRequest? NewCaseRequest = null)
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
    private const int JourneyTraceParameter = 32 + AuditEntrySql.ParameterCount;

    // Column names and types as in ReceptionDbContext and its migrations.
    private static readonly string Sql = $"""
        WITH v AS (
          INSERT INTO visits (id, hall_id, customer_name, customer_phone, id_document_type, id_document_number, service_type,
            channel, direction, status, priority_class, appointment_id, ticket_prefix, business_day, ticket_sequence,
            ticket_number, arrived_at, first_called_at, called_at, serving_started_at, completed_at, ended_at, recall_count,
            counter_id, staff_id, outcome, order_id, idempotency_key, customer_phone_ref, journey_id, journey_trace_parent)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
            $24, $25, $26, $27, $28, $30, $31, ${JourneyTraceParameter})
          RETURNING id, hall_id, service_type, ticket_number, arrived_at, counter_id, staff_id, customer_phone_ref),
        a AS (
        {AuditEntrySql.InsertFrom("v", 32, "id", "hall_id", "customer_phone_ref")})
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
                SqlParameters.Text(visit.JourneyId),
            },
        };
        AuditEntrySql.AddParameters(command.Parameters, audit);
        command.Parameters.Add(SqlParameters.Text(visit.JourneyTraceParent));
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
    OutboxEvent called, string? traceParent, DateTimeOffset firstSendHeldUntil)
    : GroupCommitWrite<CalledVisitRow?>
{
    // Same changes as Visit.Call (status, counter, staff, latest and first call, recall count) and QueueEvent.For.
    private const int OutboxFirst = 6 + AuditEntrySql.ParameterCount;
    private const int TraceParentParameter = OutboxFirst + OutboxEventSql.ParameterCount;
    private const int FirstSendHeldUntilParameter = TraceParentParameter + 1;
    private static readonly string Sql = $"""
        WITH v AS (
          UPDATE visits SET status = '{VisitStatus.Called.ToWire()}', counter_id = $2, staff_id = $3, called_at = $4,
            first_called_at = COALESCE(first_called_at, $4), recall_count = 0
          WHERE id = $1 AND status = '{VisitStatus.Waiting.ToWire()}'
          RETURNING id, hall_id, service_type, ticket_number, priority_class, arrived_at, first_called_at, customer_phone_ref, journey_id),
        a AS (
        {AuditEntrySql.InsertFrom("v", 6, "id", "hall_id", "customer_phone_ref")}),
        o AS (
        {OutboxEventSql.InsertFrom("v", OutboxFirst, "id", "hall_id", "journey_id")}),
        e AS (
          INSERT INTO queue_events (visit_id, hall_id, type, at, service_type, ticket_number, counter_id, staff_id, reason)
          SELECT id, hall_id, '{QueueEventTypes.Called}', $4, service_type, ticket_number, $2, $3, $5 FROM v),
        c AS (
          -- The case request outbox row: committed with the call or not at all. One per visit and owner: a visit
          -- called again keeps its request, one transferred to a type another service owns gets one for that owner.
          -- The immediate send after commit is its first attempt.
          INSERT INTO case_requests (visit_id, owner, hall_id, service_type, counter_id, ticket_number, journey_id, trace_parent,
            state, attempts, next_attempt_at, created_at)
          SELECT v.id, COALESCE(t.case_owner, '{CaseOwner.Business.ToWire()}'), v.hall_id, v.service_type, $2, v.ticket_number,
            v.journey_id, ${TraceParentParameter}, '{CaseState.Pending.ToWire()}', 1, ${FirstSendHeldUntilParameter}, $4
          FROM v LEFT JOIN service_types t ON t.hall_id = v.hall_id AND t.code = v.service_type
          ON CONFLICT (visit_id, owner) DO NOTHING
          RETURNING visit_id, owner)
        SELECT v.hall_id, v.service_type, v.ticket_number, v.priority_class, v.arrived_at, v.first_called_at, v.first_called_at = $4,
          c.owner, v.journey_id
        FROM v LEFT JOIN c ON c.visit_id = v.id
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
        command.Parameters.Add(SqlParameters.Text(traceParent));
        command.Parameters.Add(SqlParameters.Time(firstSendHeldUntil));
        return command;
    }

    public override async Task ReadAsync(NpgsqlDataReader reader)
    {
        Result = null;
        if (await reader.ReadAsync(CancellationToken.None))
        {
            var hallId = reader.GetString(0);
            var serviceType = reader.GetString(1);
            var ticketNumber = reader.GetString(2);
            var newRequest = reader.IsDBNull(7) ? null : new CaseRequest
            {
                VisitId = visitId,
                Owner = WireNames<CaseOwner>.Parse(reader.GetString(7)),
                HallId = hallId,
                ServiceType = serviceType,
                CounterId = counterId,
                TicketNumber = ticketNumber,
                JourneyId = reader.IsDBNull(8) ? null : reader.GetString(8),
                TraceParent = traceParent,
                Attempts = 1,
                NextAttemptAt = firstSendHeldUntil,
                CreatedAt = calledAt,
            };
            Result = new CalledVisitRow(visitId, hallId, serviceType, ticketNumber,
                PriorityClasses.FromWire(reader.GetString(3)), reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetBoolean(6), newRequest);
        }
    }
}

/// <summary>
/// The owner opened the visit's case: the pending request becomes opened with the case id, and a business case's
/// order id lands on the visit too (its long-standing field). Guarded by the state, so a late duplicate answer
/// changes nothing.
/// </summary>
public sealed class CaseOpenedWrite(string visitId, CaseOwner owner, string caseId, DateTimeOffset openedAt) : GroupCommitWrite<bool>
{
    private static readonly string Sql = $"""
        WITH r AS (
          UPDATE case_requests SET state = '{CaseState.Opened.ToWire()}', case_id = $2, opened_at = $3, last_error = NULL
          WHERE visit_id = $1 AND owner = $4 AND state = '{CaseState.Pending.ToWire()}'
          RETURNING visit_id, owner),
        o AS (
          UPDATE visits SET order_id = $2 FROM r
          WHERE visits.id = r.visit_id AND r.owner = '{CaseOwner.Business.ToWire()}')
        SELECT visit_id FROM r
        """;

    public override NpgsqlBatchCommand CreateCommand() => new(Sql)
    {
        Parameters = { SqlParameters.Text(visitId), SqlParameters.Text(caseId), SqlParameters.Time(openedAt), SqlParameters.Text(owner.ToWire()) },
    };

    public override async Task ReadAsync(NpgsqlDataReader reader) => Result = await reader.ReadAsync(CancellationToken.None);
}

/// <summary>A send of a pending case request failed: why, and not before when it is tried again.</summary>
public sealed class CaseSendFailedWrite(string visitId, CaseOwner owner, string error, DateTimeOffset nextAttemptAt) : GroupCommitWrite<bool>
{
    private static readonly string Sql = $"""
        UPDATE case_requests SET last_error = $2, next_attempt_at = $3
        WHERE visit_id = $1 AND owner = $4 AND state = '{CaseState.Pending.ToWire()}'
        RETURNING visit_id
        """;

    public override NpgsqlBatchCommand CreateCommand() => new(Sql)
    {
        Parameters =
        {
            SqlParameters.Text(visitId),
            SqlParameters.Text(error.Length <= CaseRequest.MaxErrorLength ? error : error[..CaseRequest.MaxErrorLength]),
            SqlParameters.Time(nextAttemptAt),
            SqlParameters.Text(owner.ToWire()),
        },
    };

    public override async Task ReadAsync(NpgsqlDataReader reader) => Result = await reader.ReadAsync(CancellationToken.None);
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
