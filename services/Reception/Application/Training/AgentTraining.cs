using HallPlatform.Application;
using HallPlatform.Data;
using HallPlatform.Identity;
using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using Npgsql;
using NpgsqlTypes;

namespace HallPlatform.Reception.Application.Training;

/// <summary>
/// The "trained before serving" rule at a counter: who the agent is, and which of the counter's service types they
/// may be given now (<see cref="TrainingGate"/>), read fresh from the read model that
/// <see cref="StaffQualificationsApplier"/> keeps. One indexed query per call, and only over the counter's types.
/// </summary>
public sealed class AgentTraining(ReceptionDataSource data, HallAccess access)
{
    // Every requirement of the counter's types, with this agent's qualification for it when there is one.
    private const string Sql = """
        SELECT r.service_type, r.mode, q.service_type IS NOT NULL, q.valid_until
        FROM training_requirements r
        LEFT JOIN staff_qualified_service_types q ON q.service_type = r.service_type AND q.staff_id = $2
        WHERE r.service_type = ANY($1)
        """;

    /// <summary>
    /// The agent a call is checked for: the calling staff member (the token's id, which is the id Quality's staff
    /// register uses), whatever their role; a service calling on a counter's behalf stands for the staff member the
    /// counter is open for. Null when neither is known: such a call is treated as an untrained agent's.
    /// </summary>
    public string? AgentOf(Counter counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        var caller = access.Caller;
        return caller.Kind == CallerKind.Staff ? caller.Id : counter.StaffId;
    }

    public async Task<TrainingCheck> CheckAsync(IReadOnlyList<string> servedTypes, string? staffId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(servedTypes);
        if (servedTypes.Count == 0)
        {
            return new TrainingCheck([], [], []);
        }
        await using var command = data.Source.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = servedTypes.ToArray() });
        command.Parameters.Add(SqlParameters.Text(staffId));
        var requirements = new Dictionary<string, TrainingMode>(StringComparer.Ordinal);
        var qualified = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var serviceType = reader.GetString(0);
                // An unknown mode in the table is treated as the stricter one.
                requirements[serviceType] = WireNames<TrainingMode>.TryParse(reader.GetString(1), out var mode) ? mode : TrainingMode.Block;
                if (reader.GetBoolean(2))
                {
                    qualified[serviceType] = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3);
                }
            }
        }
        return TrainingGate.Check(servedTypes, requirements, qualified, now);
    }
}
