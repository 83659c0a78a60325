using HallPlatform.Quality.Staff.Domain;
using Xunit;
using static HallPlatform.Quality.Staff.Domain.ConductStatus;

namespace HallPlatform.Quality.Tests.Staff;

public sealed class ConductLifecycleTests
{
    // Written out by hand (x allowed, . forbidden): open -> investigating -> concluded -> closed; open -> concluded at
    // once (nothing to investigate); concluded -> investigating reopens; closed is final.
    private static readonly TransitionTable<ConductStatus, ConductStatus> Table = new(
        [Open, Investigating, Concluded, Closed],
        // from \ to      Opn Inv Con Clo
        (Open,          " .   x   x   . "),
        (Investigating, " .   .   x   . "),
        (Concluded,     " .   x   .   x "),
        (Closed,        " .   .   .   . "));

    // How to reach each status from a freshly recorded (open) case.
    private static readonly Dictionary<ConductStatus, ConductStatus[]> PathFromOpen = new()
    {
        [Open] = [],
        [Investigating] = [Investigating],
        [Concluded] = [Investigating, Concluded],
        [Closed] = [Investigating, Concluded, Closed],
    };

    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 30, 0, TimeSpan.Zero);

    public static TheoryData<ConductStatus, ConductStatus, bool> EveryPair()
    {
        var data = new TheoryData<ConductStatus, ConductStatus, bool>();
        foreach (var (from, to, mark) in Table.Cells)
        {
            data.Add(from, to, mark == TransitionTable<ConductStatus, ConductStatus>.Allowed);
        }
        return data;
    }

    [Fact]
    public void The_table_writes_every_pair_of_statuses_once() => Table.AssertCoversEveryPairOnce();

    [Fact]
    public void The_lifecycle_allows_exactly_the_tables_moves() => Table.AssertDomainAllowsExactly(ConductLifecycle.CanMove);

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void A_case_moves_only_along_allowed_transitions(ConductStatus from, ConductStatus to, bool allowed)
    {
        var conduct = CaseIn(from);
        var changesBefore = conduct.StatusChanges.Count;
        var later = Now.AddHours(5);

        var moved = conduct.MoveTo(to, "usr_boss", "note", later, ConductOutcome.Breach, ConductSanction.Warning);

        Assert.Equal(allowed, moved);
        if (allowed)
        {
            Assert.Equal(to, conduct.Status);
            var last = conduct.StatusChanges[^1];
            Assert.Equal((from, to, later, "usr_boss", "note"), (last.From, last.To, last.At, last.By, last.Note));
            Assert.Equal(changesBefore + 1, conduct.StatusChanges.Count);
        }
        else
        {
            Assert.Equal(from, conduct.Status);
            Assert.Equal(changesBefore, conduct.StatusChanges.Count);
        }
    }

    [Fact]
    public void Concluding_keeps_outcome_sanction_and_who_and_reopening_clears_them()
    {
        var conduct = CaseIn(Investigating);

        Assert.True(conduct.MoveTo(Concluded, "usr_boss", null, Now.AddDays(1), ConductOutcome.Breach, ConductSanction.Retraining));
        Assert.Equal((ConductOutcome.Breach, ConductSanction.Retraining, "usr_boss", Now.AddDays(1)),
            (conduct.Outcome, conduct.Sanction, conduct.ConcludedBy, conduct.ConcludedAt));

        Assert.True(conduct.MoveTo(Investigating, "usr_chief", "new evidence", Now.AddDays(2)));
        Assert.Equal((null, null, null, null), (conduct.Outcome, conduct.Sanction, conduct.ConcludedBy, conduct.ConcludedAt));
    }

    [Theory]
    [InlineData(ConductOutcome.Breach, ConductSanction.None, false)]
    [InlineData(ConductOutcome.Breach, ConductSanction.Warning, true)]
    [InlineData(ConductOutcome.NoBreach, ConductSanction.None, true)]
    [InlineData(ConductOutcome.NoBreach, ConductSanction.Advice, false)]
    public void A_conclusion_has_a_sanction_exactly_when_it_is_a_breach(ConductOutcome outcome, ConductSanction sanction, bool valid) =>
        Assert.Equal(valid, ConductCase.IsValidConclusion(outcome, sanction));

    private static ConductCase CaseIn(ConductStatus status)
    {
        var conduct = ConductCase.Record("cnd_1",
            new ConductRecord("usr_wang", "hall-001", ConductCategory.Gift, GiftDisposition.Declined, 5000, "a customer", null, "Offered a red envelope."),
            "usr_li", Now);
        var at = Now;
        foreach (var step in PathFromOpen[status])
        {
            at = at.AddHours(1);
            Assert.True(conduct.MoveTo(step, "usr_li", null, at, ConductOutcome.NoBreach, ConductSanction.None));
        }
        return conduct;
    }
}
