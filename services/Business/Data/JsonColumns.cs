using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HallPlatform.Business.Data;

/// <summary>
/// Immutable value objects (catalogue documents and fees, quotes, consents, checks) stored as one jsonb column each,
/// with enums by their wire names; compared by their JSON so a replaced value is saved.
/// </summary>
public static class JsonColumns
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;

    public static PropertyBuilder<T> IsJson<T>(this PropertyBuilder<T> property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return property
            .HasColumnType("jsonb")
            .HasConversion(
                value => Write(value),
                json => Read<T>(json),
                new ValueComparer<T>(
                    (a, b) => Write(a) == Write(b),
                    value => Write(value).GetHashCode(StringComparison.Ordinal),
                    value => Read<T>(Write(value))));
    }
}
