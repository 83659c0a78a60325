using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using HallPlatform.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>
/// Reconciliation reads the waiting visits from PostgreSQL, then repairs Redis. A counter's call that lands between
/// the two (Redis says called, its visit row is still being written) must stand; a call whose write never came is
/// repaired once it is older than the in-flight window.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ReconciliationRaceTests(RealServersFixture servers)
{
    // 09:00 in Shanghai on 2025-03-01.
    private static readonly DateTimeOffset Opening = new(2025, 3, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_ticket_called_while_its_call_is_being_recorded_is_not_put_back_until_the_call_is_clearly_lost()
    {
        var clock = new FakeTimeProvider(Opening);
        await using var app = new ReceptionApp(servers, clock);
        using var client = app.CreateClient();
        var visit = await app.CheckInWithAsync(client, new { customerName = "Han Mei", customerPhone = "13900001111", serviceType = "new-line" });
        var visitId = visit.GetProperty("visitId").GetString()!;
        // The counter's script has run; the visit row still says waiting (the call's write is in flight).
        var queue = app.Services.GetRequiredService<QueueStore>();
        var called = await queue.CallNextAsync(ReceptionApp.Hall, "c01", ["new-line"], clock.GetUtcNow().ToUnixTimeMilliseconds(), FairnessSettings.Default);
        Assert.Equal(visitId, called?.VisitId);

        await ReceptionApp.PostOkAsync(client, $"/api/v1/halls/{ReceptionApp.Hall}/reconcile");

        Assert.Equal(0L, await app.QueueLengthAsync("new-line"));
        Assert.Equal("called", await queue.TicketStatusAsync(ReceptionApp.Hall, visitId));

        // Thirty seconds on, the call was never recorded (its writer died): the system of record wins.
        clock.Advance(TimeSpan.FromSeconds(31));
        await ReceptionApp.PostOkAsync(client, $"/api/v1/halls/{ReceptionApp.Hall}/reconcile");

        Assert.Equal(1L, await app.QueueLengthAsync("new-line"));
        Assert.Equal("waiting", await queue.TicketStatusAsync(ReceptionApp.Hall, visitId));
    }
}
