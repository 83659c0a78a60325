using HallPlatform.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Privacy;

/// <summary>
/// Rewrites every encrypted column value that is not under the active key: plaintext left from before encryption
/// was introduced, and values under an older key after a rotation. Fills blind index columns on the way. Runs in
/// batches with optimistic updates (a row changed meanwhile is picked up by the next batch), so it is safe while the
/// service serves requests and safe to run again; each run ends when nothing is left to rewrite.
/// </summary>
public sealed partial class PersonalDataReEncryption<TContext>(
    TContext db, PersonalDataProtector protector, BlindIndex blindIndex, ILogger<PersonalDataReEncryption<TContext>> logger)
    where TContext : DbContext
{
    public const int BatchSize = 500;

    /// <summary>Returns how many values were rewritten.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        foreach (var column in db.Model.EncryptedColumns())
        {
            var rewritten = await RewriteColumnAsync(column, cancellationToken);
            if (rewritten > 0)
            {
                Log.ColumnReEncrypted(logger, column.Table, column.Column, rewritten, protector.ActiveKeyId);
            }
            total += rewritten;
        }
        return total;
    }

    private async Task<int> RewriteColumnAsync(EncryptedColumn column, CancellationToken cancellationToken)
    {
        var table = Quote(column.Schema, column.Table);
        var key = Quote(column.KeyColumn);
        var value = Quote(column.Column);
        var lookup = column.BlindIndexColumn is null ? null : Quote(column.BlindIndexColumn);
        // Key ids are letters, digits and '-', so the prefix has no LIKE wildcards.
        var select =
            $"SELECT {key}, {value} FROM {table} WHERE {value} IS NOT NULL AND ({value} NOT LIKE @prefix" +
            (lookup is null ? ")" : $" OR {lookup} IS NULL)") +
            $" ORDER BY {key} LIMIT {BatchSize}";
        var update = $"UPDATE {table} SET {value} = @new" + (lookup is null ? "" : $", {lookup} = @lookup") +
            $" WHERE {key} = @key AND {value} = @old";

        var connection = db.Database.GetDbConnection();
        var openedHere = connection.State != System.Data.ConnectionState.Open;
        if (openedHere)
        {
            await connection.OpenAsync(cancellationToken);
        }
        try
        {
            var rewritten = 0;
            while (true)
            {
                var batch = new List<(object Key, string Stored)>();
                await using (var command = connection.CreateCommand())
                {
                    command.CommandText = select;
                    AddParameter(command, "prefix", protector.ActivePrefix + "%");
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        batch.Add((reader.GetValue(0), reader.GetString(1)));
                    }
                }
                if (batch.Count == 0)
                {
                    return rewritten;
                }
                foreach (var (rowKey, stored) in batch)
                {
                    // A value without the v1 prefix is plaintext from before encryption; anything else must decrypt,
                    // or the run stops: a value under an unconfigured key needs that key back, not a silent skip.
                    var plaintext = PersonalDataProtector.LooksProtected(stored) ? protector.Unprotect(stored) : stored;
                    await using var command = connection.CreateCommand();
                    command.CommandText = update;
                    AddParameter(command, "new", protector.IsCurrent(stored) ? stored : protector.Protect(plaintext));
                    if (lookup is not null)
                    {
                        AddParameter(command, "lookup", blindIndex.Of(plaintext));
                    }
                    AddParameter(command, "key", rowKey);
                    AddParameter(command, "old", stored);
                    rewritten += await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }
        finally
        {
            if (openedHere)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string Quote(string? schema, string name) => schema is null ? Quote(name) : $"{Quote(schema)}.{Quote(name)}";

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Re-encrypted {Count} values of {Table}.{Column} with key {KeyId}")]
        public static partial void ColumnReEncrypted(ILogger logger, string table, string column, int count, string keyId);
    }
}

/// <summary>
/// Runs <see cref="PersonalDataReEncryption{TContext}"/> once at start, before the service takes traffic, so plaintext
/// rows from before encryption and values under a retired key are rewritten by a restart after a key change.
/// </summary>
public sealed class PersonalDataReEncryptionAtStart<TContext>(IServiceScopeFactory scopes) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PersonalDataReEncryption<TContext>>().RunAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
