using System.Text.Json;
using Microsoft.Extensions.Hosting;

namespace HallPlatform.Platform.Tests;

public sealed class WireTimeTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new WireTime.JsonConverter() } };

    public static TheoryData<DateTimeOffset, string> Instants => new()
    {
        // UTC, six fraction digits, Z: whatever the offset or the precision the value came with.
        { new DateTimeOffset(2026, 12, 6, 5, 26, 1, TimeSpan.Zero), "2026-12-06T05:26:01.000000Z" },
        { new DateTimeOffset(2026, 12, 6, 13, 26, 1, 120, TimeSpan.FromHours(8)), "2026-12-06T05:26:01.120000Z" },
        { new DateTimeOffset(2026, 12, 6, 5, 26, 1, TimeSpan.Zero).AddTicks(1_234_567), "2026-12-06T05:26:01.123456Z" },
        { new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5)), "2000-01-01T05:00:00.000000Z" },
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void Instants_leave_in_one_format(DateTimeOffset instant, string expected)
    {
        Assert.Equal($"\"{expected}\"", JsonSerializer.Serialize(instant, Options));
        Assert.Equal(expected, WireTime.ToWireText(instant));
    }

    [Fact]
    public void Nullable_instants_use_the_same_format()
    {
        DateTimeOffset? none = null;
        DateTimeOffset? some = new DateTimeOffset(2026, 12, 6, 5, 26, 1, TimeSpan.Zero);
        Assert.Equal("null", JsonSerializer.Serialize(none, Options));
        Assert.Equal("\"2026-12-06T05:26:01.000000Z\"", JsonSerializer.Serialize(some, Options));
    }

    [Theory]
    [InlineData("2026-12-06T13:26:01+08:00", "2026-12-06T05:26:01.000000Z")]
    [InlineData("2026-12-06T05:26:01.5Z", "2026-12-06T05:26:01.500000Z")]
    public void Any_rfc3339_instant_with_an_offset_is_read(string text, string expected)
    {
        var read = JsonSerializer.Deserialize<DateTimeOffset>($"\"{text}\"", Options);
        Assert.Equal(expected, WireTime.ToWireText(read));
    }

    [Fact]
    public void What_leaves_reads_back_to_the_same_instant()
    {
        var instant = new DateTimeOffset(2026, 12, 6, 5, 26, 1, TimeSpan.Zero).AddTicks(9_876_540);
        var roundTrip = JsonSerializer.Deserialize<DateTimeOffset>(JsonSerializer.Serialize(instant, Options), Options);
        Assert.Equal(instant, roundTrip);
        Assert.Equal(WireTime.ToWirePrecision(instant), roundTrip);
    }
}
