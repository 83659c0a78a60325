using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Data;
using HallPlatform.Business.Domain;
using HallPlatform.Messaging;
using Npgsql;

namespace HallPlatform.Business.Data;

/// <summary>
/// The idempotent "one order per visit" insert, <c>INSERT ... ON CONFLICT (visit_id) DO NOTHING</c>, committed through
/// the shared <see cref="GroupCommitWriter"/>: a new order costs no EF change tracking and shares its round trip and
/// WAL flush with the other calls of the moment; a concurrent duplicate is a quiet no-op (false) instead of a failed
/// SaveChanges.
/// </summary>
public sealed class OrderInserts(IConfiguration configuration, ILogger<GroupCommitWriter> logger) : IHostedService, IAsyncDisposable
{
    private readonly NpgsqlDataSource _data = new NpgsqlDataSourceBuilder(configuration.GetConnectionString("businessdb")
        ?? throw new InvalidOperationException("ConnectionStrings:businessdb is not configured.")).Build();
    private GroupCommitWriter? _writer;

    private GroupCommitWriter Writer => _writer ??= new GroupCommitWriter(_data, logger);

    /// <summary>
    /// True when the order was inserted, together with <paramref name="audit"/> (stamped with the order's creation
    /// time); false when the visit already has one (the caller reads it) and nothing was written.
    /// </summary>
    public Task<bool> TryInsertAsync(Order order, AuditEntry audit, OutboxEvent opened) => Writer.SubmitAsync(new OrderInsert(order, audit, opened));

    public Task StartAsync(CancellationToken cancellationToken) => Writer.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Writer.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        await _data.DisposeAsync();
    }
}

/// <summary>One order, its "opened" audit entry and its <c>business.order.opened</c> event, in one statement.</summary>
internal sealed class OrderInsert(Order order, AuditEntry audit, OutboxEvent opened) : GroupCommitWrite<bool>
{
    // Column names and types as in BusinessDbContext and its migrations; an order starts with an empty history, stored
    // as EF stores an empty owned JSON collection. The audit entry is a data-modifying CTE of the same statement: it
    // is inserted for exactly the rows the order insert returned, so a replay (conflict) adds none, and the entry
    // commits with its order or not at all, without another round trip. The integration event is another such CTE.
    private const int AuditFirst = 13;
    private const int OutboxFirst = AuditFirst + AuditEntrySql.ParameterCount;

    private static readonly string Sql = $"""
        WITH inserted AS (
          INSERT INTO orders (order_id, visit_id, hall_id, service_type, counter_id, ticket_number, state, created_at, state_changed_at,
            state_change_reason, state_change_history, journey_id, items, documents, paid_fen, refunded_fen, journey_trace_parent)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '[]'::jsonb, $11, '[]'::jsonb, '[]'::jsonb, 0, 0, $12)
          ON CONFLICT (visit_id) DO NOTHING
          RETURNING order_id, hall_id, journey_id
        ), audited AS (
        {AuditEntrySql.InsertFrom("inserted", AuditFirst, "order_id", "hall_id", customerRefColumn: null)}
        ), published AS (
        {OutboxEventSql.InsertFrom("inserted", OutboxFirst, "order_id", "hall_id", "journey_id")}
        )
        SELECT order_id FROM inserted
        """;

    public override NpgsqlBatchCommand CreateCommand()
    {
        var command = new NpgsqlBatchCommand(Sql)
        {
            Parameters =
            {
                SqlParameters.Text(order.OrderId),
                SqlParameters.Text(order.VisitId),
                SqlParameters.Text(order.HallId),
                SqlParameters.Text(order.ServiceType),
                SqlParameters.Text(order.CounterId),
                SqlParameters.Text(order.TicketNumber),
                SqlParameters.Text(order.State.ToWire()),
                SqlParameters.Time(order.CreatedAt),
                SqlParameters.Time(order.StateChangedAt),
                SqlParameters.Text(order.StateChangeReason),
                SqlParameters.Text(order.JourneyId),
                SqlParameters.Text(order.JourneyTraceParent),
            },
        };
        // Stamped with the order's own creation time, so the entry and the order agree to the tick.
        AuditEntrySql.AddParameters(command.Parameters, audit, occurredAt: order.CreatedAt);
        OutboxEventSql.AddParameters(command.Parameters, opened);
        return command;
    }

    // A row when it was inserted, none on conflict (a later insert of the same visit in one batch conflicts with the
    // earlier one, as it would across transactions).
    public override async Task ReadAsync(NpgsqlDataReader reader) => Result = await reader.ReadAsync(CancellationToken.None);
}
