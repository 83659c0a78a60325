using HallPlatform.Identity;
using Microsoft.AspNetCore.Http;

namespace HallPlatform.Platform.Tests;

/// <summary>Work done for another caller (an event's producer) is that caller's, and only inside its scope.</summary>
public sealed class ActingCallerTests
{
    [Fact]
    public async Task The_acting_service_wins_over_the_request_caller_inside_its_scope_and_the_request_caller_returns_after()
    {
        var staff = new HallCaller(CallerKind.Staff, "usr_wang", [HallRoles.CounterAgent], ["hall-001"], [], "10.0.0.7");
        var context = new DefaultHttpContext();
        context.Features.Set(staff);
        var accessor = new HttpContextHallCallerAccessor(new HttpContextAccessor { HttpContext = context });

        Assert.Same(staff, accessor.Current);
        using (ActingCaller.AsService("business"))
        {
            await Task.Yield();
            var acting = accessor.Current;
            Assert.Equal((CallerKind.Service, "business", true), (acting.Kind, acting.Id, acting.CanSeeHall("hall-009")));
            using (ActingCaller.AsService("fault"))
            {
                Assert.Equal("fault", accessor.Current.Id);
            }
            Assert.Equal("business", accessor.Current.Id);
        }
        Assert.Same(staff, accessor.Current);
    }

    [Fact]
    public void Outside_a_request_and_any_acting_scope_the_caller_is_anonymous()
    {
        var accessor = new HttpContextHallCallerAccessor(new HttpContextAccessor());
        Assert.Equal(CallerKind.Anonymous, accessor.Current.Kind);
        Assert.Throws<ArgumentException>(() => ActingCaller.AsService(" "));
    }
}
