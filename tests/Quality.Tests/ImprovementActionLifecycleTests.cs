using HallPlatform.Quality.Domain;
using Xunit;
using static HallPlatform.Quality.Domain.ImprovementActionStatus;

namespace HallPlatform.Quality.Tests;

public sealed class ImprovementActionLifecycleTests
{
    // Written out by hand (x allowed, . forbidden): open -> inProgress -> done -> verified; done -> inProgress when the
    // verification fails; open or inProgress -> cancelled; verified and cancelled are final.
    private static readonly TransitionTable<ImprovementActionStatus, ImprovementActionStatus> Table = new(
        [Open, InProgress, Done, Verified, Cancelled],
        // from \ to    Opn Inp Don Ver Can
        (Open,       " .   x   .   .   x "),
        (InProgress, " .   .   x   .   x "),
        (Done,       " .   x   .   x   . "),
        (Verified,   " .   .   .   .   . "),
        (Cancelled,  " .   .   .   .   . "));

    // The owner's own steps, written out by hand: start and finish, nothing else.
    private static readonly TransitionTable<ImprovementActionStatus, ImprovementActionStatus> OwnerTable = new(
        [Open, InProgress, Done, Verified, Cancelled],
        // from \ to    Opn Inp Don Ver Can
        (Open,       " .   x   .   .   . "),
        (InProgress, " .   .   x   .   . "),
        (Done,       " .   .   .   .   . "),
        (Verified,   " .   .   .   .   . "),
        (Cancelled,  " .   .   .   .   . "));

    // How to reach each status from a new (open) action.
    private static readonly Dictionary<ImprovementActionStatus, ImprovementActionStatus[]> PathFromOpen = new()
    {
        [Open] = [],
        [InProgress] = [InProgress],
        [Done] = [InProgress, Done],
        [Verified] = [InProgress, Done, Verified],
        [Cancelled] = [Cancelled],
    };

    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 30, 0, TimeSpan.Zero);

    public static TheoryData<ImprovementActionStatus, ImprovementActionStatus, bool> EveryPair()
    {
        var data = new TheoryData<ImprovementActionStatus, ImprovementActionStatus, bool>();
        foreach (var (from, to, mark) in Table.Cells)
        {
            data.Add(from, to, mark == TransitionTable<ImprovementActionStatus, ImprovementActionStatus>.Allowed);
        }
        return data;
    }

    [Fact]
    public void The_tables_write_every_pair_of_statuses_once()
    {
        Table.AssertCoversEveryPairOnce();
        OwnerTable.AssertCoversEveryPairOnce();
    }

    [Fact]
    public void The_lifecycle_allows_exactly_the_tables_moves() => Table.AssertDomainAllowsExactly(ImprovementActionLifecycle.CanMove);

    [Fact]
    public void The_owner_may_take_exactly_the_owner_tables_moves() => OwnerTable.AssertDomainAllowsExactly(ImprovementActionLifecycle.OwnerMayMove);

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void An_action_moves_only_along_allowed_transitions_and_records_who_and_when(ImprovementActionStatus from, ImprovementActionStatus to, bool allowed)
    {
        var action = ActionIn(from);
        var historyBefore = action.History.Count;
        var later = Now.AddDays(3);

        var moved = action.MoveTo(to, "usr_boss", "checked", "Queue shorter", later);

        Assert.Equal(allowed, moved);
        if (allowed)
        {
            Assert.Equal((to, later), (action.Status, action.StatusChangedAt));
            var last = action.History[^1];
            Assert.Equal(((ImprovementActionStatus?)from, to, later, "usr_boss", "checked"), (last.From, last.To, last.At, last.By, last.Note));
            Assert.Equal(historyBefore + 1, action.History.Count);
            Assert.Equal("Queue shorter", action.Result);
        }
        else
        {
            Assert.Equal(from, action.Status);
            Assert.Equal(historyBefore, action.History.Count);
        }
    }

    [Fact]
    public void A_new_action_is_open_with_its_creation_in_the_history()
    {
        var action = ActionIn(Open);

        Assert.Equal(Open, action.Status);
        var created = Assert.Single(action.History);
        Assert.Equal(((ImprovementActionStatus?)null, Open, Now, "usr_li"), (created.From, created.To, created.At, created.By));
    }

    // The overdue rule, written out: pending (open, inProgress) and the UTC date is after the due date.
    [Theory]
    [InlineData(Open, "2026-03-10", "2026-03-10T23:59:59Z", false)]
    [InlineData(Open, "2026-03-10", "2026-03-11T00:00:00Z", true)]
    [InlineData(InProgress, "2026-03-10", "2026-04-01T08:00:00Z", true)]
    [InlineData(InProgress, "2026-03-10", "2026-03-09T08:00:00Z", false)]
    [InlineData(Done, "2026-03-10", "2026-04-01T08:00:00Z", false)]
    [InlineData(Verified, "2026-03-10", "2026-04-01T08:00:00Z", false)]
    [InlineData(Cancelled, "2026-03-10", "2026-04-01T08:00:00Z", false)]
    [InlineData(Open, "2026-03-10", "2026-03-11T07:59:59+08:00", false)]
    public void Overdue_means_pending_and_past_the_due_date_in_utc(ImprovementActionStatus status, string due, string now, bool overdue) =>
        Assert.Equal(overdue, ImprovementAction.IsOverdue(status, DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    private static ImprovementAction ActionIn(ImprovementActionStatus status)
    {
        var action = ImprovementAction.Create("act_1",
            new ImprovementActionPlan("hall-001", "Second printer", null, "usr_wang", new DateOnly(2026, 3, 31), QualityMetric.WaitingTimeAvg, 600, 420, null, null),
            "usr_li", Now);
        var at = Now;
        foreach (var step in PathFromOpen[status])
        {
            at = at.AddHours(1);
            Assert.True(action.MoveTo(step, "usr_li", null, null, at));
        }
        return action;
    }
}
