using HallPlatform.Application;
namespace HallPlatform.ServiceDefaults.Tests;

public sealed class StoredTimeTests
{
    [Fact]
    public void Ticks_below_a_microsecond_are_dropped_and_the_offset_kept()
    {
        var time = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.FromHours(8)).AddTicks(12_345_679);

        var stored = time.ToStoredPrecision();

        Assert.Equal(time.AddTicks(-9), stored);
        Assert.Equal(TimeSpan.FromHours(8), stored.Offset);
        Assert.Equal(stored, stored.ToStoredPrecision());
    }

    [Fact]
    public void Now_is_read_from_the_time_provider_at_stored_precision()
    {
        var now = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero).AddTicks(7);

        Assert.Equal(now.AddTicks(-7), new FixedTime(now).GetStoredUtcNow());
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
