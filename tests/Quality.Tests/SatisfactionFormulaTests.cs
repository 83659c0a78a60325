using HallPlatform.Quality.Domain;
using Xunit;

namespace HallPlatform.Quality.Tests;

public sealed class SatisfactionFormulaTests
{
    private static SatisfactionTally Tally(int[] csat, int[] nps) => SatisfactionTally.Of(csat.Zip(nps));

    [Theory]
    // Worked examples: satisfied = answers 4 or 5.
    [InlineData(new[] { 5, 4, 3, 2, 1 }, 40.0)]   // 2 of 5
    [InlineData(new[] { 5, 5, 4, 4 }, 100.0)]     // all satisfied
    [InlineData(new[] { 1, 2, 3 }, 0.0)]          // nobody satisfied: 0, not null
    [InlineData(new[] { 4, 3, 3 }, 33.33)]        // 1 of 3 = 33.333...
    [InlineData(new[] { 5, 5, 1 }, 66.67)]        // 2 of 3 = 66.666...
    [InlineData(new[] { 3 }, 0.0)]
    [InlineData(new[] { 4 }, 100.0)]
    public void Csat_is_the_share_of_4_and_5_answers(int[] csatScores, double expected)
    {
        var tally = Tally(csatScores, csatScores.Select(_ => 8).ToArray());
        Assert.Equal(expected, tally.CsatPercent);
    }

    [Theory]
    [InlineData(new[] { 10, 9, 8, 7, 6, 0 }, 0.0)]    // 2 promoters, 2 detractors of 6
    [InlineData(new[] { 10, 10, 10, 0 }, 50.0)]       // 75% - 25%
    [InlineData(new[] { 9, 10 }, 100.0)]              // upper bound
    [InlineData(new[] { 0, 1, 2, 3, 4, 5, 6 }, -100.0)] // lower bound
    [InlineData(new[] { 7, 8 }, 0.0)]                 // passives only
    [InlineData(new[] { 10, 10, 7 }, 66.67)]          // 66.666...
    [InlineData(new[] { 6, 7, 9 }, 0.0)]
    [InlineData(new[] { 0, 0, 9 }, -33.33)]           // 33.33% - 66.67%
    public void Nps_is_promoters_minus_detractors_in_percent(int[] npsScores, double expected)
    {
        var tally = Tally(npsScores.Select(_ => 5).ToArray(), npsScores);
        Assert.Equal(expected, tally.NetPromoterScore);
    }

    [Fact]
    public void No_answers_give_zero_responses_and_null_scores()
    {
        var tally = SatisfactionTally.Of([]);

        Assert.Equal(SatisfactionTally.Empty, tally);
        Assert.Equal(0, tally.Responses);
        Assert.Null(tally.CsatPercent);
        Assert.Null(tally.NetPromoterScore);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    [InlineData(5, true)]
    public void Satisfied_means_4_or_5(int csat, bool satisfied) => Assert.Equal(satisfied, SatisfactionFormulas.IsSatisfied(csat));

    [Theory]
    [InlineData(0, false, true)]
    [InlineData(1, false, true)]
    [InlineData(2, false, true)]
    [InlineData(3, false, true)]
    [InlineData(4, false, true)]
    [InlineData(5, false, true)]
    [InlineData(6, false, true)]
    [InlineData(7, false, false)]
    [InlineData(8, false, false)]
    [InlineData(9, true, false)]
    [InlineData(10, true, false)]
    public void Promoters_are_9_and_10_detractors_0_to_6(int nps, bool promoter, bool detractor)
    {
        Assert.Equal(promoter, SatisfactionFormulas.IsPromoter(nps));
        Assert.Equal(detractor, SatisfactionFormulas.IsDetractor(nps));
    }

    [Fact]
    public void The_tally_counts_each_group()
    {
        var tally = Tally([5, 4, 3, 1], [10, 9, 7, 2]);

        Assert.Equal(new SatisfactionTally(4, 2, 2, 1), tally);
        Assert.Equal(50.0, tally.CsatPercent);
        Assert.Equal(25.0, tally.NetPromoterScore);
    }

    [Fact]
    public void Impossible_counts_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SatisfactionFormulas.CsatPercent(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => SatisfactionFormulas.CsatPercent(-1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => SatisfactionFormulas.CsatPercent(0, -1));
        Assert.Throws<ArgumentException>(() => SatisfactionFormulas.NetPromoterScore(2, 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => SatisfactionFormulas.NetPromoterScore(4, 0, 3));
    }
}
