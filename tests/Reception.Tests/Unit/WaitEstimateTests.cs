using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Tests.Unit;

public sealed class WaitEstimateTests
{
    [Theory]
    [InlineData(1, 420, 3, 140)]
    [InlineData(2, 420, 3, 280)]
    [InlineData(1, 300, 3, 100)]
    [InlineData(1, 180, 2, 90)]
    [InlineData(1, 100, 3, 34)]     // 33.33.. rounds up
    [InlineData(5, 360, 1, 1800)]
    [InlineData(3, 360, 0, 1080)]   // no open counter still counts as one
    [InlineData(0, 420, 3, 0)]      // not waiting
    [InlineData(4, 0, 3, 0)]
    public void Position_times_service_seconds_over_open_counters_rounded_up(int position, double serviceSeconds, int openCounters, int expected) =>
        Assert.Equal(expected, WaitEstimate.Seconds(position, serviceSeconds, openCounters));

    [Fact]
    public void Measured_service_times_with_fractions_are_accepted() =>
        Assert.Equal(63, WaitEstimate.Seconds(2, 62.5, 2));
}
