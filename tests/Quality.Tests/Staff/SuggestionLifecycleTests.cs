using HallPlatform.Quality.Staff.Domain;
using Xunit;
using static HallPlatform.Quality.Staff.Domain.SuggestionStatus;

namespace HallPlatform.Quality.Tests.Staff;

public sealed class SuggestionLifecycleTests
{
    // Written out by hand: submitted -> triaged -> accepted | rejected; accepted -> implemented; rejected and implemented final.
    private static readonly TransitionTable<SuggestionStatus, SuggestionStatus> Table = new(
        [Submitted, Triaged, Accepted, Rejected, Implemented],
        // from \ to    Sub Tri Acc Rej Imp
        (Submitted,   " .   x   .   .   . "),
        (Triaged,     " .   .   x   x   . "),
        (Accepted,    " .   .   .   .   x "),
        (Rejected,    " .   .   .   .   . "),
        (Implemented, " .   .   .   .   . "));

    private static readonly Dictionary<SuggestionStatus, SuggestionStatus[]> PathFromSubmitted = new()
    {
        [Submitted] = [],
        [Triaged] = [Triaged],
        [Accepted] = [Triaged, Accepted],
        [Rejected] = [Triaged, Rejected],
        [Implemented] = [Triaged, Accepted, Implemented],
    };

    private static readonly DateTimeOffset Now = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<SuggestionStatus, SuggestionStatus, bool> EveryPair()
    {
        var data = new TheoryData<SuggestionStatus, SuggestionStatus, bool>();
        foreach (var (from, to, mark) in Table.Cells)
        {
            data.Add(from, to, mark == TransitionTable<SuggestionStatus, SuggestionStatus>.Allowed);
        }
        return data;
    }

    [Fact]
    public void The_table_writes_every_pair_of_statuses_once() => Table.AssertCoversEveryPairOnce();

    [Fact]
    public void The_lifecycle_allows_exactly_the_tables_moves() => Table.AssertDomainAllowsExactly(SuggestionLifecycle.CanMove);

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void An_item_moves_only_along_allowed_transitions(SuggestionStatus from, SuggestionStatus to, bool allowed)
    {
        var suggestion = Suggestion.FromStaff("sug_1", "hall-001", "usr_wang", "Second printer", "Queue at the printer.", Now);
        var at = Now;
        foreach (var step in PathFromSubmitted[from])
        {
            at = at.AddHours(1);
            Assert.True(suggestion.MoveTo(step, "usr_li", FeedbackCategory.Facilities, "ok", at));
        }
        var later = at.AddDays(1);

        var moved = suggestion.MoveTo(to, "usr_chief", FeedbackCategory.Process, "answer", later);

        Assert.Equal(allowed, moved);
        Assert.Equal(allowed ? to : from, suggestion.Status);
        Assert.Equal(allowed ? later : at, suggestion.StatusChangedAt);
        Assert.Equal(allowed ? "usr_chief" : PathFromSubmitted[from].Length == 0 ? null : "usr_li", suggestion.LastChangedBy);
    }
}
