using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Messaging;
using HallPlatform.Testing;
using Microsoft.Extensions.Time.Testing;

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
        // The applier's completion carries the same facts as the counter's: the visit's times as stored, the target.
        var payload = (await EndPayloadsAsync(app)).Single();
        Assert.Equal(("store", 900), (payload.GetProperty("channel").GetString(), payload.GetProperty("serviceLevelSeconds").GetInt32()));
        Assert.Equal((visit.ArrivedAt, visit.FirstCalledAt, visit.CalledAt, visit.EndedAt), (payload.GetProperty("arrivedAt").GetDateTimeOffset(),
            payload.GetProperty("firstCalledAt").GetDateTimeOffset(), payload.GetProperty("calledAt").GetDateTimeOffset(),
            payload.GetProperty("endedAt").GetDateTimeOffset()));
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

    [Fact]
    public async Task Visit_end_events_carry_channel_times_and_the_service_level_on_a_fake_clock()
    {
        // 09:00 in Shanghai on 2025-03-01.
        var t0 = new DateTimeOffset(2025, 3, 1, 1, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(t0);
        await using var app = new ReceptionApp(servers, clock);
        using var client = app.CreateClient();
        // The target as the catalogue holds it when the visit ends (new-line keeps the default 900 s).
        using (var target = await client.PutAsJsonAsync("/api/v1/service-types/billing", new { serviceLevelSeconds = 600 }))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, target.StatusCode);
        }
        var served = (await app.CheckInWithAsync(client, ReceptionApp.CheckInBody("billing", channel: "kiosk"))).GetProperty("visitId").GetString()!;
        clock.Advance(TimeSpan.FromSeconds(1));
        var noShow = (await app.CheckInAsync(client, "billing")).GetProperty("visitId").GetString()!;
        clock.Advance(TimeSpan.FromSeconds(1));
        var leftOpen = (await app.CheckInWithAsync(client, ReceptionApp.CheckInBody("new-line", channel: "web"))).GetProperty("visitId").GetString()!;

        // Served: first called at +100, recycled, called again at +160, completed at +460.
        clock.Advance(TimeSpan.FromSeconds(98));
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/call", new { visitId = served, reason = "test" });
        clock.Advance(TimeSpan.FromSeconds(30));
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{served}/recycle", new { counterId = "c05", reason = "not at the counter" });
        clock.Advance(TimeSpan.FromSeconds(30));
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/call", new { visitId = served, reason = "test" });
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{served}/start", new { counterId = "c05" });
        clock.Advance(TimeSpan.FromSeconds(300));
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{served}/complete", new { counterId = "c05" });
        // No-show: called at +500, recalled twice, no-show at +560.
        clock.Advance(TimeSpan.FromSeconds(40));
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/call", new { visitId = noShow, reason = "test" });
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{noShow}/recall", new { counterId = "c05" });
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{noShow}/recall", new { counterId = "c05" });
        clock.Advance(TimeSpan.FromSeconds(60));
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{noShow}/no-show", new { counterId = "c05" });
        // Never called: cancelled when the day is closed at +600.
        clock.Advance(TimeSpan.FromSeconds(40));
        await ReceptionApp.PostOkAsync(client, $"/api/v1/halls/{ReceptionApp.Hall}/close-day");

        var payloads = await EndPayloadsAsync(app);
        Assert.Equal(
            [
                (served, "completed", "kiosk", t0, (DateTimeOffset?)t0.AddSeconds(100), (DateTimeOffset?)t0.AddSeconds(160), t0.AddSeconds(460), 600),
                (noShow, "noShow", "store", t0.AddSeconds(1), t0.AddSeconds(500), t0.AddSeconds(500), t0.AddSeconds(560), 600),
                (leftOpen, "cancelled", "web", t0.AddSeconds(2), null, null, t0.AddSeconds(600), 900),
            ],
            payloads.Select(p => (p.GetProperty("visitId").GetString()!, p.GetProperty("endState").GetString()!, p.GetProperty("channel").GetString()!,
                p.GetProperty("arrivedAt").GetDateTimeOffset(), OptionalTime(p.GetProperty("firstCalledAt")), OptionalTime(p.GetProperty("calledAt")),
                p.GetProperty("endedAt").GetDateTimeOffset(), p.GetProperty("serviceLevelSeconds").GetInt32())));
        // UTC ISO-8601 on the wire, as the other payload times.
        Assert.Equal("2025-03-01T01:07:40+00:00", payloads[0].GetProperty("endedAt").GetString());
    }

    private static DateTimeOffset? OptionalTime(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDateTimeOffset();

    /// <summary>The payloads of the visits' completed and ended events, in outbox order.</summary>
    private static async Task<List<JsonElement>> EndPayloadsAsync(ReceptionApp app) =>
        [.. (await RowsAsync(app, $"""
            SELECT payload::text FROM outbox_events
            WHERE type IN ('{IntegrationEventTypes.VisitCompleted}', '{IntegrationEventTypes.VisitEnded}') ORDER BY position
            """)).Select(text => JsonSerializer.Deserialize<JsonElement>(text))];

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
