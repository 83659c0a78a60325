using HallPlatform.Application;
using HallPlatform.Reception.Domain;
using static HallPlatform.Reception.Domain.VisitStatus;

namespace HallPlatform.Reception.Tests.Unit;

/// <summary>
/// The ticket state machine of the issue (docs/queue.md "Ticket states"), every cell written out independently of
/// the production table.
/// </summary>
public sealed class VisitStatusMachineTests
{
    /// <summary>What each action does in each status: the resulting status, or . where the action is refused.</summary>
    private static readonly TransitionTable<VisitStatus, VisitAction> Actions = new(
        [
            VisitAction.Call, VisitAction.Recall, VisitAction.NoShow, VisitAction.Recycle, VisitAction.Park, VisitAction.Transfer,
            VisitAction.Start, VisitAction.Complete, VisitAction.Cancel, VisitAction.CloseDay,
        ],
        // status \ action
        //            Call   Recall NoShow Recycle Park   Transfer Start   Complete  Cancel    CloseDay
        (Waiting,   " Called .      .      .       .      Waiting  .       .         Cancelled Cancelled "),
        (Called,    " .      Called NoShow Waiting Parked Waiting  Serving .         .         Cancelled "),
        (Serving,   " .      .      .      .       Parked Waiting  .       Completed .         Cancelled "),
        (Parked,    " Called .      .      .       .      Waiting  .       .         .         Cancelled "),
        (Completed, " .      .      .      .       .      .        .       .         .         .         "),
        (NoShow,    " .      .      .      .       .      .        .       .         .         .         "),
        (Cancelled, " .      .      .      .       .      .        .       .         .         .         "));

    /// <summary>Which status changes some action makes: x possible, . not.</summary>
    private static readonly TransitionTable<VisitStatus, VisitStatus> Moves = new(
        [Waiting, Called, Serving, Parked, Completed, NoShow, Cancelled],
        // from \ to Wai Cal Ser Par Com NoS Can
        (Waiting,   " x   x   .   .   .   .   x "),
        (Called,    " x   x   x   x   .   x   x "),
        (Serving,   " x   .   .   x   x   .   x "),
        (Parked,    " x   x   .   .   .   .   x "),
        (Completed, " .   .   .   .   .   .   . "),
        (NoShow,    " .   .   .   .   .   .   . "),
        (Cancelled, " .   .   .   .   .   .   . "));

    public static TheoryData<VisitStatus, VisitAction, string> EveryStatusAndAction() => Actions.EveryCell();

    [Fact]
    public void The_tables_write_every_pair_once()
    {
        Actions.AssertCoversEveryPairOnce();
        Moves.AssertCoversEveryPairOnce();
    }

    [Fact]
    public void The_state_machine_applies_each_action_as_the_table_says() =>
        Actions.AssertDomainAgrees((from, action) =>
            VisitStatusMachine.CanApply(from, action)
                ? VisitStatusMachine.Apply(from, action).ToString()
                : TransitionTable<VisitStatus, VisitAction>.Forbidden);

    [Fact]
    public void A_status_change_is_possible_exactly_where_the_table_says() => Moves.AssertDomainAllowsExactly(VisitStatusMachine.CanTransition);

    [Theory]
    [MemberData(nameof(EveryStatusAndAction))]
    public void Each_action_gives_the_written_status_or_throws_naming_the_status_and_the_action(VisitStatus from, VisitAction action, string result)
    {
        if (result != TransitionTable<VisitStatus, VisitAction>.Forbidden)
        {
            Assert.Equal(result, VisitStatusMachine.Apply(from, action).ToString());
            return;
        }
        var forbidden = Assert.Throws<ForbiddenTransitionException>(() => VisitStatusMachine.Apply(from, action));
        Assert.Equal(from, forbidden.From);
        Assert.Equal(action, forbidden.Action);
        Assert.Contains(from.ToWire(), forbidden.Message, StringComparison.Ordinal);
        Assert.Contains(action.ToWire(), forbidden.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VisitStatus.Completed)]
    [InlineData(VisitStatus.NoShow)]
    [InlineData(VisitStatus.Cancelled)]
    public void Final_states_allow_no_action(VisitStatus status)
    {
        Assert.True(VisitStatusMachine.IsFinal(status));
        Assert.Empty(VisitStatusMachine.ActionsFrom(status));
    }

    [Theory]
    [InlineData(VisitStatus.Waiting, "waiting")]
    [InlineData(VisitStatus.Called, "called")]
    [InlineData(VisitStatus.Serving, "serving")]
    [InlineData(VisitStatus.Parked, "parked")]
    [InlineData(VisitStatus.Completed, "completed")]
    [InlineData(VisitStatus.NoShow, "noShow")]
    [InlineData(VisitStatus.Cancelled, "cancelled")]
    public void Wire_names_round_trip(VisitStatus status, string wire)
    {
        Assert.Equal(wire, status.ToWire());
        Assert.Equal(status, VisitStatusMachine.FromWire(wire));
    }

    private static readonly DateTimeOffset Arrived = new(2025, 3, 1, 1, 0, 0, TimeSpan.Zero);

    private static Visit NewVisit() => Visit.Issue(Visit.NewId(), "hall-001", "Li Lei", "13800138000", "new-line", VisitChannel.Kiosk, "A",
        new DateOnly(2025, 3, 1), 1, Arrived, null);

    [Fact]
    public void A_visit_is_called_once_and_then_cannot_be_called_or_cancelled()
    {
        var visit = NewVisit();

        visit.Call("c01", "s-1", Arrived.AddSeconds(95.7));

        Assert.Equal(VisitStatus.Called, visit.Status);
        Assert.Equal(("c01", "s-1"), (visit.CounterId, visit.StaffId));
        Assert.Equal(95, visit.WaitedSeconds);
        Assert.Equal("A001", visit.TicketNumber);
        Assert.Throws<ForbiddenTransitionException>(() => visit.Call("c02", null, Arrived.AddSeconds(100)));
        Assert.Throws<ForbiddenTransitionException>(visit.Cancel);
        Assert.Equal("c01", visit.CounterId);
    }

    [Fact]
    public void No_show_needs_the_configured_number_of_recalls()
    {
        var visit = NewVisit();
        visit.Call("c01", null, Arrived.AddSeconds(10));

        var tooEarly = Assert.Throws<NoShowTooEarlyException>(() => visit.MarkNoShow(2, Arrived.AddSeconds(20)));
        Assert.Equal((0, 2), (tooEarly.RecallCount, tooEarly.Required));
        visit.Recall();
        Assert.Throws<NoShowTooEarlyException>(() => visit.MarkNoShow(2, Arrived.AddSeconds(30)));
        visit.Recall();
        visit.MarkNoShow(2, Arrived.AddSeconds(40));

        Assert.Equal(VisitStatus.NoShow, visit.Status);
        Assert.Equal(2, visit.RecallCount);
        Assert.Equal(Arrived.AddSeconds(40), visit.EndedAt);
    }

    [Fact]
    public void Recycle_and_transfer_keep_arrival_time_number_and_first_call()
    {
        var visit = NewVisit();
        visit.Call("c01", "s-1", Arrived.AddSeconds(60));
        visit.Recall();
        visit.Recycle();

        Assert.Equal(VisitStatus.Waiting, visit.Status);
        Assert.Null(visit.CounterId);
        Assert.Equal(0, visit.RecallCount);

        visit.Transfer("plan-change");
        Assert.Equal(("plan-change", "A001", Arrived), (visit.ServiceType, visit.TicketNumber, visit.ArrivedAt));

        visit.Call("c04", null, Arrived.AddSeconds(300));
        visit.StartService(Arrived.AddSeconds(320));
        visit.Complete(Arrived.AddSeconds(500));

        // Waiting ends at the first call; service runs from the latest call to completion.
        Assert.Equal(60, visit.WaitedSeconds);
        Assert.Equal(200, visit.ServiceSeconds);
        Assert.Equal(("completed", VisitStatus.Completed), (visit.Outcome, visit.Status));
    }

    [Fact]
    public void Closing_the_day_records_the_outcome()
    {
        var visit = NewVisit();
        visit.Call("c01", null, Arrived.AddSeconds(10));
        visit.Park();

        visit.CloseAtDayEnd(Arrived.AddHours(9));

        Assert.Equal((VisitStatus.Cancelled, "closedAtDayEnd"), (visit.Status, visit.Outcome));
        Assert.Throws<ForbiddenTransitionException>(() => visit.CloseAtDayEnd(Arrived.AddHours(10)));
    }

    [Fact]
    public void Visit_ids_are_prefixed_and_unique()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => Visit.NewId()).ToList();

        Assert.All(ids, id => Assert.StartsWith("vis_", id, StringComparison.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
