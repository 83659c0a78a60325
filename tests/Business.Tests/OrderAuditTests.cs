using System.Diagnostics;
using System.Text.Json;
using HallPlatform.Business.Application;
using HallPlatform.Business.Domain;
using HallPlatform.Audit;
using HallPlatform.Identity;

namespace HallPlatform.Business.Tests;

/// <summary>The "order opened" entry the group-commit insert writes: described by the shared AuditTrail.</summary>
public sealed class OrderAuditTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private sealed class FixedCaller(HallCaller caller) : IHallCallerAccessor
    {
        public HallCaller Current => caller;
    }

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }

    // Describe never touches the context: an unconfigured one is enough.
    private static AuditTrail TrailFor(HallCaller caller) =>
        new(new Microsoft.EntityFrameworkCore.DbContext(new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder().Options),
            new FixedCaller(caller), new FixedTime());

    private static Order NewOrder() => Order.Open(new OpenOrderCommand("vis_1", "hall-001", "A", "counter-3", "A017"), Now);

    [Fact]
    public void The_opened_entry_names_the_caller_the_order_and_its_state()
    {
        var order = NewOrder();
        using var activity = new Activity("open-order").Start();

        var entry = OrderAudit.Opened(order, TrailFor(TestCallers.Staff("agent-7", HallRoles.CounterAgent, "hall-001")));

        Assert.Equal((Now, "staff", "agent-7", "127.0.0.1"), (entry.OccurredAt, entry.ActorKind, entry.ActorId, entry.ClientAddress));
        Assert.Equal((OrderAudit.OpenedAction, OrderAudit.RecordType), (entry.Action, entry.RecordType));
        Assert.Equal(activity.TraceId.ToHexString(), entry.TraceId);
        using var after = JsonDocument.Parse(entry.After);
        Assert.Equal("acknowledged", after.RootElement.GetProperty("state").GetString());
        Assert.Equal("vis_1", after.RootElement.GetProperty("visitId").GetString());
        Assert.Equal("hall-001", after.RootElement.GetProperty("hallId").GetString());
    }

    [Fact]
    public void Overlong_caller_values_are_cut_to_the_column_lengths()
    {
        var caller = new HallCaller(CallerKind.Service, new string('s', 300), [], [HallCaller.AllHalls], [], new string('a', 100));

        var entry = OrderAudit.Opened(NewOrder(), TrailFor(caller));

        Assert.Equal("service", entry.ActorKind);
        Assert.Equal(AuditEntry.MaxActorIdLength, entry.ActorId.Length);
        Assert.Equal(AuditEntry.MaxClientAddressLength, entry.ClientAddress!.Length);
    }
}
