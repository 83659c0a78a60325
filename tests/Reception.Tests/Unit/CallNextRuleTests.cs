using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Tests.Unit;

public sealed class CallNextRuleTests
{
    private static readonly string[] C01 = ["new-line", "plan-change"];

    [Fact]
    public void The_longest_waiting_ticket_of_the_served_types_is_called()
    {
        var heads = new[]
        {
            new QueueHead("vis_b", "plan-change", 2_000, 1),
            new QueueHead("vis_a", "new-line", 3_000, 1),
            new QueueHead("vis_d", "fault-report", 1_000, 1),
        };

        var chosen = CallNextRule.Choose(heads, C01);

        // fault-report waited longest but counter c01 does not serve it.
        Assert.Equal("vis_b", chosen?.VisitId);
    }

    [Fact]
    public void Equal_enqueue_times_go_to_the_lower_sequence()
    {
        var heads = new[]
        {
            new QueueHead("vis_a", "new-line", 5_000, 7),
            new QueueHead("vis_b", "plan-change", 5_000, 3),
        };

        Assert.Equal("vis_b", CallNextRule.Choose(heads, C01)?.VisitId);
    }

    [Fact]
    public void Equal_time_and_sequence_go_to_the_ordinally_lower_visit_id()
    {
        var heads = new[]
        {
            new QueueHead("vis_b", "new-line", 5_000, 3),
            new QueueHead("vis_a", "plan-change", 5_000, 3),
        };

        Assert.Equal("vis_a", CallNextRule.Choose(heads, C01)?.VisitId);
    }

    [Fact]
    public void Nobody_is_called_when_no_served_queue_has_anyone()
    {
        Assert.Null(CallNextRule.Choose([], C01));
        Assert.Null(CallNextRule.Choose([new QueueHead("vis_x", "billing", 1, 1)], C01));
    }

    [Fact]
    public void The_choice_does_not_depend_on_the_order_of_the_queues()
    {
        var heads = new[]
        {
            new QueueHead("vis_1", "new-line", 10, 2),
            new QueueHead("vis_2", "plan-change", 10, 1),
            new QueueHead("vis_3", "new-line", 11, 1),
        };
        var permutations = new[] { heads, heads.Reverse().ToArray(), [heads[1], heads[2], heads[0]] };

        Assert.All(permutations, order => Assert.Equal("vis_2", CallNextRule.Choose(order, C01)?.VisitId));
    }
}
