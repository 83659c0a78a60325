using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using HallPlatform.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>Check-in, lookup and call-next through the REST API, with a fake clock so waiting is exact.</summary>
[Collection(ServerCollection.Name)]
public sealed class JourneyTests(RealServersFixture servers)
{
    // 09:00 in Shanghai on 2025-03-01.
    private static readonly DateTimeOffset Opening = new(2025, 3, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Check_in_look_up_and_call_the_longest_waiting_ticket_of_the_counters_types()
    {
        var clock = new FakeTimeProvider(Opening);
        await using var app = new ReceptionApp(servers, clock);
        using var client = app.CreateClient();

        using var first = await client.PostAsJsonAsync("/api/v1/visits", ReceptionApp.CheckInBody("new-line", "王小明", "13800138000", "kiosk"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var a001 = await first.Content.ReadFromJsonAsync<JsonElement>();
        var a001Id = a001.GetProperty("visitId").GetString()!;
        Assert.StartsWith("vis_", a001Id, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/visits/{a001Id}", first.Headers.Location?.OriginalString);
        Assert.Equal("A001", a001.GetProperty("ticketNumber").GetString());
        Assert.Equal("waiting", a001.GetProperty("status").GetString());
        Assert.Equal("hall-001", a001.GetProperty("hallId").GetString());
        Assert.Equal("kiosk", a001.GetProperty("channel").GetString());
        Assert.Equal(1, a001.GetProperty("position").GetInt32());
        Assert.Equal(140, a001.GetProperty("estimatedWaitSeconds").GetInt32()); // 420 s over c01, c02, c05
        Assert.Equal(Opening, a001.GetProperty("arrivedAt").GetDateTimeOffset());
        Assert.Equal("王**", a001.GetProperty("customerName").GetString());
        Assert.Equal("138****8000", a001.GetProperty("customerPhone").GetString());
        Assert.Equal(["c01", "c02", "c05"], a001.GetProperty("guidance").GetProperty("counterIds").EnumerateArray().Select(e => e.GetString()));
        Assert.False(a001.GetProperty("guidance").GetProperty("selfService").GetBoolean());

        clock.Advance(TimeSpan.FromSeconds(10));
        var b001 = await app.CheckInAsync(client, "plan-change");
        clock.Advance(TimeSpan.FromSeconds(10));
        var a002 = await app.CheckInAsync(client, "new-line");
        Assert.Equal("B001", b001.GetProperty("ticketNumber").GetString());
        Assert.Equal("A002", a002.GetProperty("ticketNumber").GetString());
        Assert.Equal(2, a002.GetProperty("position").GetInt32());
        Assert.Equal(280, a002.GetProperty("estimatedWaitSeconds").GetInt32());
        Assert.Equal("store", a002.GetProperty("channel").GetString());

        // Looked up as the customer polling the ticket (anonymous): masked.
        using var anonymous = app.CreateClientAs(TestCallers.Anonymous);
        using var lookup = await anonymous.GetAsync($"/api/v1/visits/{a002.GetProperty("visitId").GetString()}");
        var a002Now = await lookup.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        Assert.Equal(2, a002Now.GetProperty("position").GetInt32());
        Assert.Equal("L**", a002Now.GetProperty("customerName").GetString());

        // c04 serves fault-report and plan-change: B001 is its longest-waiting ticket.
        clock.Advance(TimeSpan.FromSeconds(70));
        using var c04Call = await client.PostAsync("/api/v1/counters/c04/call-next", null);
        Assert.Equal(HttpStatusCode.OK, c04Call.StatusCode);
        Assert.Equal("B001", (await c04Call.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketNumber").GetString());

        // c01 serves new-line and plan-change: A001 waited longest (90 s).
        using var c01Call = await client.PostAsync("/api/v1/counters/c01/call-next", null);
        var c01Text = await c01Call.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, c01Call.StatusCode);
        var called = JsonSerializer.Deserialize<JsonElement>(c01Text);
        Assert.Equal(a001Id, called.GetProperty("visitId").GetString());
        Assert.Equal("A001", called.GetProperty("ticketNumber").GetString());
        Assert.Equal("new-line", called.GetProperty("serviceType").GetString());
        Assert.Equal("c01", called.GetProperty("counterId").GetString());
        Assert.Equal(90, called.GetProperty("waitedSeconds").GetInt64());
        Assert.Equal(Opening.AddSeconds(90), called.GetProperty("calledAt").GetDateTimeOffset());
        var orderId = called.GetProperty("orderId").GetString();
        Assert.Equal(app.Business.OrderFor(a001Id), orderId);
        // Staff must not pick customers by name: no personal data on the call.
        Assert.False(called.TryGetProperty("customerName", out _));
        Assert.False(called.TryGetProperty("customerPhone", out _));
        Assert.DoesNotContain("王", c01Text, StringComparison.Ordinal);
        Assert.DoesNotContain("8000", c01Text, StringComparison.Ordinal);

        var open = Assert.Single(app.Business.OpenOrderRequests, r => r.VisitId == a001Id);
        Assert.Equal(("hall-001", "new-line", "c01", "A001"), (open.HallId, open.ServiceType, open.CounterId, open.TicketNumber));

        using var c01Again = await client.PostAsync("/api/v1/counters/c01/call-next", null);
        Assert.Equal("A002", (await c01Again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketNumber").GetString());
        using var empty = await client.PostAsync("/api/v1/counters/c01/call-next", null);
        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);

        using var afterCall = await client.GetAsync($"/api/v1/visits/{a001Id}");
        var a001Now = await afterCall.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("called", a001Now.GetProperty("status").GetString());
        Assert.Equal("c01", a001Now.GetProperty("counterId").GetString());
        Assert.Equal(orderId, a001Now.GetProperty("orderId").GetString());
        Assert.Equal(JsonValueKind.Null, a001Now.GetProperty("position").ValueKind);
        Assert.Equal(Opening.AddSeconds(90), a001Now.GetProperty("calledAt").GetDateTimeOffset());
        Assert.Equal("called", await app.ScalarAsync<string>($"SELECT status FROM visits WHERE id = '{a001Id}'"));
    }

    [Fact]
    public async Task Tickets_enqueued_in_the_same_millisecond_are_called_in_ticket_order()
    {
        // A frozen clock: every ticket has the same enqueue time, so only the sequence can order them.
        await using var app = new ReceptionApp(servers, new FakeTimeProvider(Opening));
        using var client = app.CreateClient();
        for (var i = 0; i < 12; i++)
        {
            await app.CheckInAsync(client, "billing");
        }

        var calledOrder = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            using var call = await client.PostAsync("/api/v1/counters/c03/call-next", null);
            calledOrder.Add((await call.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketNumber").GetString()!);
        }

        Assert.Equal(Enumerable.Range(1, 12).Select(n => $"C{n:D3}"), calledOrder);
    }

    [Fact]
    public async Task The_series_wraps_from_999_to_001_in_redis_as_in_the_domain_rule()
    {
        await using var app = new ReceptionApp(servers, new FakeTimeProvider(Opening));
        using var client = app.CreateClient();
        _ = await app.CheckInAsync(client, "fault-report");
        // Jump the day's D series to its 998th ticket.
        await app.RedisDb.StringSetAsync(QueueKeys.Series(ReceptionApp.Hall, "20250301", "D"), 998);

        var d999 = await app.CheckInAsync(client, "fault-report");
        var d001 = await app.CheckInAsync(client, "fault-report");

        Assert.Equal("D999", d999.GetProperty("ticketNumber").GetString());
        Assert.Equal("D001", d001.GetProperty("ticketNumber").GetString());
        var stored = await app.RedisDb.HashGetAsync(QueueKeys.Ticket(ReceptionApp.Hall, d001.GetProperty("visitId").GetString()!), "number");
        Assert.Equal("D001", stored.ToString());
        Assert.Equal(1000L, await app.ScalarAsync<long>($"SELECT ticket_sequence FROM visits WHERE id = '{d001.GetProperty("visitId").GetString()}'"));
    }

    [Fact]
    public async Task A_new_business_day_in_the_halls_time_zone_starts_a_new_series()
    {
        // 23:59 in Shanghai.
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 15, 59, 0, TimeSpan.Zero));
        await using var app = new ReceptionApp(servers, clock);
        using var client = app.CreateClient();
        _ = await app.CheckInAsync(client, "new-line");
        var late = await app.CheckInAsync(client, "new-line");

        clock.Advance(TimeSpan.FromMinutes(2));
        var nextDay = await app.CheckInAsync(client, "new-line");

        Assert.Equal("A002", late.GetProperty("ticketNumber").GetString());
        Assert.Equal("A001", nextDay.GetProperty("ticketNumber").GetString());
        // Yesterday's customers are still waiting ahead: the queue is not wiped at midnight.
        Assert.Equal(3, nextDay.GetProperty("position").GetInt32());
    }

    [Fact]
    public async Task When_business_is_down_the_call_stands_without_an_order()
    {
        await using var app = new ReceptionApp(servers);
        app.Business.Unreachable = true;
        using var client = app.CreateClient();
        var visit = await app.CheckInAsync(client, "billing");
        var visitId = visit.GetProperty("visitId").GetString();

        using var call = await client.PostAsync("/api/v1/counters/c02/call-next", null);
        var called = await call.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Equal(visitId, called.GetProperty("visitId").GetString());
        Assert.Equal(JsonValueKind.Null, called.GetProperty("orderId").ValueKind);
        Assert.Contains(app.Business.OpenOrderRequests, r => r.VisitId == visitId);
        using var lookup = await client.GetAsync($"/api/v1/visits/{visitId}");
        var stored = await lookup.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("called", stored.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("orderId").ValueKind);
        // Not silently nothing: the case is pending, and the outbox keeps asking (CaseRequestTests).
        Assert.Equal(("business", "pending"), (stored.GetProperty("caseOwner").GetString(), stored.GetProperty("caseState").GetString()));
    }

    [Fact]
    public async Task A_closed_counter_cannot_call_and_its_customers_stay_queued()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var visit = await app.CheckInAsync(client, "fault-report");
        await app.ExecuteSqlAsync("UPDATE counters SET is_open = false WHERE id = 'c03'");

        using var call = await client.PostAsync("/api/v1/counters/c03/call-next", null);

        var problem = await ProblemAssert.IsProblemAsync(call, HttpStatusCode.Conflict);
        Assert.Contains("closed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await app.QueueLengthAsync("fault-report"));
        // The estimate now shares the work between the two open counters that serve it (c04, c05).
        using var lookup = await client.GetAsync($"/api/v1/visits/{visit.GetProperty("visitId").GetString()}");
        var now = await lookup.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(180, now.GetProperty("estimatedWaitSeconds").GetInt32());
        Assert.Equal(["c04", "c05"], now.GetProperty("guidance").GetProperty("counterIds").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_call_joins_the_check_in_trace_and_links_the_counters_request()
    {
        var stopped = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ReceptionTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        var visit = await app.CheckInAsync(client, "plan-change");
        using var call = await client.PostAsync("/api/v1/counters/c04/call-next", null);
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);

        var visitId = visit.GetProperty("visitId").GetString();
        var checkIn = Assert.Single(stopped, a => a.OperationName == "reception.check-in" && (string?)a.GetTagItem("hall.visit_id") == visitId);
        var callNext = Assert.Single(stopped, a => a.OperationName == "reception.call-next" && (string?)a.GetTagItem("hall.visit_id") == visitId);
        var journeyCall = Assert.Single(stopped, a => a.OperationName == "reception.call" && (string?)a.GetTagItem("hall.visit_id") == visitId);
        // The counter's request is a trace of its own; the call itself runs in the journey's trace, under the check-in.
        Assert.NotEqual(checkIn.TraceId, callNext.TraceId);
        Assert.Equal(checkIn.TraceId, journeyCall.TraceId);
        Assert.Equal(checkIn.SpanId, journeyCall.ParentSpanId);
        var link = Assert.Single(journeyCall.Links);
        Assert.Equal(callNext.TraceId, link.Context.TraceId);
        // The case is opened (inline, or by the dispatcher) in the journey's trace too.
        var openCase = Assert.Single(stopped, a => a.OperationName == "reception.open-case" && (string?)a.GetTagItem("hall.visit_id") == visitId);
        Assert.Equal(checkIn.TraceId, openCase.TraceId);
        // No personal data on the spans.
        Assert.DoesNotContain(checkIn.TagObjects.Concat(callNext.TagObjects).Concat(journeyCall.TagObjects), tag => tag.Value is string s && (s.Contains("Li Lei", StringComparison.Ordinal) || s.Contains("13800138000", StringComparison.Ordinal)));
    }
}
