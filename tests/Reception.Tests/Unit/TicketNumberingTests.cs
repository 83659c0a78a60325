using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Tests.Unit;

public sealed class TicketNumberingTests
{
    [Theory]
    [InlineData("A", 1, "A001")]
    [InlineData("A", 42, "A042")]
    [InlineData("A", 999, "A999")]
    [InlineData("A", 1000, "A001")]
    [InlineData("A", 1001, "A002")]
    [InlineData("B", 1998, "B999")]
    [InlineData("B", 1999, "B001")]
    [InlineData("D", 7, "D007")]
    public void Display_is_prefix_and_three_digits_wrapping_after_999(string prefix, long sequence, string expected) =>
        Assert.Equal(expected, TicketNumbering.Display(prefix, sequence));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_sequence_starts_at_one(long sequence) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketNumbering.Display("A", sequence));

    [Fact]
    public void Each_prefix_is_its_own_series()
    {
        Assert.Equal("A001", TicketNumbering.Display("A", 1));
        Assert.Equal("B001", TicketNumbering.Display("B", 1));
        Assert.NotEqual(TicketNumbering.Display("A", 5), TicketNumbering.Display("C", 5));
    }

    [Fact]
    public void Business_day_is_the_halls_local_date_not_the_utc_date()
    {
        var shanghai = HallClock.ResolveZone("Asia/Shanghai");
        // 2025-03-01 16:30 UTC is 2025-03-02 00:30 in Shanghai: a new business day and a new series.
        var afterLocalMidnight = new DateTimeOffset(2025, 3, 1, 16, 30, 0, TimeSpan.Zero);
        var beforeLocalMidnight = new DateTimeOffset(2025, 3, 1, 15, 59, 59, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2025, 3, 2), TicketNumbering.BusinessDay(afterLocalMidnight, shanghai));
        Assert.Equal(new DateOnly(2025, 3, 1), TicketNumbering.BusinessDay(beforeLocalMidnight, shanghai));
        Assert.Equal(new DateOnly(2025, 3, 1), TicketNumbering.BusinessDay(afterLocalMidnight, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Series_day_key_part_is_yyyyMMdd() =>
        Assert.Equal("20250302", TicketNumbering.SeriesDay(new DateOnly(2025, 3, 2)));

    [Theory]
    [InlineData("Not/AZone")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_time_zone_falls_back_to_utc(string? zone) =>
        Assert.Equal(TimeZoneInfo.Utc, HallClock.ResolveZone(zone));
}
