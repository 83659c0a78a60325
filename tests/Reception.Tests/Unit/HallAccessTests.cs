using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Application.Queue;
using HallPlatform.Reception.Domain;
using HallPlatform.Identity;

namespace HallPlatform.Reception.Tests.Unit;

/// <summary>Who sees which hall's records, and who sees the customer in clear.</summary>
public sealed class HallAccessTests
{
    private const string Hall = "hall-001";

    private sealed class FixedCaller(HallCaller caller) : IHallCallerAccessor
    {
        public HallCaller Current => caller;
    }

    private static HallAccess For(HallCaller caller) => new(new FixedCaller(caller));

    public static TheoryData<string, bool> Roles() => new()
    {
        { HallRoles.Receptionist, true },
        { HallRoles.Supervisor, true },
        { HallRoles.Administrator, true },
        { HallRoles.CounterAgent, false },
        { HallRoles.Technician, false },
        { HallRoles.ComplaintHandler, false },
        { HallRoles.QualityAnalyst, false },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public void Staff_of_the_hall_work_in_it_and_only_the_identifying_roles_see_the_customer_in_clear(string role, bool inClear)
    {
        var access = For(TestCallers.Staff("s-1", role, Hall));
        Assert.Equal((true, true, inClear), (access.MayWorkIn(Hall), access.MayRead(Hall), access.MaySeePersonalData(Hall)));
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public void Staff_of_another_hall_neither_work_in_it_nor_read_it_nor_see_the_customer(string role, bool _)
    {
        var access = For(TestCallers.Staff("s-2", role, "hall-2"));
        Assert.Equal((false, false, false), (access.MayWorkIn(Hall), access.MayRead(Hall), access.MaySeePersonalData(Hall)));
    }

    [Fact]
    public void Staff_of_every_hall_pass_everywhere()
    {
        var access = For(TestCallers.Administrator);
        Assert.Equal((true, true, true), (access.MayWorkIn("hall-9"), access.MayRead("hall-9"), access.MaySeePersonalData("hall-9")));
    }

    [Fact]
    public void Anonymous_callers_read_by_id_but_never_work_in_a_hall_or_see_the_customer()
    {
        var access = For(TestCallers.Anonymous);
        Assert.Equal((false, true, false), (access.MayWorkIn(Hall), access.MayRead(Hall), access.MaySeePersonalData(Hall)));
    }

    [Fact]
    public void Services_pass_the_hall_scope_but_do_not_see_the_customer_in_clear()
    {
        var access = For(new HallCaller(CallerKind.Service, "business", [], [], [], null));
        Assert.Equal((true, true, false), (access.MayWorkIn(Hall), access.MayRead(Hall), access.MaySeePersonalData(Hall)));
    }

    [Fact]
    public void Partners_have_no_hall()
    {
        var access = For(TestCallers.Partner("p-1", PartnerScopes.ReportFaults));
        Assert.Equal((false, false, false), (access.MayWorkIn(Hall), access.MayRead(Hall), access.MaySeePersonalData(Hall)));
    }

    [Fact]
    public void Every_visit_transition_has_its_own_audit_action_name()
    {
        var names = Enum.GetValues<VisitAction>().Select(ReceptionAudit.VisitAction).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, name => Assert.Matches("^visit\\.[a-z-]+$", name));
        Assert.DoesNotContain(CallNextHandling.CalledAction, names);
    }
}
