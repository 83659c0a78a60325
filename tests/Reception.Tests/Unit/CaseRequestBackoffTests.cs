using HallPlatform.Application;
using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Tests.Unit;

public sealed class CaseRequestBackoffTests
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(300);

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(8, 256)]
    [InlineData(9, 300)]
    [InlineData(1_000_000, 300)]
    public void The_wait_doubles_per_failure_up_to_the_cap(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryBackoff.After(attempts, First, Max));

    [Fact]
    public void Journey_ids_are_opaque_distinct_and_valid()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => JourneyIds.New()).ToList();

        Assert.Equal(1000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^j_[0-9a-f]{26}$", id));
        Assert.All(ids, id => Assert.True(JourneyIds.IsValid(id)));
        Assert.False(JourneyIds.IsValid("j_"));
        Assert.False(JourneyIds.IsValid("J_abc"));
        Assert.False(JourneyIds.IsValid("j_ABC"));
        Assert.False(JourneyIds.IsValid("j_" + new string('a', JourneyIds.MaxLength)));
        Assert.False(JourneyIds.IsValid(null));
    }
}
