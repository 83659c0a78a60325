using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Messaging;
using HallPlatform.Testing;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>
/// Business's "order completed" event completes the visit at its counter, once, for Business (audit actor), and
/// publishes the visit's own completion; other moves, other orders and visits already done are left alone.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class OrderCompletionTests(RealServersFixture servers)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_completed_order_completes_its_called_visit_once_even_when_delivered_twice()
    {
        var events = new ScriptedEventSource();
        await using var app = new ReceptionApp(servers) { EventSource = events };
        using var client = app.CreateClient();
        var visitId = (await app.CheckInAsync(client, "new-line")).GetProperty("visitId").GetString()!;
        var call = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/call-next");
        Assert.Equal(visitId, call.GetProperty("visitId").GetString());
        var orderId = app.Business.OrderFor(visitId)!;

        events.Publish(OrderMoved(orderId, visitId, "acknowledged", "inProgress"));
        var completed = ScriptedEventSource.Envelope(OrderMoved(orderId, visitId, "inProgress", "completed"));
        events.Publish(completed);
        events.Publish(completed);
        await WaitForPositionAsync(app, 3);

        var visit = await app.StoredVisitAsync(visitId);
        Assert.Equal(("completed", orderId), (visit.Outcome, visit.OrderId));
        Assert.Equal(
            ["called:fairness:normal", "serviceStarted:order completed", "serviceCompleted:order completed"],
            await RowsAsync(app, $"SELECT type || ':' || coalesce(reason, '') FROM queue_events WHERE visit_id = '{visitId}' AND type <> 'checkedIn' ORDER BY id"));
        Assert.Equal(["service:test"], await RowsAsync(app,
            $"SELECT actor_kind || ':' || actor_id FROM audit_entries WHERE record_id = '{visitId}' AND action = 'visit.complete'"));
        Assert.Equal([visitId], await RowsAsync(app,
            $"SELECT subject_id FROM outbox_events WHERE type = '{IntegrationEventTypes.VisitCompleted}'"));
    }

    [Fact]
    public async Task Other_moves_other_orders_and_visits_no_longer_at_the_counter_are_left_alone()
    {
        var events = new ScriptedEventSource();
        await using var app = new ReceptionApp(servers) { EventSource = events };
        using var client = app.CreateClient();
        var first = (await app.CheckInAsync(client, "new-line")).GetProperty("visitId").GetString()!;
        var second = (await app.CheckInAsync(client, "new-line")).GetProperty("visitId").GetString()!;
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/call-next");
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{first}/start", new { counterId = "c05" });
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{first}/complete", new { counterId = "c05" });
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/call-next");

        // The first visit was completed at the counter; the second is called but the event names another order;
        // a cancelled order and an unknown visit change nothing either.
        events.Publish(OrderMoved(app.Business.OrderFor(first)!, first, "inProgress", "completed"));
        events.Publish(OrderMoved("ord_other", second, "inProgress", "completed"));
        events.Publish(OrderMoved(app.Business.OrderFor(second)!, second, "inProgress", "cancelled"));
        events.Publish(OrderMoved("ord_unknown", "vis_unknown", "inProgress", "completed"));
        await WaitForPositionAsync(app, 4);

        Assert.Equal("completed", (await app.StoredVisitAsync(first)).Outcome);
        Assert.Equal(Domain.VisitStatus.Called, (await app.StoredVisitAsync(second)).Status);
        Assert.Equal([first], await RowsAsync(app, $"SELECT subject_id FROM outbox_events WHERE type = '{IntegrationEventTypes.VisitCompleted}'"));
        Assert.Empty(await RowsAsync(app, "SELECT record_id FROM audit_entries WHERE actor_kind = 'service'"));
    }

    [Fact]
    public async Task Visit_end_events_name_who_served_and_the_day_end_closes_every_open_visit_with_an_event()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/close");
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/open", new { staffId = "usr_li" });
        var served = (await app.CheckInAsync(client, "billing")).GetProperty("visitId").GetString()!;
        var waiting = (await app.CheckInAsync(client, "billing")).GetProperty("visitId").GetString()!;
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/call-next");
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{served}/start", new { counterId = "c05" });
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{served}/complete", new { counterId = "c05" });
        await ReceptionApp.PostOkAsync(client, $"/api/v1/halls/{ReceptionApp.Hall}/close-day");

        Assert.Equal(
            [
                $"{IntegrationEventTypes.VisitCompleted} {served} completed usr_li",
                $"{IntegrationEventTypes.VisitEnded} {waiting} cancelled -",
            ],
            await RowsAsync(app, """
                SELECT type || ' ' || subject_id || ' ' || (payload->>'endState') || ' ' || coalesce(payload->>'servedBy', '-')
                FROM outbox_events WHERE type IN ('reception.visit.completed', 'reception.visit.ended') ORDER BY position
                """));
    }

    private static object OrderMoved(string orderId, string visitId, string from, string to) =>
        new { orderId, visitId, from, to, serviceType = "new-line" };

    private static async Task WaitForPositionAsync(ReceptionApp app, long position)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (await app.ScalarAsync<long?>("SELECT position FROM consumer_positions WHERE consumer = 'reception' AND producer = 'test'") != position)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The subscription did not reach position {position}.");
            await Task.Delay(20);
        }
    }

    private static async Task<List<string>> RowsAsync(ReceptionApp app, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }

    /// <summary>Business's order events as the test publishes them, one position per publication.</summary>
    private sealed class ScriptedEventSource : IIntegrationEventSource
    {
        private readonly Channel<EventEnvelope> _events = Channel.CreateUnbounded<EventEnvelope>();
        private long _position;

        /// <summary>Publishes an event; publishing the same envelope again delivers a duplicate (same id, next position).</summary>
        public void Publish(object payload) => Publish(Envelope(payload));

        public void Publish(EventEnvelope envelope)
        {
            var delivered = envelope.Clone();
            delivered.Position = ++_position;
            delivered.HeadPosition = _position;
            _events.Writer.TryWrite(delivered);
        }

        public async IAsyncEnumerable<EventEnvelope> SubscribeAsync(long afterPosition, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var envelope in _events.Reader.ReadAllAsync(cancellationToken))
            {
                if (envelope.Position > afterPosition)
                {
                    yield return envelope;
                }
            }
        }

        public static EventEnvelope Envelope(object payload) => new()
        {
            EventId = Guid.NewGuid().ToString(),
            Type = IntegrationEventTypes.OrderStateChanged,
            Producer = "test",
            SubjectId = JsonSerializer.SerializeToElement(payload).GetProperty("orderId").GetString(),
            HallId = ReceptionApp.Hall,
            PayloadJson = JsonSerializer.Serialize(payload),
            OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        };
    }
}
