using HallPlatform.Application;
using HallPlatform.Business.Domain;
using HallPlatform.Testing;
using static HallPlatform.Business.Domain.OrderState;

namespace HallPlatform.Business.Tests;

public sealed class OrderStateMachineTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The TMF622 table from the brief, every cell written out independently of the production table: x allowed,
    /// . forbidden.
    /// </summary>
    private static readonly TransitionTable<OrderState, OrderState> Table = new(
        [
            Acknowledged, InProgress, Pending, Held, AssessingCancellation, PendingCancellation,
            Completed, Partial, Failed, Rejected, Cancelled,
        ],
        // from \ to             Ack InP Pnd Hld ACn PCn Cmp Prt Fld Rej Can
        (Acknowledged,          " .   x   .   .   .   .   .   .   .   x   x "),
        (InProgress,            " .   .   x   x   x   .   x   x   x   .   . "),
        (Pending,               " .   x   .   .   x   .   .   .   .   .   . "),
        (Held,                  " .   x   .   .   x   .   .   .   .   .   . "),
        (AssessingCancellation, " .   x   x   x   .   x   .   .   .   .   . "),
        (PendingCancellation,   " .   .   .   .   .   .   .   .   .   .   x "),
        (Completed,             " .   .   .   .   .   .   .   .   .   .   . "),
        (Partial,               " .   .   .   .   .   .   .   .   .   .   . "),
        (Failed,                " .   .   .   .   .   .   .   .   .   .   . "),
        (Rejected,              " .   .   .   .   .   .   .   .   .   .   . "),
        (Cancelled,             " .   .   .   .   .   .   .   .   .   .   . "));

    public static TheoryData<OrderState, OrderState> AllowedPairs() => Table.AllowedCells();

    public static TheoryData<OrderState, OrderState> ForbiddenPairs() => Table.ForbiddenCells();

    [Fact]
    public void The_table_writes_every_pair_of_states_once() => Table.AssertCoversEveryPairOnce();

    [Fact]
    public void The_state_machine_allows_exactly_what_the_table_allows() => Table.AssertDomainAllowsExactly(OrderStateMachine.CanMove);

    [Theory]
    [MemberData(nameof(AllowedPairs))]
    public void Allowed_transition_moves_the_order_and_records_history(OrderState from, OrderState to)
    {
        Assert.True(OrderStateMachine.CanMove(from, to));
        var order = OrderIn(from);
        var historyBefore = order.StateChangeHistory.Count;
        var later = Now.AddMinutes(30);

        Assert.True(order.TryMoveTo(to, "because", later));

        Assert.Equal(to, order.State);
        Assert.Equal(later, order.StateChangedAt);
        Assert.Equal("because", order.StateChangeReason);
        Assert.Equal(historyBefore + 1, order.StateChangeHistory.Count);
        Assert.Equal(new OrderStateChange(from, to, later, "because"), order.StateChangeHistory[^1]);
    }

    [Theory]
    [MemberData(nameof(ForbiddenPairs))]
    public void Forbidden_transition_is_refused_and_leaves_the_order_unchanged(OrderState from, OrderState to)
    {
        Assert.False(OrderStateMachine.CanMove(from, to));
        var order = OrderIn(from);
        var historyBefore = order.StateChangeHistory.Count;
        var changedAtBefore = order.StateChangedAt;

        Assert.False(order.TryMoveTo(to, "because", Now.AddHours(1)));

        Assert.Equal(from, order.State);
        Assert.Equal(changedAtBefore, order.StateChangedAt);
        Assert.Equal(historyBefore, order.StateChangeHistory.Count);
    }

    [Theory]
    [InlineData(OrderState.Partial)]
    [InlineData(OrderState.Completed)]
    [InlineData(OrderState.Failed)]
    [InlineData(OrderState.Rejected)]
    [InlineData(OrderState.Cancelled)]
    public void Final_states_have_no_way_out(OrderState state)
    {
        Assert.True(OrderStateMachine.IsFinal(state));
        Assert.Empty(OrderStateMachine.AllowedFrom(state));
    }

    [Fact]
    public void A_new_order_is_acknowledged_with_a_prefixed_id()
    {
        var order = Order.Open(new OpenOrderCommand("vis_1", "hall_1", "A", "c1", "A001"), Now);

        Assert.Equal(OrderState.Acknowledged, order.State);
        Assert.StartsWith("ord_", order.OrderId, StringComparison.Ordinal);
        Assert.Equal(4 + 32, order.OrderId.Length);
        Assert.Equal(Now, order.CreatedAt);
        Assert.Empty(order.StateChangeHistory);
    }

    [Theory]
    [InlineData(OrderState.InProgress, "inProgress")]
    [InlineData(OrderState.AssessingCancellation, "assessingCancellation")]
    [InlineData(OrderState.PendingCancellation, "pendingCancellation")]
    [InlineData(OrderState.Acknowledged, "acknowledged")]
    public void Wire_names_are_the_tmf622_camel_case_names(OrderState state, string name)
    {
        Assert.Equal(name, state.ToWire());
        Assert.True(WireNames<OrderState>.TryParseLenient(name, out var parsed));
        Assert.Equal(state, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    [InlineData("done")]
    [InlineData("in_progress")]
    public void Unknown_state_names_do_not_parse(string? name) => Assert.False(WireNames<OrderState>.TryParseLenient(name, out _));

    /// <summary>Walks a fresh order along allowed transitions to reach <paramref name="state"/>.</summary>
    private static Order OrderIn(OrderState state)
    {
        var order = Order.Open(new OpenOrderCommand("vis_1", "hall_1", "A", "c1", "A001"), Now);
        OrderState[] path = state switch
        {
            OrderState.Acknowledged => [],
            OrderState.Rejected or OrderState.Cancelled or OrderState.InProgress => [state],
            OrderState.Pending or OrderState.Held or OrderState.Completed or OrderState.Failed or OrderState.Partial
                or OrderState.AssessingCancellation => [OrderState.InProgress, state],
            OrderState.PendingCancellation => [OrderState.InProgress, OrderState.AssessingCancellation, state],
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        foreach (var step in path)
        {
            Assert.True(order.TryMoveTo(step, "setup", Now));
        }
        Assert.Equal(state, order.State);
        return order;
    }
}
