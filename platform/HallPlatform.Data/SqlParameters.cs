using Npgsql;
using NpgsqlTypes;

namespace HallPlatform.Data;

/// <summary>Typed Npgsql parameters for hand-written statements (null becomes SQL NULL; times are stored in UTC).</summary>
public static class SqlParameters
{
    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = value ?? (object)DBNull.Value };

    public static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value is { } v ? v.ToUniversalTime() : DBNull.Value };

    public static NpgsqlParameter Json(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = value ?? (object)DBNull.Value };

    public static NpgsqlParameter<long> Number(long value) => new() { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = value };

    public static NpgsqlParameter<int> Number(int value) => new() { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = value };

    public static NpgsqlParameter<DateOnly> Date(DateOnly value) => new() { NpgsqlDbType = NpgsqlDbType.Date, TypedValue = value };
}
