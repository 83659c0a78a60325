using HallPlatform.Complaint.Domain;
using Xunit;
using static HallPlatform.Complaint.Domain.ComplaintStatus;

namespace HallPlatform.Complaint.Tests;

public sealed class ComplaintLifecycleTests
{
    // Every cell written out independently of the domain table (x allowed, . forbidden): ISO 10002 receive ->
    // acknowledge -> assess -> assign -> investigate -> respond -> confirm (closed / reopened / escalated); breach or
    // a supervisor's call escalates; a duplicate closes (merged) from any open state after receipt; withdraw from any
    // non-final state. To "closed" means: closed with at least one outcome (table below).
    private static readonly TransitionTable<ComplaintStatus, ComplaintStatus> Table = new(
        [Received, Acknowledged, Assessed, Assigned, Investigating, Responded, Escalated, Reopened, Closed, Withdrawn],
        // from \ to     Rcv Ack Ass Asg Inv Rsp Esc Reo Clo Wdr
        (Received,      " .   x   .   .   .   .   .   .   .   x "),
        (Acknowledged,  " .   .   x   .   .   .   x   .   x   x "),
        (Assessed,      " .   .   .   x   .   .   x   .   x   x "),
        (Assigned,      " .   .   .   .   x   x   x   .   x   x "),
        (Investigating, " .   .   .   .   .   x   x   .   x   x "),
        (Responded,     " .   .   .   .   .   .   x   x   x   x "),
        (Escalated,     " .   .   .   x   x   x   .   .   x   x "),
        (Reopened,      " .   .   .   x   x   x   x   .   x   x "),
        (Closed,        " .   .   .   .   .   .   .   .   .   . "),
        (Withdrawn,     " .   .   .   .   .   .   .   .   .   . "));

    // Which outcomes a close may carry from which status, written out: the customer's answer (or its absence) only
    // after a response; merged from every other open state after receipt.
    private static readonly TransitionTable<ComplaintStatus, ComplaintOutcome> Closing = new(
        [ComplaintOutcome.Satisfied, ComplaintOutcome.Unconfirmed, ComplaintOutcome.Merged],
        // from \ outcome Sat Unc Mrg
        (Received,      " .   .   . "),
        (Acknowledged,  " .   .   x "),
        (Assessed,      " .   .   x "),
        (Assigned,      " .   .   x "),
        (Investigating, " .   .   x "),
        (Responded,     " x   x   . "),
        (Escalated,     " .   .   x "),
        (Reopened,      " .   .   x "),
        (Closed,        " .   .   . "),
        (Withdrawn,     " .   .   . "));

    // How to reach each status from a freshly registered (acknowledged) complaint.
    private static readonly Dictionary<ComplaintStatus, ComplaintStatus[]> PathFromAcknowledged = new()
    {
        [Acknowledged] = [],
        [Assessed] = [Assessed],
        [Assigned] = [Assessed, Assigned],
        [Investigating] = [Assessed, Assigned, Investigating],
        [Responded] = [Assessed, Assigned, Investigating, Responded],
        [Escalated] = [Assessed, Escalated],
        [Reopened] = [Assessed, Assigned, Investigating, Responded, Reopened],
        [Withdrawn] = [Withdrawn],
    };

    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 30, 0, TimeSpan.Zero);

    /// <summary>
    /// Every written cell whose from-status an entity can be in: a registered complaint is already acknowledged,
    /// never received.
    /// </summary>
    public static TheoryData<ComplaintStatus, ComplaintStatus, bool> EveryReachablePair()
    {
        var data = new TheoryData<ComplaintStatus, ComplaintStatus, bool>();
        foreach (var (from, to, mark) in Table.Cells.Where(cell => PathFromAcknowledged.ContainsKey(cell.From)))
        {
            data.Add(from, to, mark == TransitionTable<ComplaintStatus, ComplaintStatus>.Allowed);
        }
        return data;
    }

    [Fact]
    public void The_table_writes_every_pair_of_statuses_once() => Table.AssertCoversEveryPairOnce();

    [Fact]
    public void Transition_table_allows_exactly_the_ISO_10002_moves() => Table.AssertDomainAllowsExactly(ComplaintLifecycle.CanMove);

    [Fact]
    public void The_closing_table_writes_every_pair_once() => Closing.AssertCoversEveryPairOnce();

    [Fact]
    public void Closing_allows_exactly_the_written_outcomes() => Closing.AssertDomainAllowsExactly(ComplaintLifecycle.CanClose);

    public static TheoryData<ComplaintStatus, ComplaintOutcome, bool> EveryReachableClose()
    {
        var data = new TheoryData<ComplaintStatus, ComplaintOutcome, bool>();
        foreach (var (from, outcome, mark) in Closing.Cells.Where(cell => PathFromAcknowledged.ContainsKey(cell.From)))
        {
            data.Add(from, outcome, mark == TransitionTable<ComplaintStatus, ComplaintOutcome>.Allowed);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryReachableClose))]
    public void A_complaint_closes_only_with_an_allowed_outcome(ComplaintStatus from, ComplaintOutcome outcome, bool allowed)
    {
        var complaint = ComplaintIn(from);
        var later = Now.AddHours(2);

        var closed = complaint.Close(outcome, "why", later, "usr_x");

        Assert.Equal(allowed, closed);
        Assert.Equal(allowed ? Closed : from, complaint.Status);
        Assert.Equal(allowed ? outcome : null, complaint.Outcome);
        Assert.Equal(allowed ? later : null, complaint.ClosedAt);
        if (allowed)
        {
            var last = complaint.StatusChangeHistory[^1];
            Assert.Equal((from, Closed, later, "why", "usr_x"), (last.From, last.To, last.At, last.Note, last.By));
        }
    }

    [Theory]
    [MemberData(nameof(EveryReachablePair))]
    public void A_complaint_moves_only_along_allowed_transitions(ComplaintStatus from, ComplaintStatus to, bool allowed)
    {
        var complaint = ComplaintIn(from);
        var historyBefore = complaint.StatusChangeHistory.Count;
        var later = Now.AddHours(1);

        // Closing goes through Close with an outcome allowed from here (the closing table), any other move through MoveTo.
        var moved = to == Closed
            ? Enum.GetValues<ComplaintOutcome>().Any(outcome => ComplaintLifecycle.CanClose(from, outcome) && complaint.Close(outcome, "note", later, "usr_x"))
            : complaint.MoveTo(to, "note", later, "usr_x");

        Assert.Equal(allowed, moved);
        if (allowed)
        {
            Assert.Equal(to, complaint.Status);
            Assert.Equal(later, complaint.StatusChangedAt);
            var last = complaint.StatusChangeHistory[^1];
            Assert.Equal((from, to, later, "note", "usr_x"), (last.From, last.To, last.At, last.Note, last.By));
            Assert.Equal(historyBefore + 1, complaint.StatusChangeHistory.Count);
        }
        else
        {
            Assert.Equal(from, complaint.Status);
            Assert.Equal(historyBefore, complaint.StatusChangeHistory.Count);
        }
    }

    [Theory]
    [InlineData(Closed, true)]
    [InlineData(Withdrawn, true)]
    [InlineData(Received, false)]
    [InlineData(Acknowledged, false)]
    [InlineData(Assessed, false)]
    [InlineData(Assigned, false)]
    [InlineData(Investigating, false)]
    [InlineData(Responded, false)]
    [InlineData(Escalated, false)]
    [InlineData(Reopened, false)]
    public void Only_closed_and_withdrawn_are_final(ComplaintStatus status, bool final) =>
        Assert.Equal(final, ComplaintLifecycle.IsFinal(status));

    [Fact]
    public void Receiving_acknowledges_at_once_and_sets_the_15_day_deadline()
    {
        var complaint = CustomerComplaint.Receive("cmp_1", Submission(), Now);

        Assert.Equal(Acknowledged, complaint.Status);
        Assert.Equal(Now, complaint.ReceivedAt);
        Assert.Equal(Now, complaint.AcknowledgedAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 16, 8, 30, 0, TimeSpan.Zero), complaint.ResponseDueAt);
        var step = Assert.Single(complaint.StatusChangeHistory);
        Assert.Equal((Received, Acknowledged, Now), (step.From, step.To, step.At));
    }

    [Fact]
    public void Reopening_keeps_the_whole_history()
    {
        var complaint = ComplaintIn(Responded);
        Assert.True(complaint.MoveTo(Reopened, "Customer not satisfied", Now.AddDays(2), "usr_h"));
        Assert.True(complaint.MoveTo(Investigating, null, Now.AddDays(2), "usr_h"));
        Assert.True(complaint.MoveTo(Responded, null, Now.AddDays(3), "usr_h"));
        Assert.True(complaint.Close(ComplaintOutcome.Satisfied, null, Now.AddDays(4), "usr_h"));

        Assert.Equal(
            [Acknowledged, Assessed, Assigned, Investigating, Responded, Reopened, Investigating, Responded, Closed],
            complaint.StatusChangeHistory.Select(change => change.To));
    }

    [Fact]
    public void A_retry_matches_only_identical_content()
    {
        var complaint = CustomerComplaint.Receive("cmp_1", Submission(), Now);

        Assert.True(complaint.WasRegisteredWith(Submission()));
        Assert.False(complaint.WasRegisteredWith(Submission() with { Subject = "Other" }));
        Assert.False(complaint.WasRegisteredWith(Submission() with { Category = ComplaintCategory.Network }));
        Assert.False(complaint.WasRegisteredWith(Submission() with { CustomerPhone = "13900000000" }));
    }

    [Fact]
    public void Ids_are_prefixed_and_unique()
    {
        var first = CustomerComplaint.NewId();
        Assert.StartsWith("cmp_", first, StringComparison.Ordinal);
        Assert.Equal(36, first.Length);
        Assert.NotEqual(first, CustomerComplaint.NewId());
    }

    private static ComplaintSubmission Submission() => new(
        ComplaintChannel.Phone, "ext-1", "Overcharged", "Billed twice for roaming", "Refund", ComplaintCategory.Billing, "hall-001", "13812345678");

    private static CustomerComplaint ComplaintIn(ComplaintStatus status)
    {
        var complaint = CustomerComplaint.Receive("cmp_1", Submission(), Now);
        var at = Now;
        foreach (var step in PathFromAcknowledged[status])
        {
            at = at.AddMinutes(1);
            Assert.True(complaint.MoveTo(step, null, at));
        }
        return complaint;
    }
}
