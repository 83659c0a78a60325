using HallPlatform.Data;
using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Data;

/// <summary>
/// Reads one counter straight from PostgreSQL with raw Npgsql: call-next needs its open/closed state and staff as
/// the record says right now (never a cached copy), at the cost of one primary-key lookup.
/// </summary>
public sealed class CounterReader(ReceptionDataSource data)
{
    // Column names as in ReceptionDbContext; service_types is the comma-separated list it stores.
    private const string Sql = "SELECT hall_id, name, service_types, is_open, staff_id FROM counters WHERE id = $1";

    public async Task<Counter?> FindAsync(string counterId, CancellationToken cancellationToken)
    {
        await using var command = data.Source.CreateCommand(Sql);
        command.Parameters.Add(SqlParameters.Text(counterId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new Counter
        {
            Id = counterId,
            HallId = reader.GetString(0),
            Name = reader.GetString(1),
            ServiceTypes = [.. reader.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries)],
            IsOpen = reader.GetBoolean(3),
            StaffId = reader.IsDBNull(4) ? null : reader.GetString(4),
        };
    }
}
