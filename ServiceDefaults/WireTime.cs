using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every instant leaves the platform in one precision and one format, whatever the transport (REST JSON, the board's
/// server-sent events, gRPC): UTC, microseconds (PostgreSQL's precision, so a value read back equals the value
/// written), RFC 3339 with six fraction digits and a <c>Z</c>, e.g. <c>2026-12-06T05:26:01.123456Z</c>.
/// Incoming instants are read as any RFC 3339 date-time with an offset.
/// </summary>
public static class WireTime
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary>The instant in UTC, truncated to whole microseconds.</summary>
    public static DateTimeOffset ToWirePrecision(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }

    public static string ToWireText(DateTimeOffset time) =>
        ToWirePrecision(time).ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>The JSON form; registered for every REST API by <c>AddHttpApiDefaults</c>.</summary>
    public sealed class JsonConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            Span<char> text = stackalloc char[32];
            ToWirePrecision(value).TryFormat(text, out var written, Format, CultureInfo.InvariantCulture);
            writer.WriteStringValue(text[..written]);
        }
    }
}
