using HallPlatform.Data;
using Npgsql;

namespace HallPlatform.Audit;

/// <summary>
/// The one hand-written insert of an audit entry, for services that write the entry in the same SQL statement as
/// the change it describes (a group-commit writer): an <c>INSERT ... SELECT</c> from the change's CTE, so the entry
/// is written for exactly the rows the change returned, and commits with them or not at all. The entry itself comes
/// from <see cref="AuditTrail.Describe"/>; columns as <see cref="AuditTrailModel"/> maps them.
/// </summary>
public static class AuditEntrySql
{
    /// <summary>How many parameters <see cref="AddParameters"/> adds.</summary>
    public const int ParameterCount = 9;

    /// <summary>
    /// INSERT of one entry per row of the CTE <paramref name="source"/>, parameters from $<paramref name="first"/> on.
    /// The record id, hall and customer reference are taken from the row (<paramref name="recordIdColumn"/>,
    /// <paramref name="hallColumn"/>, <paramref name="customerRefColumn"/>; null: no customer), so an entry always
    /// names what was really written.
    /// </summary>
    public static string InsertFrom(string source, int first, string recordIdColumn, string hallColumn, string? customerRefColumn) => $"""
        INSERT INTO {AuditTrailModel.TableName} (occurred_at, actor_kind, actor_id, client_address, action, record_type, record_id,
            customer_ref, before, after, trace_id, hall_id)
          SELECT ${first}, ${first + 1}, ${first + 2}, ${first + 3}, ${first + 4}, ${first + 5}, {source}.{recordIdColumn},
            {(customerRefColumn is null ? "NULL" : $"{source}.{customerRefColumn}")}, ${first + 6}, ${first + 7}, ${first + 8}, {source}.{hallColumn}
          FROM {source}
        """;

    /// <summary>
    /// The entry's parameters, in <see cref="InsertFrom"/>'s order. <paramref name="occurredAt"/> overrides the
    /// entry's time when the change carries its own (e.g. the record's creation time).
    /// </summary>
    public static void AddParameters(NpgsqlParameterCollection parameters, AuditEntry entry, DateTimeOffset? occurredAt = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(entry);
        parameters.Add(SqlParameters.Time(occurredAt ?? entry.OccurredAt));
        parameters.Add(SqlParameters.Text(entry.ActorKind));
        parameters.Add(SqlParameters.Text(entry.ActorId));
        parameters.Add(SqlParameters.Text(entry.ClientAddress));
        parameters.Add(SqlParameters.Text(entry.Action));
        parameters.Add(SqlParameters.Text(entry.RecordType));
        parameters.Add(SqlParameters.Json(entry.Before));
        parameters.Add(SqlParameters.Json(entry.After));
        parameters.Add(SqlParameters.Text(entry.TraceId));
    }
}
