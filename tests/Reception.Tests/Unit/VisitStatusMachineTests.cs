using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Tests.Unit;

/// <summary>The ticket state machine of the issue, written out independently of the production table.</summary>
public sealed class VisitStatusMachineTests
{
    private static readonly Dictionary<(VisitStatus From, VisitAction Action), VisitStatus> Expected = new()
    {
        [(VisitStatus.Waiting, VisitAction.Call)] = VisitStatus.Called,
        [(VisitStatus.Waiting, VisitAction.Transfer)] = VisitStatus.Waiting,
        [(VisitStatus.Waiting, VisitAction.Cancel)] = VisitStatus.Cancelled,
        [(VisitStatus.Waiting, VisitAction.CloseDay)] = VisitStatus.Cancelled,
        [(VisitStatus.Called, VisitAction.Recall)] = VisitStatus.Called,
        [(VisitStatus.Called, VisitAction.Start)] = VisitStatus.Serving,
        [(VisitStatus.Called, VisitAction.NoShow)] = VisitStatus.NoShow,
        [(VisitStatus.Called, VisitAction.Recycle)] = VisitStatus.Waiting,
        [(VisitStatus.Called, VisitAction.Park)] = VisitStatus.Parked,
        [(VisitStatus.Called, VisitAction.Transfer)] = VisitStatus.Waiting,
        [(VisitStatus.Called, VisitAction.CloseDay)] = VisitStatus.Cancelled,
        [(VisitStatus.Serving, VisitAction.Complete)] = VisitStatus.Completed,
        [(VisitStatus.Serving, VisitAction.Park)] = VisitStatus.Parked,
        [(VisitStatus.Serving, VisitAction.Transfer)] = VisitStatus.Waiting,
        [(VisitStatus.Serving, VisitAction.CloseDay)] = VisitStatus.Cancelled,
        [(VisitStatus.Parked, VisitAction.Call)] = VisitStatus.Called,
        [(VisitStatus.Parked, VisitAction.Transfer)] = VisitStatus.Waiting,
        [(VisitStatus.Parked, VisitAction.CloseDay)] = VisitStatus.Cancelled,
    };

    /// <summary>Every (status, action) pair: 7 x 10.</summary>
    public static TheoryData<VisitStatus, VisitAction> AllStatusActionPairs()
    {
        var data = new TheoryData<VisitStatus, VisitAction>();
        foreach (var from in Enum.GetValues<VisitStatus>())
        {
            foreach (var action in Enum.GetValues<VisitAction>())
            {
                data.Add(from, action);
            }
        }
        return data;
    }

    /// <summary>Every (from, to) pair of statuses, including staying in place: 7 x 7.</summary>
    public static TheoryData<VisitStatus, VisitStatus> AllStatusPairs()
    {
        var data = new TheoryData<VisitStatus, VisitStatus>();
        foreach (var from in Enum.GetValues<VisitStatus>())
        {
            foreach (var to in Enum.GetValues<VisitStatus>())
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllStatusActionPairs))]
    public void An_action_is_allowed_exactly_when_the_table_says_so(VisitStatus from, VisitAction action)
    {
        var allowed = Expected.TryGetValue((from, action), out var to);

        Assert.Equal(allowed, VisitStatusMachine.CanApply(from, action));
        if (allowed)
        {
            Assert.Equal(to, VisitStatusMachine.Apply(from, action));
        }
        else
        {
            var forbidden = Assert.Throws<ForbiddenTransitionException>(() => VisitStatusMachine.Apply(from, action));
            Assert.Equal(from, forbidden.From);
            Assert.Equal(action, forbidden.Action);
            Assert.Contains(from.ToWire(), forbidden.Message, StringComparison.Ordinal);
            Assert.Contains(action.ToWire(), forbidden.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(AllStatusPairs))]
    public void A_status_change_is_possible_exactly_when_some_action_leads_there(VisitStatus from, VisitStatus to) =>
        Assert.Equal(Expected.Any(row => row.Key.From == from && row.Value == to), VisitStatusMachine.CanTransition(from, to));

    [Fact]
    public void The_matrices_cover_every_pair()
    {
        Assert.Equal(70, AllStatusActionPairs().Count);
        Assert.Equal(49, AllStatusPairs().Count);
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
