using HallPlatform.Quality.Domain;
using Xunit;
using static HallPlatform.Quality.Domain.FollowUpStatus;

namespace HallPlatform.Quality.Tests;

public sealed class FollowUpStateMachineTests
{
    /// <summary>The follow-up lifecycle from docs/quality.md, every cell written out by hand: x allowed, . forbidden.</summary>
    private static readonly TransitionTable<FollowUpStatus, FollowUpStatus> Table = new(
        [Planned, Ready, Invited, Skipped, Claimed, Reached, Refused, Unreachable],
        // from \ to   Pln Rdy Inv Skp Clm Rch Ref Unr
        (Planned,     " .   x   x   x   .   .   .   . "),
        (Ready,       " .   .   .   .   x   .   .   . "),
        (Invited,     " .   .   .   .   .   x   .   . "),
        (Skipped,     " .   .   .   .   .   .   .   . "),
        (Claimed,     " .   x   .   .   .   x   x   x "),
        (Reached,     " .   .   .   .   .   .   .   . "),
        (Refused,     " .   .   .   .   .   .   .   . "),
        (Unreachable, " .   .   .   .   .   .   .   . "));

    public static TheoryData<FollowUpStatus, FollowUpStatus> AllowedPairs() => Table.AllowedCells();

    public static TheoryData<FollowUpStatus, FollowUpStatus> ForbiddenPairs() => Table.ForbiddenCells();

    [Fact]
    public void The_table_writes_every_pair_of_states_once() => Table.AssertCoversEveryPairOnce();

    [Fact]
    public void The_state_machine_allows_exactly_what_the_table_allows() => Table.AssertDomainAllowsExactly(FollowUpStateMachine.CanMove);

    [Theory]
    [MemberData(nameof(AllowedPairs))]
    public void An_allowed_move_changes_the_status(FollowUpStatus from, FollowUpStatus to)
    {
        var followUp = In(from);

        Assert.True(followUp.TryMoveTo(to));

        Assert.Equal(to, followUp.Status);
    }

    [Theory]
    [MemberData(nameof(ForbiddenPairs))]
    public void A_forbidden_move_changes_nothing(FollowUpStatus from, FollowUpStatus to)
    {
        var followUp = In(from);

        Assert.False(followUp.TryMoveTo(to));

        Assert.Equal(from, followUp.Status);
    }

    [Theory]
    [InlineData(Skipped)]
    [InlineData(Reached)]
    [InlineData(Refused)]
    [InlineData(Unreachable)]
    public void End_states_are_final(FollowUpStatus state) => Assert.True(FollowUpStateMachine.IsFinal(state));

    private static FollowUp In(FollowUpStatus status) => new()
    {
        FollowUpId = "fu_1", CaseKind = CaseType.Visit, CaseId = "vis_1", ContactCaseId = "vis_1", Status = status,
    };
}
