using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using HallPlatform.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>The hall's queue as a whole: atomic calls under load, fairness, restarts, boards, KPIs, end of day.</summary>
[Collection(ServerCollection.Name)]
public sealed class QueueBehaviourTests(RealServersFixture servers)
{
    // 09:00 in Shanghai on 2025-03-01.
    private static readonly DateTimeOffset Opening = new(2025, 3, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly string[] Counters = ["c01", "c02", "c03", "c04", "c05"];

    [Fact]
    public async Task A_thousand_concurrent_check_ins_while_five_counters_call_lose_nothing_and_call_nothing_twice()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var issued = new ConcurrentBag<string>();
        var calls = new ConcurrentQueue<(string Counter, string VisitId)>();
        var checkInsDone = false;

        var counters = Counters.Select(counter => Task.Run(async () =>
        {
            while (true)
            {
                var finished = Volatile.Read(ref checkInsDone);
                using var response = await client.PostAsync($"/api/v1/counters/{counter}/call-next", null);
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    if (finished)
                    {
                        return;
                    }
                    await Task.Yield();
                    continue;
                }
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                calls.Enqueue((counter, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString()!));
            }
        })).ToList();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (i, _) =>
        {
            var priorityClass = i % 7 == 0 ? "green" : i % 11 == 0 ? "vip" : "normal";
            var visit = await app.CheckInWithAsync(client, new
            {
                customerName = "Li Lei", customerPhone = $"1390{i:D7}", serviceType = ReceptionApp.ServiceTypes[i % 4], priorityClass,
            });
            issued.Add(visit.GetProperty("visitId").GetString()!);
        });
        Volatile.Write(ref checkInsDone, true);
        await Task.WhenAll(counters);

        var calledIds = calls.Select(c => c.VisitId).ToList();
        Assert.Equal(1000, issued.Distinct().Count());
        Assert.Equal(calledIds.Count, calledIds.Distinct().Count());
        Assert.Equal(issued.Order(), calledIds.Order());
        Assert.Equal(1000L, await app.ScalarAsync<long>("SELECT count(*) FROM visits WHERE status = 'called'"));
        Assert.Equal(1000L, await app.ScalarAsync<long>("SELECT count(DISTINCT visit_id) FROM queue_events WHERE type = 'called'"));
        Assert.Equal(1000L, await app.ScalarAsync<long>("SELECT count(*) FROM queue_events WHERE type = 'called'"));
        Assert.Empty(await app.QueueMembershipAsync());
    }

    [Fact]
    public async Task Under_a_stream_of_priority_arrivals_a_normal_ticket_is_called_within_the_streak_and_aged_ones_go_first()
    {
        var clock = new FakeTimeProvider(Opening);
        await using var app = new ReceptionApp(servers, clock);
        using var client = app.CreateClient();
        var normal = await app.CheckInAsync(client, "new-line");
        var normalId = normal.GetProperty("visitId").GetString();

        var calledClasses = new List<string>();
        for (var call = 0; call < 6; call++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            for (var vip = 0; vip < 2; vip++)
            {
                _ = await app.CheckInWithAsync(client, new { customerName = "V", customerPhone = "13700000000", serviceType = "new-line", priorityClass = "vip" });
            }
            var called = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c01/call-next");
            calledClasses.Add(called.GetProperty("priorityClass").GetString()!);
            if (called.GetProperty("visitId").GetString() == normalId)
            {
                break;
            }
        }
        // PriorityStreak 2 (default): two priority calls, then the waiting normal ticket.
        Assert.Equal(["vip", "vip", "normal"], calledClasses);

        // A normal ticket that has waited past Reception:Fairness:AgingSeconds (900) beats younger priority tickets.
        var aged = await app.CheckInAsync(client, "plan-change");
        clock.Advance(TimeSpan.FromSeconds(901));
        _ = await app.CheckInWithAsync(client, new { customerName = "G", customerPhone = "13700000001", serviceType = "plan-change", priorityClass = "green" });
        var next = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c04/call-next");
        Assert.Equal(aged.GetProperty("visitId").GetString(), next.GetProperty("visitId").GetString());
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM queue_events WHERE reason = 'fairness:aged'"));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM queue_events WHERE reason = 'fairness:streak'"));
    }

    [Fact]
    public async Task After_redis_is_killed_mid_run_and_restarted_every_issued_ticket_is_in_exactly_one_state()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        for (var i = 0; i < 40; i++)
        {
            _ = await app.CheckInWithAsync(client, new
            {
                customerName = "Li Lei", customerPhone = "13800138000", serviceType = ReceptionApp.ServiceTypes[i % 4], priorityClass = i % 5 == 0 ? "vip" : "normal",
            });
        }
        for (var i = 0; i < 10; i++)
        {
            var called = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/call-next");
            if (i < 3)
            {
                var id = called.GetProperty("visitId").GetString();
                await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{id}/start", new { counterId = "c05" });
                await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{id}/complete", new { counterId = "c05" });
            }
        }

        // Traffic keeps coming while Redis is killed (SIGKILL) and restarted on its AOF.
        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var checkIn = await client.PostAsJsonAsync("/api/v1/visits", ReceptionApp.CheckInBody(ReceptionApp.ServiceTypes[i++ % 4]));
                    using var call = await client.PostAsync(Counters[i % 5] is var c ? $"/api/v1/counters/{c}/call-next" : "", null);
                }
                catch (HttpRequestException)
                {
                }
            }
        });
        await Task.Delay(200);
        await servers.RestartRedisAsync();
        // Beyond AOF's one-second window: a whole queue lost.
        await WaitForAsync(async () => { await app.RedisDb.KeyDeleteAsync(QueueKeys.Queue(ReceptionApp.Hall, "fault-report")); return true; });
        await WaitForAsync(async () => (await client.PostAsync("/api/v1/visits", JsonContent.Create(ReceptionApp.CheckInBody("billing")))).StatusCode == HttpStatusCode.Created);
        await stop.CancelAsync();
        await traffic;

        await WaitForAsync(async () =>
        {
            using var reconcile = await client.PostAsync($"/api/v1/halls/{ReceptionApp.Hall}/reconcile", null);
            return reconcile.StatusCode == HttpStatusCode.OK;
        });

        var rows = await app.VisitRowsAsync();
        var membership = await app.QueueMembershipAsync();
        Assert.True(rows.Count > 40);
        foreach (var (id, status, serviceType, priorityClass) in rows)
        {
            if (status == "waiting")
            {
                var expectedQueue = priorityClass == "normal" ? QueueKeys.Queue(ReceptionApp.Hall, serviceType) : QueueKeys.PriorityQueue(ReceptionApp.Hall, serviceType);
                Assert.True(membership.TryGetValue(id, out var queues), $"waiting visit {id} is missing from the queue");
                Assert.Equal([expectedQueue], queues);
            }
            else
            {
                Assert.False(membership.ContainsKey(id), $"{status} visit {id} is still queued");
            }
        }
        Assert.All(membership.Keys, id => Assert.Contains(rows, r => r.Id == id));
        Assert.Equal(rows.Count, await app.ScalarAsync<long>("SELECT count(DISTINCT (business_day, ticket_prefix, ticket_sequence)) FROM visits"));

        // Draining the queue calls every waiting ticket exactly once.
        var waiting = rows.Where(r => r.Status == "waiting").Select(r => r.Id).ToHashSet();
        var drained = new List<string>();
        while (true)
        {
            using var call = await client.PostAsync("/api/v1/counters/c05/call-next", null);
            if (call.StatusCode == HttpStatusCode.NoContent)
            {
                break;
            }
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
            drained.Add((await call.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString()!);
        }
        Assert.Equal(waiting.Order(), drained.Order());
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM (SELECT visit_id FROM queue_events WHERE type = 'called' GROUP BY visit_id HAVING count(*) > 1) twice"));
    }

    [Fact]
    public async Task The_board_stream_sends_called_events_without_personal_data_and_replays_after_last_event_id()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/halls/{ReceptionApp.Hall}/board/stream");
        using var stream = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));

        var visit = await app.CheckInAsync(client, "billing", "王小明", "13800138000");
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c03/call-next");

        var lines = new List<string>();
        while (lines.Count == 0 || !lines[^1].StartsWith("data:", StringComparison.Ordinal))
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("stream ended");
            if (line.StartsWith("id:", StringComparison.Ordinal) || line.StartsWith("event:", StringComparison.Ordinal) || line.StartsWith("data:", StringComparison.Ordinal))
            {
                lines.Add(line);
            }
        }
        Assert.Equal("event: called", lines[^2]);
        var data = JsonSerializer.Deserialize<JsonElement>(lines[^1]["data:".Length..]);
        Assert.Equal((ReceptionApp.Hall, "C001", "billing", "c03", "called"),
            (data.GetProperty("hallId").GetString(), data.GetProperty("ticketNumber").GetString(), data.GetProperty("serviceType").GetString(),
                data.GetProperty("counterId").GetString(), data.GetProperty("event").GetString()));
        // The instant in the platform's one wire format (UTC, microseconds, Z).
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$", data.GetProperty("at").GetString());
        Assert.DoesNotContain("王", lines[^1], StringComparison.Ordinal);
        // Neither the phone nor its masked form (a bare "8000" could be part of the timestamp).
        Assert.DoesNotContain("13800138000", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("****", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("customer", lines[^1], StringComparison.OrdinalIgnoreCase);

        var snapshot = await client.GetFromJsonAsync<JsonElement>($"/api/v1/halls/{ReceptionApp.Hall}/board");
        Assert.Equal("C001", snapshot.GetProperty("recentCalls")[0].GetProperty("ticketNumber").GetString());

        // A board that reconnects with Last-Event-ID: 0 gets the missed call at once.
        using var replayRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/halls/{ReceptionApp.Hall}/board/stream");
        replayRequest.Headers.Add("Last-Event-ID", "0");
        using var replay = await client.SendAsync(replayRequest, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var replayReader = new StreamReader(await replay.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal(lines[0], await replayReader.ReadLineAsync(timeout.Token));
        Assert.Equal("event: called", await replayReader.ReadLineAsync(timeout.Token));

        using var unknownHall = await client.GetAsync("/api/v1/halls/hall-999/board/stream", timeout.Token);
        await ProblemAssert.IsProblemAsync(unknownHall, HttpStatusCode.NotFound);
        Assert.NotNull(visit.GetProperty("visitId").GetString());
    }

    [Fact]
    public async Task Kpis_on_a_known_scenario_with_a_fake_clock()
    {
        var clock = new FakeTimeProvider(Opening);
        await using var app = new ReceptionApp(servers, clock);
        using var client = app.CreateClient();
        var a = (await app.CheckInAsync(client, "new-line")).GetProperty("visitId").GetString();
        var b = (await app.CheckInAsync(client, "new-line")).GetProperty("visitId").GetString();
        _ = await app.CheckInAsync(client, "billing");

        clock.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(a, (await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c01/call-next")).GetProperty("visitId").GetString());
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{a}/start", new { counterId = "c01" });
        clock.Advance(TimeSpan.FromSeconds(300));
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{a}/complete", new { counterId = "c01" });
        clock.Advance(TimeSpan.FromSeconds(600));
        Assert.Equal(b, (await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c01/call-next")).GetProperty("visitId").GetString());
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{b}/recall", new { counterId = "c01" });
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{b}/recall", new { counterId = "c01" });
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{b}/no-show", new { counterId = "c01" });

        var from = Uri.EscapeDataString(Opening.AddHours(-1).ToString("O"));
        var to = Uri.EscapeDataString(Opening.AddHours(1).ToString("O"));
        var kpis = await client.GetFromJsonAsync<JsonElement>($"/api/v1/halls/{ReceptionApp.Hall}/kpis?from={from}&to={to}");

        var total = kpis.GetProperty("total").GetProperty("figures");
        Assert.Equal((3, 2, 1, 1), (total.GetProperty("arrived").GetInt32(), total.GetProperty("called").GetInt32(), total.GetProperty("served").GetInt32(), total.GetProperty("noShows").GetInt32()));
        Assert.Equal(550, total.GetProperty("averageWaitSeconds").GetDouble());   // (100 + 1000) / 2
        Assert.Equal(1000, total.GetProperty("p90WaitSeconds").GetDouble());
        Assert.Equal(300, total.GetProperty("averageServiceSeconds").GetDouble()); // completed - called
        Assert.Equal(0.5, total.GetProperty("shareAboveServiceLevel").GetDouble()); // 1000 s > 900 s target
        var billing = kpis.GetProperty("byServiceType").EnumerateArray().Single(r => r.GetProperty("serviceType").GetString() == "billing").GetProperty("figures");
        Assert.Equal((1, 0), (billing.GetProperty("arrived").GetInt32(), billing.GetProperty("called").GetInt32()));
        Assert.Equal(JsonValueKind.Null, billing.GetProperty("averageWaitSeconds").ValueKind);

        var onlyBilling = await client.GetFromJsonAsync<JsonElement>($"/api/v1/halls/{ReceptionApp.Hall}/kpis?from={from}&to={to}&serviceType=billing");
        Assert.Equal(1, onlyBilling.GetProperty("total").GetProperty("figures").GetProperty("arrived").GetInt32());
        using var badType = await client.GetAsync($"/api/v1/halls/{ReceptionApp.Hall}/kpis?serviceType=passport");
        await ProblemAssert.IsValidationProblemAsync(badType, "serviceType");
        using var unknownHall = await client.GetAsync("/api/v1/halls/hall-999/kpis");
        await ProblemAssert.IsProblemAsync(unknownHall, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Closing_the_day_closes_every_open_visit_with_a_recorded_outcome_and_is_idempotent()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add((await app.CheckInAsync(client, "new-line")).GetProperty("visitId").GetString()!);
        }
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c01/call-next");                       // called
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c02/call-next");
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{ids[1]}/start", new { counterId = "c02" }); // serving
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/call-next");
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{ids[2]}/park", new { counterId = "c05", reason = "fetching documents" });
        await ReceptionApp.PostOkAsync(client, $"/api/v1/counters/c05/call", new { visitId = ids[3], reason = "test" });
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{ids[3]}/start", new { counterId = "c05" });
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{ids[3]}/complete", new { counterId = "c05" }); // completed

        var closed = await ReceptionApp.PostOkAsync(client, $"/api/v1/halls/{ReceptionApp.Hall}/close-day");
        var again = await ReceptionApp.PostOkAsync(client, $"/api/v1/halls/{ReceptionApp.Hall}/close-day");

        Assert.Equal(5, closed.GetProperty("closedVisits").GetInt32());  // 2 waiting, called, serving, parked
        Assert.Equal(0, again.GetProperty("closedVisits").GetInt32());
        Assert.Equal(5L, await app.ScalarAsync<long>("SELECT count(*) FROM visits WHERE status = 'cancelled' AND outcome = 'closedAtDayEnd' AND ended_at IS NOT NULL"));
        Assert.Equal(5L, await app.ScalarAsync<long>("SELECT count(*) FROM queue_events WHERE type = 'closedAtDayEnd' AND reason = 'day closed'"));
        Assert.Equal("completed", await app.ScalarAsync<string>($"SELECT status FROM visits WHERE id = '{ids[3]}'"));
        Assert.Empty(await app.QueueMembershipAsync());
        using var afterClose = await ReceptionApp.PostAsync(client, $"/api/v1/visits/{ids[0]}/recall", new { counterId = "c01" });
        await ProblemAssert.IsProblemAsync(afterClose, HttpStatusCode.Conflict);
        using var unknownHall = await client.PostAsync("/api/v1/halls/hall-999/close-day", null);
        await ProblemAssert.IsProblemAsync(unknownHall, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Appointment_holders_go_first_inside_their_window_are_sent_back_when_early_and_join_normally_when_late()
    {
        var clock = new FakeTimeProvider(Opening);
        await using var app = new ReceptionApp(servers, clock);
        using var client = app.CreateClient();
        var onTime = await CreateAppointmentAsync(client, Opening.AddMinutes(60));
        var lateOne = await CreateAppointmentAsync(client, Opening.AddMinutes(20));

        using var early = await client.PostAsJsonAsync("/api/v1/visits", new { appointmentId = onTime });
        var problem = await ProblemAssert.IsProblemAsync(early, HttpStatusCode.Conflict);
        Assert.Contains("09:45", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(50));
        var walkIn = await app.CheckInAsync(client, "new-line");
        var holder = await app.CheckInWithAsync(client, new { appointmentId = onTime });
        var late = await app.CheckInWithAsync(client, new { appointmentId = lateOne });
        Assert.Equal(("appointment", "new-line", "L**"),
            (holder.GetProperty("priorityClass").GetString(), holder.GetProperty("serviceType").GetString(), holder.GetProperty("customerName").GetString()));
        Assert.Equal("normal", late.GetProperty("priorityClass").GetString());

        var first = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c01/call-next");
        Assert.Equal(holder.GetProperty("visitId").GetString(), first.GetProperty("visitId").GetString());
        var second = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c01/call-next");
        Assert.Equal(walkIn.GetProperty("visitId").GetString(), second.GetProperty("visitId").GetString());

        using var reused = await client.PostAsJsonAsync("/api/v1/visits", new { appointmentId = onTime });
        await ProblemAssert.IsProblemAsync(reused, HttpStatusCode.Conflict);
        var appointment = await client.GetFromJsonAsync<JsonElement>($"/api/v1/appointments/{onTime}");
        Assert.Equal(("used", holder.GetProperty("visitId").GetString()), (appointment.GetProperty("status").GetString(), appointment.GetProperty("visitId").GetString()));
        using var unknown = await client.GetAsync("/api/v1/appointments/apt_nope");
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        using var bad = await client.PostAsJsonAsync("/api/v1/appointments", new { serviceType = "passport" });
        await ProblemAssert.IsValidationProblemAsync(bad, "serviceType", "customerName", "customerPhone", "startsAt");
    }

    [Fact]
    public async Task Wait_estimates_use_recent_service_times_and_the_open_counters()
    {
        var clock = new FakeTimeProvider(Opening);
        await using var app = new ReceptionApp(servers, clock);
        using var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            var id = (await app.CheckInAsync(client, "billing")).GetProperty("visitId").GetString();
            await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c03/call-next");
            await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{id}/start", new { counterId = "c03" });
            clock.Advance(TimeSpan.FromSeconds(60));
            await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{id}/complete", new { counterId = "c03" });
        }
        _ = await app.CheckInAsync(client, "billing");
        var second = await app.CheckInAsync(client, "billing");

        // 5 samples of 60 s replace the catalogue's 180 s; billing is served by c02, c03, c05.
        Assert.Equal((2, 40), (second.GetProperty("position").GetInt32(), second.GetProperty("estimatedWaitSeconds").GetInt32()));
        var waitTimes = await client.GetFromJsonAsync<JsonElement>($"/api/v1/halls/{ReceptionApp.Hall}/wait-times");
        var rows = waitTimes.GetProperty("serviceTypes").EnumerateArray().ToDictionary(r => r.GetProperty("serviceType").GetString()!);
        Assert.Equal((2, 60, 3), (rows["billing"].GetProperty("waiting").GetInt32(), rows["billing"].GetProperty("estimatedWaitSeconds").GetInt32(), rows["billing"].GetProperty("openCounters").GetInt32()));
        Assert.Equal((0, 140), (rows["new-line"].GetProperty("waiting").GetInt32(), rows["new-line"].GetProperty("estimatedWaitSeconds").GetInt32()));
    }

    [Fact]
    public async Task Catalogue_admin_adds_service_types_and_counters_that_then_serve_tickets()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        using var created = await client.PutAsJsonAsync("/api/v1/service-types/passport", new { name = "Passport photo", prefix = "E", serviceLevelSeconds = 600 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var updated = await client.PutAsJsonAsync("/api/v1/service-types/passport", new { averageServiceSeconds = 240 });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal((240, 600, "E"), await updated.Content.ReadFromJsonAsync<JsonElement>() is var t
            ? (t.GetProperty("averageServiceSeconds").GetInt32(), t.GetProperty("serviceLevelSeconds").GetInt32(), t.GetProperty("prefix").GetString()) : default);
        using var prefixTaken = await client.PutAsJsonAsync("/api/v1/service-types/passport", new { prefix = "A" });
        await ProblemAssert.IsProblemAsync(prefixTaken, HttpStatusCode.Conflict);
        using var badCounter = await client.PutAsJsonAsync("/api/v1/counters/c06", new { name = "Counter 6", serviceTypes = new[] { "visa" } });
        await ProblemAssert.IsValidationProblemAsync(badCounter, "serviceTypes");
        using var counter = await client.PutAsJsonAsync("/api/v1/counters/c06", new { name = "Counter 6", serviceTypes = new[] { "passport" } });
        Assert.Equal(HttpStatusCode.Created, counter.StatusCode);

        var ticket = await app.CheckInAsync(client, "passport");
        Assert.Equal("E001", ticket.GetProperty("ticketNumber").GetString());
        using var closed = await client.PostAsync("/api/v1/counters/c06/call-next", null);
        await ProblemAssert.IsProblemAsync(closed, HttpStatusCode.Conflict);
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c06/open", new { staffId = "s-6" });
        var called = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c06/call-next");
        Assert.Equal(ticket.GetProperty("visitId").GetString(), called.GetProperty("visitId").GetString());
        Assert.Equal("s-6", await app.ScalarAsync<string>($"SELECT staff_id FROM queue_events WHERE visit_id = '{called.GetProperty("visitId").GetString()}' AND type = 'called'"));
    }

    [Fact]
    public async Task Wait_time_and_queue_length_are_exported_as_metrics()
    {
        var waits = new ConcurrentQueue<(double Seconds, string? Hall, string? Type)>();
        var lengths = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ReceptionMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "hall.queue.wait_time")
            {
                waits.Enqueue((value, Tag(tags, "hall.id"), Tag(tags, "service_type")));
            }
        });
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "hall.queue.length" && Tag(tags, "hall.id") == ReceptionApp.Hall)
            {
                lengths[Tag(tags, "service_type")!] = value;
            }
        });
        listener.Start();
        await using var app = new ReceptionApp(servers, settings: new Dictionary<string, string> { ["Reception:QueueMetricsRefreshSeconds"] = "1" });
        using var client = app.CreateClient();
        _ = await app.CheckInAsync(client, "fault-report");
        _ = await app.CheckInAsync(client, "fault-report");
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c03/call-next");

        Assert.Contains(waits, w => w.Hall == ReceptionApp.Hall && w.Type == "fault-report" && w.Seconds >= 0);
        await WaitForAsync(() =>
        {
            listener.RecordObservableInstruments();
            return Task.FromResult(lengths.TryGetValue("fault-report", out var waiting) && waiting == 1);
        });
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }
        return null;
    }

    private static async Task<string> CreateAppointmentAsync(HttpClient client, DateTimeOffset startsAt)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/appointments",
            new { serviceType = "new-line", customerName = "Li Lei", customerPhone = "13800138000", startsAt });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("appointmentId").GetString()!;
    }

    /// <summary>Retries until the condition holds (bounded): for servers coming back, never to assert on timing.</summary>
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception) when (attempt < 120)
            {
            }
            if (attempt >= 120)
            {
                throw new TimeoutException("The condition did not hold after 60 s.");
            }
            await Task.Delay(500);
        }
    }
}
