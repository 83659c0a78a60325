using Microsoft.Extensions.Configuration;
using Npgsql;

namespace HallPlatform.Reception.Data;

/// <summary>
/// Raw Npgsql access to the same database EF Core uses (connection string "receptiondb"), for the hot paths where
/// EF's per-request cost matters. One data source (one connection pool) per service instance.
/// </summary>
public sealed class ReceptionDataSource : IAsyncDisposable, IDisposable
{
    public const string ConnectionName = "receptiondb";

    public ReceptionDataSource(IConfiguration configuration)
        : this(configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is not configured."))
    {
    }

    public ReceptionDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // The hot statements are always the same few texts: let Npgsql prepare them once per connection.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 16;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }
        Source = builder.Build();
    }

    public NpgsqlDataSource Source { get; }

    public ValueTask DisposeAsync() => Source.DisposeAsync();

    public void Dispose() => Source.Dispose();
}
