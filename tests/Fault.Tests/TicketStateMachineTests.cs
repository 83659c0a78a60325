using HallPlatform.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.Testing;
using static HallPlatform.Fault.Domain.TicketStatus;

namespace HallPlatform.Fault.Tests;

public sealed class TicketStateMachineTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The TMF621 v4 state model as docs/fault.md "States" writes it, every cell written out independently of the
    /// production table: x allowed, . forbidden.
    /// </summary>
    private static readonly TransitionTable<TicketStatus, TicketStatus> Table = new(
        [Submitted, Acknowledged, InProgress, Held, Pending, Resolved, Closed, Cancelled, Rejected],
        // from \ to    Sub Ack InP Hld Pnd Res Clo Can Rej
        (Submitted,    " .   x   .   .   .   .   .   .   x "),
        (Acknowledged, " .   .   x   x   x   .   .   x   x "),
        (InProgress,   " .   .   .   x   x   x   .   x   . "),
        (Held,         " .   .   x   .   .   .   .   x   . "),
        (Pending,      " .   .   x   .   .   .   .   x   . "),
        (Resolved,     " .   .   x   .   .   .   x   .   . "),
        (Closed,       " .   .   .   .   .   .   .   .   . "),
        (Cancelled,    " .   .   .   .   .   .   .   .   . "),
        (Rejected,     " .   .   .   .   .   .   .   .   . "));

    public static TheoryData<TicketStatus, TicketStatus> AllowedPairs() => Table.AllowedCells();

    public static TheoryData<TicketStatus, TicketStatus> ForbiddenPairs() => Table.ForbiddenCells();

    [Fact]
    public void The_table_writes_every_pair_of_statuses_once() => Table.AssertCoversEveryPairOnce();

    [Fact]
    public void The_state_machine_allows_exactly_what_the_table_allows() => Table.AssertDomainAllowsExactly(TicketStateMachine.CanMove);

    [Theory]
    [MemberData(nameof(AllowedPairs))]
    public void Allowed_transition_moves_the_ticket_and_records_history(TicketStatus from, TicketStatus to)
    {
        Assert.True(TicketStateMachine.CanMove(from, to));
        // Submitted exists only inside Register, so its moves are checked on the table (and by Register below).
        if (!IsReachableAfterRegistration(from))
        {
            return;
        }
        var ticket = TicketIn(from);
        var historyBefore = ticket.StatusChangeHistory.Count;
        var later = Now.AddMinutes(30);

        Assert.True(ticket.TryMoveTo(to, "because", later));

        Assert.Equal(to, ticket.Status);
        Assert.Equal(later, ticket.StatusChangeDate);
        Assert.Equal("because", ticket.StatusChangeReason);
        Assert.Equal(historyBefore + 1, ticket.StatusChangeHistory.Count);
        Assert.Equal(new TicketStatusChange(from, to, later, "because"), ticket.StatusChangeHistory[^1]);
    }

    [Theory]
    [MemberData(nameof(ForbiddenPairs))]
    public void Forbidden_transition_is_refused_and_leaves_the_ticket_unchanged(TicketStatus from, TicketStatus to)
    {
        Assert.False(TicketStateMachine.CanMove(from, to));
        if (!IsReachableAfterRegistration(from))
        {
            return;
        }
        var ticket = TicketIn(from);
        var historyBefore = ticket.StatusChangeHistory.Count;
        var changedBefore = ticket.StatusChangeDate;

        Assert.False(ticket.TryMoveTo(to, "because", Now.AddHours(1)));

        Assert.Equal(from, ticket.Status);
        Assert.Equal(changedBefore, ticket.StatusChangeDate);
        Assert.Equal(historyBefore, ticket.StatusChangeHistory.Count);
    }

    [Theory]
    [InlineData(TicketStatus.Closed)]
    [InlineData(TicketStatus.Cancelled)]
    [InlineData(TicketStatus.Rejected)]
    public void Final_statuses_have_no_way_out(TicketStatus status)
    {
        Assert.True(TicketStateMachine.IsFinal(status));
        Assert.Empty(TicketStateMachine.AllowedFrom(status));
    }

    [Fact]
    public void Only_registration_or_an_acknowledged_ticket_leads_into_rejected_and_nothing_into_submitted()
    {
        foreach (var from in Enum.GetValues<TicketStatus>().Where(s => s is not (TicketStatus.Submitted or TicketStatus.Acknowledged)))
        {
            Assert.False(TicketStateMachine.CanMove(from, TicketStatus.Rejected));
        }
        foreach (var from in Enum.GetValues<TicketStatus>())
        {
            Assert.False(TicketStateMachine.CanMove(from, TicketStatus.Submitted));
        }
    }

    [Fact]
    public void Registration_acknowledges_a_valid_report_and_records_the_step()
    {
        var ticket = TroubleTicket.Register(Reports.Hall(), Now, reporterPartnerId: null, Reports.PhoneRef);

        Assert.Equal(TicketStatus.Acknowledged, ticket.Status);
        Assert.StartsWith("tt_", ticket.TicketId, StringComparison.Ordinal);
        Assert.Equal(3 + 32, ticket.TicketId.Length);
        Assert.Equal(Now, ticket.CreatedAt);
        Assert.Equal(Now, ticket.StatusChangeDate);
        Assert.Equal(TroubleTicket.RegisteredReason, ticket.StatusChangeReason);
        Assert.Equal([new TicketStatusChange(TicketStatus.Submitted, TicketStatus.Acknowledged, Now, TroubleTicket.RegisteredReason)],
            ticket.StatusChangeHistory);
    }

    [Theory]
    [InlineData(TicketStatus.InProgress, "inProgress")]
    [InlineData(TicketStatus.Acknowledged, "acknowledged")]
    [InlineData(TicketStatus.Resolved, "resolved")]
    public void Public_status_names_are_the_tmf621_names(TicketStatus status, string name)
    {
        Assert.Equal(name, status.ToWire());
        Assert.True(TicketStatusNames.TryParsePublic(name, out var parsed));
        Assert.Equal(status, parsed);
    }

    [Theory]
    [InlineData("submitted")]
    [InlineData("done")]
    [InlineData("")]
    [InlineData(null)]
    public void Submitted_and_unknown_names_are_not_public_statuses(string? name)
    {
        Assert.False(TicketStatusNames.TryParsePublic(name, out _));
        Assert.DoesNotContain(name, TicketStatusNames.Public);
    }

    private static bool IsReachableAfterRegistration(TicketStatus status) =>
        status is not TicketStatus.Submitted;

    /// <summary>Walks a freshly registered ticket along allowed transitions to reach <paramref name="status"/>.</summary>
    private static TroubleTicket TicketIn(TicketStatus status)
    {
        var ticket = TroubleTicket.Register(Reports.Hall(), Now, reporterPartnerId: null, Reports.PhoneRef);
        TicketStatus[] path = status switch
        {
            TicketStatus.Acknowledged => [],
            TicketStatus.InProgress or TicketStatus.Held or TicketStatus.Pending or TicketStatus.Cancelled or TicketStatus.Rejected => [status],
            TicketStatus.Resolved => [TicketStatus.InProgress, TicketStatus.Resolved],
            TicketStatus.Closed => [TicketStatus.InProgress, TicketStatus.Resolved, TicketStatus.Closed],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var step in path)
        {
            Assert.True(ticket.TryMoveTo(step, "setup", Now));
        }
        Assert.Equal(status, ticket.Status);
        return ticket;
    }
}
