using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>Every counter action through REST, including the forbidden ones (409 problem+json).</summary>
[Collection(ServerCollection.Name)]
public sealed class CounterActionTests(RealServersFixture servers)
{
    private const string Counter = "c05";
    private static readonly DateTimeOffset Opening = new(2025, 3, 1, 1, 0, 0, TimeSpan.Zero);

    /// <summary>REST action -> the status it leads to from each status where the issue allows it.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Allowed = new()
    {
        ["call"] = new() { ["waiting"] = "called", ["parked"] = "called" },
        ["recall"] = new() { ["called"] = "called" },
        // From called it is allowed only after NoShowAfterRecalls recalls (none here): see the no-show test.
        ["no-show"] = new(),
        ["recycle"] = new() { ["called"] = "waiting" },
        ["park"] = new() { ["called"] = "parked", ["serving"] = "parked" },
        ["transfer"] = new() { ["waiting"] = "waiting", ["called"] = "waiting", ["serving"] = "waiting", ["parked"] = "waiting" },
        ["start"] = new() { ["called"] = "serving" },
        ["complete"] = new() { ["serving"] = "completed" },
    };

    private static readonly string[] Statuses = ["waiting", "called", "serving", "parked", "completed", "noShow", "cancelled"];

    [Fact]
    public async Task Every_action_from_every_status_is_allowed_or_a_409_problem_exactly_as_the_state_machine_says()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        await ReceptionApp.PostOkAsync(client, $"/api/v1/counters/{Counter}/open", new { staffId = "s-1" });

        var checkedCases = 0;
        foreach (var (action, allowedFrom) in Allowed)
        {
            foreach (var status in Statuses)
            {
                var visitId = await VisitInStatusAsync(app, client, status);
                using var response = await ActAsync(client, action, visitId);
                if (allowedFrom.TryGetValue(status, out var expected))
                {
                    var body = await response.Content.ReadAsStringAsync();
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action} from {status}: {response.StatusCode} {body}");
                    Assert.Equal(expected, JsonSerializer.Deserialize<JsonElement>(body).GetProperty("status").GetString());
                }
                else
                {
                    var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
                    Assert.Contains(status, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                    Assert.Equal(status, await app.ScalarAsync<string>($"SELECT status FROM visits WHERE id = '{visitId}'"));
                }
                checkedCases++;
            }
        }
        Assert.Equal(Allowed.Count * Statuses.Length, checkedCases);
    }

    [Fact]
    public async Task Completing_a_ticket_never_called_is_a_409_naming_its_state()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var visit = await app.CheckInAsync(client, "new-line");

        using var response = await ReceptionApp.PostAsync(client, $"/api/v1/visits/{visit.GetProperty("visitId").GetString()}/complete", new { counterId = Counter });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("waiting", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("complete", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_show_is_refused_until_the_configured_recalls_then_recorded()
    {
        await using var app = new ReceptionApp(servers, settings: new Dictionary<string, string> { ["Reception:NoShowAfterRecalls"] = "1" });
        using var client = app.CreateClient();
        var visit = await app.CheckInAsync(client, "billing");
        var id = visit.GetProperty("visitId").GetString();
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c03/call-next");

        using var tooEarly = await ReceptionApp.PostAsync(client, $"/api/v1/visits/{id}/no-show", new { counterId = "c03" });
        var problem = await ProblemAssert.IsProblemAsync(tooEarly, HttpStatusCode.Conflict);
        Assert.Contains("recalled 0 time(s)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var recalled = await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{id}/recall", new { counterId = "c03" });
        Assert.Equal(1, recalled.GetProperty("recallCount").GetInt32());
        var noShow = await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{id}/no-show", new { counterId = "c03" });
        Assert.Equal("noShow", noShow.GetProperty("status").GetString());
        Assert.Equal(["checkedIn", "called", "recalled", "noShow"], await EventTypesAsync(client, id!));
    }

    [Fact]
    public async Task Only_the_holding_counter_acts_and_a_closed_counter_cannot_call()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var visit = await app.CheckInAsync(client, "new-line");
        var id = visit.GetProperty("visitId").GetString();
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c01/call-next");

        using var otherCounter = await ReceptionApp.PostAsync(client, $"/api/v1/visits/{id}/start", new { counterId = "c02" });
        var problem = await ProblemAssert.IsProblemAsync(otherCounter, HttpStatusCode.Conflict);
        Assert.Contains("c01", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var closed = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c02/close");
        Assert.False(closed.GetProperty("isOpen").GetBoolean());
        _ = await app.CheckInAsync(client, "new-line");
        using var callNext = await ReceptionApp.PostAsync(client, "/api/v1/counters/c02/call-next");
        await ProblemAssert.IsProblemAsync(callNext, HttpStatusCode.Conflict);
        using var callSpecific = await ReceptionApp.PostAsync(client, "/api/v1/counters/c02/call", new { visitId = id, reason = "x" });
        await ProblemAssert.IsProblemAsync(callSpecific, HttpStatusCode.Conflict);

        // Open by one member of staff: another cannot take the counter over without closing it.
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c02/open", new { staffId = "s-1" });
        using var takeOver = await ReceptionApp.PostAsync(client, "/api/v1/counters/c02/open", new { staffId = "s-2" });
        await ProblemAssert.IsProblemAsync(takeOver, HttpStatusCode.Conflict);
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT count(*) FROM queue_events WHERE type IN ('counterOpened', 'counterClosed') AND counter_id = 'c02'"));
    }

    [Fact]
    public async Task Bad_action_requests_are_400_or_404_problems()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var visit = await app.CheckInAsync(client, "new-line");
        var id = visit.GetProperty("visitId").GetString();

        using var noCounter = await ReceptionApp.PostAsync(client, $"/api/v1/visits/{id}/start", new { });
        await ProblemAssert.IsValidationProblemAsync(noCounter, "counterId");
        using var noReason = await ReceptionApp.PostAsync(client, "/api/v1/counters/c01/call", new { visitId = id });
        await ProblemAssert.IsValidationProblemAsync(noReason, "reason");
        using var badTransfer = await ReceptionApp.PostAsync(client, $"/api/v1/visits/{id}/transfer", new { serviceType = "passport" });
        await ProblemAssert.IsValidationProblemAsync(badTransfer, "reason", "serviceType");
        using var noStaff = await ReceptionApp.PostAsync(client, "/api/v1/counters/c01/open", new { });
        await ProblemAssert.IsValidationProblemAsync(noStaff, "staffId");
        using var malformed = await client.PostAsync($"/api/v1/visits/{id}/recall", new StringContent("{\"counterId\":", System.Text.Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(malformed, HttpStatusCode.BadRequest);

        using var unknownVisit = await ReceptionApp.PostAsync(client, "/api/v1/visits/vis_nope/recall", new { counterId = "c01" });
        await ProblemAssert.IsProblemAsync(unknownVisit, HttpStatusCode.NotFound);
        using var unknownCounter = await ReceptionApp.PostAsync(client, $"/api/v1/visits/{id}/recall", new { counterId = "c99" });
        await ProblemAssert.IsProblemAsync(unknownCounter, HttpStatusCode.NotFound);
        using var unknownOpen = await ReceptionApp.PostAsync(client, "/api/v1/counters/c99/open", new { staffId = "s-1" });
        await ProblemAssert.IsProblemAsync(unknownOpen, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Calling_out_of_order_is_recorded_with_who_and_why_and_the_queue_order_stands()
    {
        await using var app = new ReceptionApp(servers, new FakeTimeProvider(Opening));
        using var client = app.CreateClient();
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c02/open", new { staffId = "s-42" });
        var first = await app.CheckInAsync(client, "new-line");
        var second = await app.CheckInAsync(client, "new-line");
        var third = await app.CheckInAsync(client, "new-line", "王小明");
        var thirdId = third.GetProperty("visitId").GetString()!;

        var called = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c02/call", new { visitId = thirdId, reason = "customer with an infant" });

        Assert.Equal(("called", "c02", "s-42"), (called.GetProperty("status").GetString(), called.GetProperty("counterId").GetString(), called.GetProperty("staffId").GetString()));
        Assert.Equal("王**", called.GetProperty("customerName").GetString());
        var events = await client.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{thirdId}/events");
        var outOfOrder = events.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "calledOutOfOrder");
        Assert.Equal(("c02", "s-42", "customer with an infant"),
            (outOfOrder.GetProperty("counterId").GetString(), outOfOrder.GetProperty("staffId").GetString(), outOfOrder.GetProperty("reason").GetString()));
        Assert.Equal(1L, await app.ScalarAsync<long>($"SELECT count(*) FROM queue_events WHERE visit_id = '{thirdId}' AND type = 'calledOutOfOrder' AND staff_id = 's-42' AND reason = 'customer with an infant'"));
        Assert.NotNull(app.Business.OrderFor(thirdId));

        var next = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c02/call-next");
        Assert.Equal(first.GetProperty("visitId").GetString(), next.GetProperty("visitId").GetString());
        using var again = await ReceptionApp.PostAsync(client, "/api/v1/counters/c01/call", new { visitId = thirdId, reason = "twice" });
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Equal(1, await app.QueueLengthAsync("new-line"));
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{second.GetProperty("visitId").GetString()}")).GetProperty("position").GetInt32());
    }

    [Fact]
    public async Task Recycle_returns_a_ticket_to_its_original_place_and_transfer_keeps_number_arrival_and_history()
    {
        var clock = new FakeTimeProvider(Opening);
        await using var app = new ReceptionApp(servers, clock);
        using var client = app.CreateClient();
        var a001 = await app.CheckInAsync(client, "new-line");
        clock.Advance(TimeSpan.FromSeconds(10));
        var a002 = await app.CheckInAsync(client, "new-line");
        clock.Advance(TimeSpan.FromSeconds(10));
        var b001 = await app.CheckInAsync(client, "plan-change");
        var a001Id = a001.GetProperty("visitId").GetString()!;
        var a002Id = a002.GetProperty("visitId").GetString()!;

        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(a001Id, (await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c01/call-next")).GetProperty("visitId").GetString());
        var recycled = await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{a001Id}/recycle", new { counterId = "c01" });
        Assert.Equal(("waiting", 1), (recycled.GetProperty("status").GetString(), recycled.GetProperty("position").GetInt32()));

        var transferred = await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{a002Id}/transfer",
            new { serviceType = "plan-change", reason = "wants a plan change too" });
        Assert.Equal(("waiting", "plan-change", "A002"),
            (transferred.GetProperty("status").GetString(), transferred.GetProperty("serviceType").GetString(), transferred.GetProperty("ticketNumber").GetString()));
        Assert.Equal(Opening.AddSeconds(10), transferred.GetProperty("arrivedAt").GetDateTimeOffset());
        // It arrived before B001, so it is first in the plan-change queue.
        Assert.Equal(1, transferred.GetProperty("position").GetInt32());
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{b001.GetProperty("visitId").GetString()}")).GetProperty("position").GetInt32());

        var c04 = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c04/call-next");
        Assert.Equal(a002Id, c04.GetProperty("visitId").GetString());
        Assert.Equal(["checkedIn", "transferred", "called"], await EventTypesAsync(client, a002Id));
        var transfer = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{a002Id}/events")).GetProperty("items")[1];
        Assert.Equal(("new-line", "plan-change", "wants a plan change too"),
            (transfer.GetProperty("fromServiceType").GetString(), transfer.GetProperty("toServiceType").GetString(), transfer.GetProperty("reason").GetString()));

        // The served visit is transferred back from the counter and queues at its original arrival time.
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{a002Id}/start", new { counterId = "c04" });
        var back = await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{a002Id}/transfer", new { serviceType = "new-line", reason = "SIM needed", counterId = "c04" });
        // A001 arrived 10 s before A002, so it stays ahead; A002 is back at its own arrival place, second.
        Assert.Equal(("waiting", 2), (back.GetProperty("status").GetString(), back.GetProperty("position").GetInt32()));
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{a001Id}")).GetProperty("position").GetInt32());
        Assert.Equal(2, await app.QueueLengthAsync("new-line"));
        Assert.Equal(1, await app.QueueLengthAsync("plan-change"));
    }

    [Fact]
    public async Task Staff_registration_with_an_id_document_stores_it_and_shows_it_masked()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        var visit = await app.CheckInWithAsync(client, new
        {
            customerName = "王小明", customerPhone = "13800138000", serviceType = "new-line", channel = "store",
            idDocumentType = "idCard", idDocumentNumber = "110101199003077777", priorityClass = "green",
        });

        Assert.Equal(("idCard", "**************7777", "green"),
            (visit.GetProperty("idDocumentType").GetString(), visit.GetProperty("idDocumentNumber").GetString(), visit.GetProperty("priorityClass").GetString()));
        var id = visit.GetProperty("visitId").GetString();
        Assert.StartsWith("v1:", await app.ScalarAsync<string>($"SELECT id_document_number FROM visits WHERE id = '{id}'"), StringComparison.Ordinal);
        Assert.Equal("110101199003077777", (await app.StoredVisitAsync(id!)).IdDocumentNumber);
        Assert.Equal("priorityClass:green", await app.ScalarAsync<string>($"SELECT reason FROM queue_events WHERE visit_id = '{id}' AND type = 'checkedIn'"));
        using var called = await ReceptionApp.PostAsync(client, "/api/v1/counters/c01/call-next");
        var text = await called.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, called.StatusCode);
        Assert.Equal(id, JsonSerializer.Deserialize<JsonElement>(text).GetProperty("visitId").GetString());
        Assert.DoesNotContain("110101199003077777", text, StringComparison.Ordinal);
        Assert.DoesNotContain("*7777", text, StringComparison.Ordinal);
        Assert.DoesNotContain("idDocument", text, StringComparison.Ordinal);
        Assert.DoesNotContain("王", text, StringComparison.Ordinal);
    }

    private static async Task<string[]> EventTypesAsync(HttpClient client, string visitId) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{visitId}/events")).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, string action, string visitId) => action switch
    {
        "call" => ReceptionApp.PostAsync(client, $"/api/v1/counters/{Counter}/call", new { visitId, reason = "matrix" }),
        "transfer" => ReceptionApp.PostAsync(client, $"/api/v1/visits/{visitId}/transfer", new { serviceType = "plan-change", reason = "matrix", counterId = Counter }),
        _ => ReceptionApp.PostAsync(client, $"/api/v1/visits/{visitId}/{action}", new { counterId = Counter }),
    };

    /// <summary>A new-line visit driven through REST to <paramref name="status"/> at counter c05.</summary>
    private static async Task<string> VisitInStatusAsync(ReceptionApp app, HttpClient client, string status)
    {
        var id = (await app.CheckInAsync(client, "new-line")).GetProperty("visitId").GetString()!;
        async Task Do(string action) { using var r = await ActAsync(client, action, id); Assert.Equal(HttpStatusCode.OK, r.StatusCode); }
        switch (status)
        {
            case "waiting":
                break;
            case "called":
                await Do("call");
                break;
            case "serving":
                await Do("call");
                await Do("start");
                break;
            case "parked":
                await Do("call");
                await Do("park");
                break;
            case "completed":
                await Do("call");
                await Do("start");
                await Do("complete");
                break;
            case "noShow":
                await Do("call");
                await Do("recall");
                await Do("recall");
                await Do("no-show");
                break;
            case "cancelled":
                // The only ways there are check-in compensation and the day's close; set it as they would.
                await app.ExecuteSqlAsync($"UPDATE visits SET status = 'cancelled', outcome = 'closedAtDayEnd' WHERE id = '{id}'");
                await app.RedisDb.SortedSetRemoveAsync(Reception.Data.QueueKeys.Queue(ReceptionApp.Hall, "new-line"), id);
                break;
        }
        Assert.Equal(status, await app.ScalarAsync<string>($"SELECT status FROM visits WHERE id = '{id}'"));
        return id;
    }
}
