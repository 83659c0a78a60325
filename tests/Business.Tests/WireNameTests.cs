using HallPlatform.Business.Domain;
using HallPlatform.Application;

namespace HallPlatform.Business.Tests;

/// <summary>The TMF622 names of order states, written out: they are the REST, gRPC and database contract.</summary>
public sealed class WireNameTests
{
    public static TheoryData<OrderState, string> OrderStates => new()
    {
        { OrderState.Acknowledged, "acknowledged" },
        { OrderState.Rejected, "rejected" },
        { OrderState.Pending, "pending" },
        { OrderState.Held, "held" },
        { OrderState.InProgress, "inProgress" },
        { OrderState.Cancelled, "cancelled" },
        { OrderState.Completed, "completed" },
        { OrderState.Failed, "failed" },
        { OrderState.Partial, "partial" },
        { OrderState.AssessingCancellation, "assessingCancellation" },
        { OrderState.PendingCancellation, "pendingCancellation" },
    };

    [Theory]
    [MemberData(nameof(OrderStates))]
    public void Order_states_have_their_tmf622_names_and_read_back(OrderState state, string name)
    {
        Assert.Equal(name, state.ToWire());
        Assert.Equal(state, WireNames<OrderState>.Parse(name));
        Assert.True(WireNames<OrderState>.TryParseLenient(name, out var parsed));
        Assert.Equal(state, parsed);
    }

    [Fact]
    public void Every_order_state_is_in_the_table() =>
        Assert.Equal(Enum.GetValues<OrderState>().Length, OrderStates.Count);

    [Fact]
    public void State_filters_are_read_trimmed_and_in_any_case()
    {
        Assert.True(WireNames<OrderState>.TryParseLenient(" INPROGRESS ", out var parsed));
        Assert.Equal(OrderState.InProgress, parsed);
    }

    [Theory]
    [InlineData("in_progress")]
    [InlineData("in-progress")]
    [InlineData("4")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_state_names_are_refused(string? name) => Assert.False(WireNames<OrderState>.TryParseLenient(name, out _));
}
