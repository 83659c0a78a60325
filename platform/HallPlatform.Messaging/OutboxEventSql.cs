using HallPlatform.Data;
using Npgsql;

namespace HallPlatform.Messaging;

/// <summary>
/// The hand-written insert of an integration event, for writes that do not go through EF Core (Reception's
/// group-commit batches): an <c>INSERT ... SELECT</c> from the change's CTE, so the event is written for exactly the
/// rows the change returned and commits with them or not at all. Columns as <see cref="OutboxModel"/> maps them; the
/// ordering trigger (<see cref="OutboxSql.OrderedCommits"/>) applies as for any insert.
/// </summary>
public static class OutboxEventSql
{
    /// <summary>How many parameters <see cref="AddParameters"/> adds.</summary>
    public const int ParameterCount = 6;

    /// <summary>
    /// INSERT of one event per row of the CTE <paramref name="source"/>, parameters from $<paramref name="first"/> on;
    /// the subject and hall come from the row (<paramref name="subjectColumn"/>, <paramref name="hallColumn"/>), so no
    /// event is written when the change wrote nothing; the journey id is the event's or else the row's
    /// (<paramref name="journeyColumn"/>). For a change that returns at most one row (the event id is a parameter, so
    /// two rows would collide on it).
    /// </summary>
    public static string InsertFrom(string source, int first, string subjectColumn, string hallColumn, string? journeyColumn = null) => $"""
        INSERT INTO {OutboxModel.TableName} (event_id, type, subject_id, journey_id, hall_id, payload, occurred_at, traceparent)
          SELECT ${first}, ${first + 1}, {source}.{subjectColumn}, {(journeyColumn is null ? $"${first + 2}" : $"COALESCE(${first + 2}, {source}.{journeyColumn})")}, {source}.{hallColumn}, ${first + 3}, ${first + 4}, ${first + 5}
          FROM {source}
        """;

    /// <summary>
    /// The event's parameters in <see cref="InsertFrom"/>'s order. Make <paramref name="row"/> with
    /// <see cref="OutboxEvent.From"/> where the request is handled (not in the writer's loop), so it carries the
    /// request's trace context.
    /// </summary>
    public static void AddParameters(NpgsqlParameterCollection parameters, OutboxEvent row)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(row);
        parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid, TypedValue = row.EventId });
        parameters.Add(SqlParameters.Text(row.Type));
        parameters.Add(SqlParameters.Text(row.JourneyId));
        parameters.Add(SqlParameters.Json(row.Payload));
        parameters.Add(SqlParameters.Time(row.OccurredAt));
        parameters.Add(SqlParameters.Text(row.TraceParent));
    }
}
