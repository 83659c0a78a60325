using CsCheck;
using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Tests.Unit;

/// <summary>
/// "Trained before serving": which of a counter's service types its agent may be given now. Stated as an explicit
/// table (requirement x qualification -> outcome), then as properties over random counters.
/// </summary>
public sealed class TrainingGateTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 15, 9, 0, 0, TimeSpan.Zero);

    /// <summary>requirement (none/block/warn), qualification (none, no expiry, valid, expires now, expired), expected.</summary>
    public static TheoryData<string, string, string> Cells => new()
    {
        { "none", "none", "allowed" },
        { "none", "expired", "allowed" },
        { "none", "forever", "allowed" },
        { "block", "none", "blocked" },
        { "block", "expired", "blocked" },
        { "block", "valid", "allowed" },
        { "block", "forever", "allowed" },
        { "block", "until-now", "allowed" },
        { "warn", "none", "warned" },
        { "warn", "expired", "warned" },
        { "warn", "valid", "allowed" },
        { "warn", "forever", "allowed" },
        { "warn", "until-now", "allowed" },
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public void Each_requirement_and_qualification_gives_the_expected_outcome(string requirement, string qualification, string expected)
    {
        var requirements = new Dictionary<string, TrainingMode>();
        if (requirement != "none")
        {
            requirements["plan-change"] = requirement == "block" ? TrainingMode.Block : TrainingMode.Warn;
        }
        var qualified = new Dictionary<string, DateTimeOffset?>();
        switch (qualification)
        {
            case "forever": qualified["plan-change"] = null; break;
            case "valid": qualified["plan-change"] = Now.AddDays(30); break;
            case "until-now": qualified["plan-change"] = Now; break;
            case "expired": qualified["plan-change"] = Now.AddMilliseconds(-1); break;
        }

        var check = TrainingGate.Check(["new-line", "plan-change"], requirements, qualified, Now);

        var outcome = check.IsBlocked("plan-change") ? "blocked" : check.IsWarned("plan-change") ? "warned" : "allowed";
        Assert.Equal(expected, outcome);
        Assert.Equal(expected == "blocked" ? ["new-line"] : new[] { "new-line", "plan-change" }, check.Allowed);
    }

    [Fact]
    public void A_qualification_for_another_type_does_not_count()
    {
        var check = TrainingGate.Check(["billing", "plan-change"],
            new Dictionary<string, TrainingMode> { ["plan-change"] = TrainingMode.Block, ["billing"] = TrainingMode.Warn },
            new Dictionary<string, DateTimeOffset?> { ["new-line"] = null }, Now);

        Assert.Equal(["billing"], check.Allowed);
        Assert.Equal(["plan-change"], check.Blocked);
        Assert.Equal(["billing"], check.Warned);
    }

    private static readonly string[] Types = ["new-line", "plan-change", "billing", "fault-report", "complaint"];

    private sealed record Case(string[] Served, Dictionary<string, TrainingMode> Requirements, Dictionary<string, DateTimeOffset?> Qualified);

    private static readonly Gen<Case> Cases =
        Gen.Select(
            Gen.Int[0, 31],
            Gen.Int[0, 2].Array[Types.Length],
            Gen.Int[0, 3].Array[Types.Length],
            (servedMask, modes, qualifications) =>
            {
                var served = Types.Where((_, i) => (servedMask & (1 << i)) != 0).ToArray();
                var requirements = new Dictionary<string, TrainingMode>();
                var qualified = new Dictionary<string, DateTimeOffset?>();
                for (var i = 0; i < Types.Length; i++)
                {
                    if (modes[i] > 0)
                    {
                        requirements[Types[i]] = modes[i] == 1 ? TrainingMode.Block : TrainingMode.Warn;
                    }
                    switch (qualifications[i])
                    {
                        case 1: qualified[Types[i]] = null; break;
                        case 2: qualified[Types[i]] = Now.AddHours(1); break;
                        case 3: qualified[Types[i]] = Now.AddHours(-1); break;
                    }
                }
                return new Case(served, requirements, qualified);
            });

    [Fact]
    public void The_allowed_and_blocked_types_split_the_served_ones_and_only_unmet_requirements_restrict()
    {
        Cases.Sample(c =>
        {
            var check = TrainingGate.Check(c.Served, c.Requirements, c.Qualified, Now);

            // Every served type is either allowed or blocked, never both, in the counter's order.
            Assert.Equal(c.Served.Where(t => !check.Blocked.Contains(t)), check.Allowed);
            Assert.Equal(c.Served.Length, check.Allowed.Count + check.Blocked.Count);
            Assert.All(check.Warned, t => Assert.Contains(t, check.Allowed));
            foreach (var type in c.Served)
            {
                var met = c.Qualified.TryGetValue(type, out var until) && (until is null || until >= Now);
                var expected = !c.Requirements.TryGetValue(type, out var mode) || met ? "allowed"
                    : mode == TrainingMode.Block ? "blocked" : "warned";
                var actual = check.IsBlocked(type) ? "blocked" : check.IsWarned(type) ? "warned" : "allowed";
                Assert.True(expected == actual, $"{type}: expected {expected}, got {actual}");
            }
        });
    }

    [Fact]
    public void Without_requirements_every_served_type_is_allowed_without_warnings()
    {
        Cases.Sample(c =>
        {
            var check = TrainingGate.Check(c.Served, new Dictionary<string, TrainingMode>(), c.Qualified, Now);

            Assert.Equal(c.Served, check.Allowed);
            Assert.Empty(check.Blocked);
            Assert.Empty(check.Warned);
        });
    }
}
