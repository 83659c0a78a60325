using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using HallPlatform.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>
/// Reconciliation while the hall keeps working: a check-in or a call changes Redis a moment before PostgreSQL (or the
/// reverse), so a difference seen once may be a change on its way. Only lasting differences on untouched tickets are
/// repaired.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ReconciliationTests(RealServersFixture servers)
{
    private static readonly string ReconcileUrl = $"/api/v1/halls/{ReceptionApp.Hall}/reconcile";
    // Well inside the default settle time (1 s) and well after the first comparison.
    private static readonly TimeSpan WhileReconciling = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task A_call_recorded_while_reconciliation_compares_is_not_put_back_into_the_queue()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var visitId = (await app.CheckInAsync(client, "billing")).GetProperty("visitId").GetString()!;
        var queue = app.Services.GetRequiredService<QueueStore>();

        // The counter's script has taken the ticket; its row is not recorded as called yet.
        var ticket = await queue.CallNextAsync(ReceptionApp.Hall, "c05", ["billing"], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), new FairnessSettings(2, 900));
        Assert.Equal(visitId, ticket?.VisitId);
        var reconcile = ReceptionApp.PostOkAsync(client, ReconcileUrl);
        await Task.Delay(WhileReconciling);
        await app.ExecuteSqlAsync($"UPDATE visits SET status = 'called', counter_id = 'c05' WHERE id = '{visitId}'");

        var result = await reconcile;
        Assert.Equal(0, result.GetProperty("restored").GetInt32());
        Assert.Equal(0L, await app.QueueLengthAsync("billing"));
        Assert.Equal("called", await queue.TicketStatusAsync(ReceptionApp.Hall, visitId));
    }

    [Fact]
    public async Task A_ticket_put_back_while_reconciliation_compares_is_not_removed_from_the_queue()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var visitId = (await app.CheckInAsync(client, "billing")).GetProperty("visitId").GetString()!;
        _ = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/call-next");
        var queue = app.Services.GetRequiredService<QueueStore>();

        // The ticket is back in Redis; PostgreSQL still says called and will say waiting a moment later.
        Assert.True(await queue.ReturnToQueueAsync(ReceptionApp.Hall, visitId, "billing", PriorityClass.Normal, "c05"));
        var reconcile = ReceptionApp.PostOkAsync(client, ReconcileUrl);
        await Task.Delay(WhileReconciling);
        await app.ExecuteSqlAsync($"UPDATE visits SET status = 'waiting', counter_id = NULL WHERE id = '{visitId}'");

        var result = await reconcile;
        Assert.Equal(0, result.GetProperty("removed").GetInt32());
        Assert.Equal(1L, await app.QueueLengthAsync("billing"));
        var next = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/call-next");
        Assert.Equal(visitId, next.GetProperty("visitId").GetString());
    }

    [Fact]
    public async Task Lasting_differences_are_repaired_a_lost_call_goes_back_and_a_stale_entry_goes()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var lostCall = (await app.CheckInAsync(client, "billing")).GetProperty("visitId").GetString()!;
        var served = (await app.CheckInAsync(client, "plan-change")).GetProperty("visitId").GetString()!;
        var queue = app.Services.GetRequiredService<QueueStore>();

        // A call whose answer never came back: Redis says called, the record still says waiting.
        var ticket = await queue.CallNextAsync(ReceptionApp.Hall, "c05", ["billing"], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), new FairnessSettings(2, 900));
        Assert.Equal(lostCall, ticket?.VisitId);
        // Redis restored from an older state: a ticket the record says was called is queued again.
        _ = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/call-next");
        Assert.True(await queue.ReturnToQueueAsync(ReceptionApp.Hall, served, "plan-change", PriorityClass.Normal, "c05"));

        var result = await ReceptionApp.PostOkAsync(client, ReconcileUrl);
        Assert.Equal(1, result.GetProperty("restored").GetInt32());
        Assert.Equal(1, result.GetProperty("removed").GetInt32());
        Assert.Equal(1, result.GetProperty("waitingVisits").GetInt32());
        var membership = await app.QueueMembershipAsync();
        Assert.Equal([lostCall], membership.Keys);
        Assert.Equal([QueueKeys.Queue(ReceptionApp.Hall, "billing")], membership[lostCall]);
        Assert.Equal("waiting", await queue.TicketStatusAsync(ReceptionApp.Hall, lostCall));
    }

    [Fact]
    public async Task A_repair_is_not_applied_to_a_ticket_changed_since_it_was_looked_at()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var visitId = (await app.CheckInAsync(client, "billing")).GetProperty("visitId").GetString()!;
        var queue = app.Services.GetRequiredService<QueueStore>();
        var visit = await app.StoredVisitAsync(visitId);
        var seen = (await queue.TicketRevisionsAsync(ReceptionApp.Hall, [visitId]))[visitId];
        Assert.NotEqual("", seen);

        // A counter takes the ticket after reconciliation looked: neither repair may act on what it saw.
        var ticket = await queue.CallNextAsync(ReceptionApp.Hall, "c05", ["billing"], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), new FairnessSettings(2, 900));
        Assert.Equal(visitId, ticket?.VisitId);
        Assert.False(await queue.PlaceIfUnchangedAsync(visit, ReceptionApp.ServiceTypes, seen));
        Assert.Equal(0L, await app.QueueLengthAsync("billing"));

        var now = (await queue.TicketRevisionsAsync(ReceptionApp.Hall, [visitId]))[visitId];
        Assert.NotEqual(seen, now);
        Assert.True(await queue.ReturnToQueueAsync(ReceptionApp.Hall, visitId, "billing", PriorityClass.Normal, "c05"));
        Assert.False(await queue.RemoveEntryIfUnchangedAsync(ReceptionApp.Hall, QueueKeys.Queue(ReceptionApp.Hall, "billing"), visitId, now));
        Assert.Equal(1L, await app.QueueLengthAsync("billing"));

        // Unchanged since looked at: the repair is applied.
        var current = (await queue.TicketRevisionsAsync(ReceptionApp.Hall, [visitId]))[visitId];
        Assert.True(await queue.RemoveEntryIfUnchangedAsync(ReceptionApp.Hall, QueueKeys.Queue(ReceptionApp.Hall, "billing"), visitId, current));
        Assert.Equal(0L, await app.QueueLengthAsync("billing"));
    }
}
