using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Tests.Unit;

public sealed class VisitStatusMachineTests
{
    private static readonly HashSet<(VisitStatus From, VisitStatus To)> Allowed =
    [
        (VisitStatus.Waiting, VisitStatus.Called),
        (VisitStatus.Waiting, VisitStatus.Cancelled),
    ];

    /// <summary>Every (from, to) pair of statuses, including staying in place.</summary>
    public static TheoryData<VisitStatus, VisitStatus> AllPairs()
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
    [MemberData(nameof(AllPairs))]
    public void Transition_is_allowed_exactly_when_the_table_says_so(VisitStatus from, VisitStatus to)
    {
        var expected = Allowed.Contains((from, to));

        Assert.Equal(expected, VisitStatusMachine.CanTransition(from, to));
        if (expected)
        {
            Assert.Equal(to, VisitStatusMachine.Transition(from, to));
        }
        else
        {
            var forbidden = Assert.Throws<ForbiddenTransitionException>(() => VisitStatusMachine.Transition(from, to));
            Assert.Equal(from, forbidden.From);
            Assert.Equal(to, forbidden.To);
            Assert.Contains(from.ToWire(), forbidden.Message, StringComparison.Ordinal);
            Assert.Contains(to.ToWire(), forbidden.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_matrix_covers_all_nine_pairs() => Assert.Equal(9, AllPairs().Count);

    [Theory]
    [InlineData(VisitStatus.Waiting, "waiting")]
    [InlineData(VisitStatus.Called, "called")]
    [InlineData(VisitStatus.Cancelled, "cancelled")]
    public void Wire_names_round_trip(VisitStatus status, string wire)
    {
        Assert.Equal(wire, status.ToWire());
        Assert.Equal(status, VisitStatusMachine.FromWire(wire));
    }

    [Fact]
    public void A_visit_is_called_once_and_then_cannot_be_called_or_cancelled()
    {
        var arrived = new DateTimeOffset(2025, 3, 1, 1, 0, 0, TimeSpan.Zero);
        var visit = Visit.Issue(Visit.NewId(), "hall-001", "Li Lei", "13800138000", "new-line", VisitChannel.Kiosk, "A",
            new DateOnly(2025, 3, 1), 1, arrived, null);

        visit.Call("c01", arrived.AddSeconds(95.7));

        Assert.Equal(VisitStatus.Called, visit.Status);
        Assert.Equal("c01", visit.CounterId);
        Assert.Equal(95, visit.WaitedSeconds);
        Assert.Equal("A001", visit.TicketNumber);
        Assert.Throws<ForbiddenTransitionException>(() => visit.Call("c02", arrived.AddSeconds(100)));
        Assert.Throws<ForbiddenTransitionException>(visit.Cancel);
        Assert.Equal("c01", visit.CounterId);
    }

    [Fact]
    public void Visit_ids_are_prefixed_and_unique()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => Visit.NewId()).ToList();

        Assert.All(ids, id => Assert.StartsWith("vis_", id, StringComparison.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
