using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Tests.Unit;

public sealed class FairnessRuleTests
{
    private static readonly string[] Served = ["new-line", "plan-change"];
    private static readonly FairnessSettings Settings = new(PriorityStreak: 2, AgingSeconds: 900);
    private const long Now = 10_000_000;

    private static QueueHead Head(string id, long enqueuedAtMs, string type = "new-line", long seq = 1) => new(id, type, enqueuedAtMs, seq);

    [Fact]
    public void A_priority_ticket_goes_before_an_older_normal_one_and_the_streak_grows()
    {
        var choice = FairnessRule.Choose([Head("n1", Now - 60_000)], [Head("p1", Now - 1_000)], Served, 0, Settings, Now);

        Assert.Equal(("p1", true, 1, "priority"), (choice.Chosen?.VisitId, choice.FromPriorityQueue, choice.NextStreak, choice.Rule));
    }

    [Fact]
    public void After_the_streak_the_oldest_normal_ticket_is_called_and_the_streak_resets()
    {
        var choice = FairnessRule.Choose([Head("n2", Now - 5_000), Head("n1", Now - 9_000, "plan-change")], [Head("p1", Now - 60_000)], Served, 2, Settings, Now);

        Assert.Equal(("n1", false, 0, "streak"), (choice.Chosen?.VisitId, choice.FromPriorityQueue, choice.NextStreak, choice.Rule));
    }

    [Fact]
    public void A_normal_ticket_past_the_aging_limit_competes_with_priority_by_arrival()
    {
        var aged = Head("n1", Now - 900_000);
        var olderPriority = FairnessRule.Choose([aged], [Head("p1", Now - 950_000)], Served, 0, Settings, Now);
        var youngerPriority = FairnessRule.Choose([aged], [Head("p2", Now - 100_000)], Served, 0, Settings, Now);
        var notYetAged = FairnessRule.Choose([Head("n2", Now - 899_999)], [Head("p2", Now - 100_000)], Served, 0, Settings, Now);

        Assert.Equal("p1", olderPriority.Chosen?.VisitId);
        Assert.Equal(("n1", "aged", 0), (youngerPriority.Chosen?.VisitId, youngerPriority.Rule, youngerPriority.NextStreak));
        Assert.Equal("p2", notYetAged.Chosen?.VisitId);
    }

    [Fact]
    public void Priority_calls_with_no_normal_waiting_do_not_grow_the_streak()
    {
        var choice = FairnessRule.Choose([], [Head("p1", Now)], Served, 1, Settings, Now);

        Assert.Equal(("p1", 1), (choice.Chosen?.VisitId, choice.NextStreak));
    }

    [Fact]
    public void Only_the_counters_types_count_and_an_empty_queue_calls_nobody()
    {
        var other = FairnessRule.Choose([Head("n1", 1, "billing")], [Head("p1", 1, "fault-report")], Served, 5, Settings, Now);
        var empty = FairnessRule.Choose([], [], Served, 0, Settings, Now);

        Assert.Null(other.Chosen);
        Assert.Null(empty.Chosen);
        Assert.Equal("empty", empty.Rule);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Under_a_steady_stream_of_priority_arrivals_a_normal_ticket_waits_behind_at_most_streak_priority_calls(int streakLimit)
    {
        var settings = new FairnessSettings(streakLimit, AgingSeconds: int.MaxValue / 1000);
        var normal = new List<QueueHead> { Head("normal", 0) };
        var priority = new List<QueueHead>();
        var streak = 0;
        var priorityCallsBeforeNormal = 0;
        for (var call = 0; call < 50; call++)
        {
            // Two new priority tickets arrive before every call: priority never runs dry.
            priority.Add(Head($"p{call}a", 1_000 + call * 10));
            priority.Add(Head($"p{call}b", 1_000 + call * 10 + 1));
            var choice = FairnessRule.Choose(normal, priority, Served, streak, settings, Now);
            streak = choice.NextStreak;
            if (!choice.FromPriorityQueue)
            {
                Assert.Equal("normal", choice.Chosen?.VisitId);
                break;
            }
            priority.Remove(choice.Chosen!);
            priorityCallsBeforeNormal++;
        }

        Assert.Equal(streakLimit, priorityCallsBeforeNormal);
    }
}
