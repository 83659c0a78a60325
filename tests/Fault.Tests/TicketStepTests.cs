using HallPlatform.Fault.Domain;
using HallPlatform.Testing;
using static HallPlatform.Fault.Domain.TicketStatus;

namespace HallPlatform.Fault.Tests;

/// <summary>Every named step against every status it may or may not start from, and the SLA clock, without a server.</summary>
public sealed class TicketStepTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>docs/fault.md "Steps", written out independently of TicketSteps: x allowed, . forbidden.</summary>
    private static readonly TransitionTable<TicketStep, TicketStatus> Table = new(
        [Submitted, Acknowledged, InProgress, Held, Pending, Resolved, Closed, Cancelled, Rejected],
        // step \ from                   Sub Ack InP Hld Pnd Res Clo Can Rej
        (TicketStep.Reject,              " .   x   .   .   .   .   .   .   . "),
        (TicketStep.Start,               " .   x   .   .   .   .   .   .   . "),
        (TicketStep.Hold,                " .   x   x   .   .   .   .   .   . "),
        (TicketStep.Resume,              " .   .   .   x   .   .   .   .   . "),
        (TicketStep.RequestInformation,  " .   x   x   .   .   .   .   .   . "),
        (TicketStep.InformationReceived, " .   .   .   .   x   .   .   .   . "),
        (TicketStep.Resolve,             " .   .   x   .   .   .   .   .   . "),
        (TicketStep.Cancel,              " .   x   x   x   x   .   .   .   . "),
        (TicketStep.Reopen,              " .   .   .   .   .   x   .   .   . "),
        (TicketStep.Confirm,             " .   .   .   .   .   x   .   .   . "),
        (TicketStep.AutoClose,           " .   .   .   .   .   x   .   .   . "));

    /// <summary>Where each step leads, written out.</summary>
    private static readonly Dictionary<TicketStep, TicketStatus> Targets = new()
    {
        [TicketStep.Reject] = Rejected, [TicketStep.Start] = InProgress, [TicketStep.Hold] = Held, [TicketStep.Resume] = InProgress,
        [TicketStep.RequestInformation] = Pending, [TicketStep.InformationReceived] = InProgress, [TicketStep.Resolve] = Resolved,
        [TicketStep.Cancel] = Cancelled, [TicketStep.Reopen] = InProgress, [TicketStep.Confirm] = Closed, [TicketStep.AutoClose] = Closed,
    };

    public static TheoryData<TicketStep, TicketStatus> AllowedSteps() => Table.AllowedCells();

    public static TheoryData<TicketStep, TicketStatus> ForbiddenSteps() => Table.ForbiddenCells();

    [Fact]
    public void The_table_writes_every_step_and_status_once() => Table.AssertCoversEveryPairOnce();

    [Fact]
    public void The_steps_allow_exactly_what_the_table_allows() =>
        Table.AssertDomainAgrees((step, from) => TicketSteps.CanTake(step, from) ? "x" : ".");

    [Fact]
    public void Every_step_leads_where_the_table_says() =>
        Assert.All(Enum.GetValues<TicketStep>(), step => Assert.Equal(Targets[step], TicketSteps.Target(step)));

    [Theory]
    [MemberData(nameof(AllowedSteps))]
    public void An_allowed_step_moves_the_ticket_and_records_who_when_and_why(TicketStep step, TicketStatus from)
    {
        var ticket = TicketIn(from);
        var later = Now.AddHours(1);

        Assert.True(ticket.TryTake(step, "because", later, "tech-7", satisfactionScore: step == TicketStep.Confirm ? 4 : null));

        Assert.Equal(Targets[step], ticket.Status);
        Assert.Equal(new TicketStatusChange(from, Targets[step], later, "because", "tech-7"), ticket.StatusChangeHistory[^1]);
    }

    [Theory]
    [MemberData(nameof(ForbiddenSteps))]
    public void A_forbidden_step_leaves_the_ticket_unchanged(TicketStep step, TicketStatus from)
    {
        Assert.False(TicketSteps.CanTake(step, from));
        if (from == Submitted)
        {
            // Submitted exists only inside registration: no step starts from it.
            return;
        }
        var ticket = TicketIn(from);
        var history = ticket.StatusChangeHistory.Count;

        Assert.False(ticket.TryTake(step, "because", Now.AddHours(1), "tech-7", satisfactionScore: step == TicketStep.Confirm ? 4 : null));

        Assert.Equal(from, ticket.Status);
        Assert.Equal(history, ticket.StatusChangeHistory.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(6)]
    public void Confirming_needs_a_score_of_1_to_5(int? score)
    {
        var ticket = TicketIn(Resolved);

        Assert.Throws<ArgumentOutOfRangeException>(() => ticket.TryTake(TicketStep.Confirm, "ok", Now, "tech-7", score));
        Assert.Equal(Resolved, ticket.Status);
    }

    [Fact]
    public void Confirmation_keeps_the_score_and_auto_close_marks_the_ticket()
    {
        var confirmed = TicketIn(Resolved);
        var auto = TicketIn(Resolved);

        confirmed.TryTake(TicketStep.Confirm, "ok", Now, "agent-1", 3);
        auto.TryTake(TicketStep.AutoClose, TroubleTicket.AutoClosedReason, Now, "system");

        Assert.Equal((3, false), (confirmed.SatisfactionScore, confirmed.AutoClosed));
        Assert.Equal(((int?)null, true), (auto.SatisfactionScore, auto.AutoClosed));
    }

    [Fact]
    public void The_sla_clock_warns_after_the_target_and_breaches_after_the_maximum()
    {
        var ticket = Registered();

        var early = ticket.SlaAt(Now.AddHours(23));
        var warning = ticket.SlaAt(Now.AddHours(24));
        var stillWarning = ticket.SlaAt(Now.AddHours(48));
        var breached = ticket.SlaAt(Now.AddHours(48).AddSeconds(1));

        Assert.Equal((false, false), (early.Warning, early.Breached));
        Assert.Equal((true, false), (warning.Warning, warning.Breached));
        Assert.Equal((true, false), (stillWarning.Warning, stillWarning.Breached));
        Assert.Equal((false, true), (breached.Warning, breached.Breached));
        Assert.Equal(Now.AddHours(48), breached.DueAt);
        Assert.Equal(Now.AddHours(24), breached.WarningAt);
    }

    [Fact]
    public void Pending_on_the_customer_pauses_the_clock_and_moves_the_due_time_by_the_pause()
    {
        var ticket = Registered();
        ticket.TryTake(TicketStep.Start, "", Now.AddHours(1), "tech-7");
        ticket.TryTake(TicketStep.RequestInformation, "which router?", Now.AddHours(10), "tech-7");

        // While pending, the clock stands still: 40 hours later it is not even warning (10 h ran before the pause).
        var paused = ticket.SlaAt(Now.AddHours(50));
        Assert.True(paused.IsPaused);
        Assert.Equal(TimeSpan.FromHours(40), paused.Paused);
        Assert.Equal(Now.AddHours(88), paused.DueAt);
        Assert.Equal((false, false), (paused.Warning, paused.Breached));

        ticket.TryTake(TicketStep.InformationReceived, "", Now.AddHours(12), "tech-7");
        var resumed = ticket.SlaAt(Now.AddHours(12));

        Assert.False(resumed.IsPaused);
        Assert.Equal(TimeSpan.FromHours(2), ticket.SlaPausedTotal);
        Assert.Equal(Now.AddHours(50), ticket.ExpectedResolutionDate);
        Assert.Equal(Now.AddHours(50), resumed.DueAt);
        Assert.Equal(Now.AddHours(26), resumed.WarningAt);
        Assert.True(ticket.SlaAt(Now.AddHours(50).AddSeconds(1)).Breached);
        Assert.False(ticket.SlaAt(Now.AddHours(49)).Breached);
    }

    [Fact]
    public void Resolution_stops_the_clock_and_a_reopen_runs_it_again()
    {
        var ticket = Registered();
        ticket.TryTake(TicketStep.Start, "", Now.AddHours(1), "tech-7");
        ticket.TryTake(TicketStep.Resolve, "replaced the card", Now.AddHours(5), "tech-7");

        var stopped = ticket.SlaAt(Now.AddDays(30));
        Assert.Equal((true, false), (stopped.IsStopped, stopped.Breached));

        ticket.TryTake(TicketStep.Reopen, "still no signal", Now.AddHours(6), "agent-1");

        Assert.Null(ticket.Resolution);
        Assert.True(ticket.SlaAt(Now.AddHours(49)).Breached);
    }

    [Fact]
    public void The_sla_terms_given_at_registration_apply()
    {
        var ticket = TroubleTicket.Register(Reports.Hall(), Now, null, Reports.PhoneRef, new SlaTerms(TimeSpan.FromHours(4), TimeSpan.FromHours(8)));

        Assert.Equal(Now.AddHours(8), ticket.ExpectedResolutionDate);
        Assert.True(ticket.SlaAt(Now.AddHours(4)).Warning);
        Assert.True(ticket.SlaAt(Now.AddHours(9)).Breached);
    }

    private static TroubleTicket Registered() => TroubleTicket.Register(Reports.Hall(), Now, reporterPartnerId: null, Reports.PhoneRef);

    private static TroubleTicket TicketIn(TicketStatus status)
    {
        var ticket = Registered();
        TicketStep[] path = status switch
        {
            Acknowledged => [],
            InProgress => [TicketStep.Start],
            Held => [TicketStep.Hold],
            Pending => [TicketStep.RequestInformation],
            Resolved => [TicketStep.Start, TicketStep.Resolve],
            Closed => [TicketStep.Start, TicketStep.Resolve, TicketStep.AutoClose],
            Cancelled => [TicketStep.Cancel],
            Rejected => [TicketStep.Reject],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var step in path)
        {
            Assert.True(ticket.TryTake(step, "setup", Now, "setup"));
        }
        Assert.Equal(status, ticket.Status);
        return ticket;
    }
}
