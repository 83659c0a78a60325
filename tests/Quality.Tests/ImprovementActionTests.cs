using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Quality.Application;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace HallPlatform.Quality.Tests;

/// <summary>Improvement actions through REST on real PostgreSQL: lifecycle, owner steps, hall isolation, overdue list, bad input.</summary>
[Collection(ServersCollection.Name)]
public sealed class ImprovementActionTests : IAsyncLifetime
{
    private const string Actions = "/api/v1/improvement-actions";
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly HallCaller Analyst = TestCallers.Staff("usr_qa", HallRoles.QualityAnalyst, "hall-001");
    private static readonly HallCaller Supervisor = TestCallers.Staff("usr_li", HallRoles.Supervisor, "hall-001");
    private static readonly HallCaller Owner = TestCallers.Staff("usr_wang", HallRoles.CounterAgent, "hall-001");
    private static readonly HallCaller Colleague = TestCallers.Staff("usr_zhao", HallRoles.CounterAgent, "hall-001");
    private static readonly HallCaller OtherHall = TestCallers.Staff("usr_qc", HallRoles.QualityAnalyst, "hall-002");

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly QualityApp _app;

    public ImprovementActionTests(RealServersFixture servers) => _app = new QualityApp(servers) { Clock = _clock };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static object NewAction(string hallId = "hall-001", string dueDate = "2026-12-20", string ownerId = "usr_wang") => new
    {
        hallId, title = "Second ticket printer", description = "Order and install a second printer at the entrance.", ownerId, dueDate,
        metric = "waitingTimeAvg", baseline = 612.5, target = 420,
    };

    private static async Task<string> CreateAsync(HttpClient client, object body)
    {
        using var created = await client.PostAsJsonAsync(Actions, body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var json = await created.ReadJsonAsync();
        var id = json.GetProperty("actionId").GetString()!;
        Assert.Equal($"{Actions}/{id}", created.Headers.Location?.OriginalString);
        return id;
    }

    private static async Task<JsonElement> MoveAsync(HttpClient client, string id, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var moved = await client.PostAsJsonAsync($"{Actions}/{id}/status", body);
        Assert.Equal(expected, moved.StatusCode);
        return await moved.ReadJsonAsync();
    }

    [Fact]
    public async Task An_action_goes_open_in_progress_done_back_and_verified_with_its_history_and_audit()
    {
        using var analyst = _app.CreateClientAs(Analyst);
        using var supervisor = _app.CreateClientAs(Supervisor);
        using var owner = _app.CreateClientAs(Owner);

        var id = await CreateAsync(analyst, NewAction());
        Assert.StartsWith("act_", id, StringComparison.Ordinal);
        var created = await analyst.GetFromJsonAsync<JsonElement>($"{Actions}/{id}");
        Assert.Equal(("hall-001", "usr_wang", "2026-12-20", "waitingTimeAvg", 612.5, 420.0, "open", false),
            (created.GetProperty("hallId").GetString(), created.GetProperty("ownerId").GetString(), created.GetProperty("dueDate").GetString(),
             created.GetProperty("metric").GetString(), created.GetProperty("baseline").GetDouble(), created.GetProperty("target").GetDouble(),
             created.GetProperty("status").GetString(), created.GetProperty("overdue").GetBoolean()));

        _clock.Advance(TimeSpan.FromHours(1));
        await MoveAsync(owner, id, new { status = "inProgress", note = "Printer ordered" });
        // The owner finishes with a result; without one, done is refused naming the field.
        await ProblemAssert.IsValidationProblemAsync(await owner.PostAsJsonAsync($"{Actions}/{id}/status", new { status = "done" }), "result");
        _clock.Advance(TimeSpan.FromHours(1));
        await MoveAsync(owner, id, new { status = "done", result = "Second printer installed on 5 Dec." });
        // Verification is the managers': the owner gets 403, a manager sends it back, then verifies.
        await ProblemAssert.IsProblemAsync(await owner.PostAsJsonAsync($"{Actions}/{id}/status", new { status = "verified" }), HttpStatusCode.Forbidden);
        _clock.Advance(TimeSpan.FromHours(1));
        await MoveAsync(supervisor, id, new { status = "inProgress", note = "Waiting time unchanged: the printer is not announced." });
        _clock.Advance(TimeSpan.FromHours(1));
        await MoveAsync(owner, id, new { status = "done", result = "Printer announced at the door; waiting time 430 s." });
        _clock.Advance(TimeSpan.FromHours(1));
        var verified = await MoveAsync(analyst, id, new { status = "verified", note = "Waiting time down to 430 s." });

        Assert.Equal(("verified", "Printer announced at the door; waiting time 430 s."), (verified.GetProperty("status").GetString(), verified.GetProperty("result").GetString()));
        Assert.Equal(
            [((string?)null, "open", "usr_qa", Now), ("open", "inProgress", "usr_wang", Now.AddHours(1)), ("inProgress", "done", "usr_wang", Now.AddHours(2)),
             ("done", "inProgress", "usr_li", Now.AddHours(3)), ("inProgress", "done", "usr_wang", Now.AddHours(4)), ("done", "verified", "usr_qa", Now.AddHours(5))],
            verified.GetProperty("history").EnumerateArray().Select(h => (h.GetProperty("from").GetString(), h.GetProperty("to").GetString()!,
                h.GetProperty("by").GetString()!, h.GetProperty("at").GetDateTimeOffset())));

        // Final: any further move is 409 naming the state.
        var final = await ProblemAssert.IsProblemAsync(await analyst.PostAsJsonAsync($"{Actions}/{id}/status", new { status = "cancelled" }), HttpStatusCode.Conflict);
        Assert.Contains("'verified'", final.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var trail = await _app.WithDbAsync(db => db.Set<AuditEntry>().Where(e => e.RecordType == ImprovementActions.RecordType).OrderBy(e => e.Id)
            .Select(e => new { e.Action, e.After, e.HallId }).ToListAsync());
        Assert.Equal([ImprovementActions.CreatedAction, .. Enumerable.Repeat(ImprovementActions.StatusChangedAction, 5)], trail.Select(e => e.Action));
        Assert.All(trail, e => Assert.Equal("hall-001", e.HallId));
        Assert.All(trail, e => Assert.DoesNotContain("announced", e.After ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_managers_of_the_hall_and_the_owner_see_an_action_and_others_get_404_like_an_unknown_id()
    {
        using var analyst = _app.CreateClientAs(Analyst);
        using var owner = _app.CreateClientAs(Owner);
        using var colleague = _app.CreateClientAs(Colleague);
        using var otherHall = _app.CreateClientAs(OtherHall);
        var id = await CreateAsync(analyst, NewAction());

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"{Actions}/{id}")).StatusCode);
        var unknown = await ProblemAssert.IsProblemAsync(await otherHall.GetAsync($"{Actions}/act_unknown"), HttpStatusCode.NotFound);
        var foreign = await ProblemAssert.IsProblemAsync(await otherHall.GetAsync($"{Actions}/{id}"), HttpStatusCode.NotFound);
        Assert.Equal(unknown.GetProperty("title").GetString(), foreign.GetProperty("title").GetString());
        await ProblemAssert.IsProblemAsync(await otherHall.PostAsJsonAsync($"{Actions}/{id}/status", new { status = "cancelled" }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await colleague.GetAsync($"{Actions}/{id}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await colleague.PostAsJsonAsync($"{Actions}/{id}/status", new { status = "inProgress" }), HttpStatusCode.NotFound);
        // The owner may not cancel; a counter agent may not create or list.
        await ProblemAssert.IsProblemAsync(await owner.PostAsJsonAsync($"{Actions}/{id}/status", new { status = "cancelled" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await owner.PostAsJsonAsync(Actions, NewAction()), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await owner.GetAsync(Actions), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await otherHall.PostAsJsonAsync(Actions, NewAction("hall-001")), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await otherHall.GetAsync($"{Actions}?hallId=hall-001"), HttpStatusCode.Forbidden);

        // Lists: the other hall sees none of hall-001's; the owner sees theirs under /mine.
        Assert.Equal(0, (await otherHall.GetFromJsonAsync<JsonElement>(Actions)).GetProperty("total").GetInt32());
        var listed = await analyst.GetFromJsonAsync<JsonElement>($"{Actions}?status=open&metric=waitingTimeAvg&ownerId=usr_wang");
        Assert.Equal([id], listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("actionId").GetString()));
        Assert.Equal(0, (await analyst.GetFromJsonAsync<JsonElement>($"{Actions}?status=done")).GetProperty("total").GetInt32());
        var mine = await owner.GetFromJsonAsync<JsonElement>($"{Actions}/mine");
        Assert.Equal([id], mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("actionId").GetString()));
        Assert.Equal(0, (await colleague.GetFromJsonAsync<JsonElement>($"{Actions}/mine")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_overdue_list_holds_pending_actions_past_their_due_date_by_the_service_clock()
    {
        using var analyst = _app.CreateClientAs(Analyst);
        using var otherHall = _app.CreateClientAs(OtherHall);
        var dueToday = await CreateAsync(analyst, NewAction(dueDate: "2026-12-02"));
        var dueYesterday = await CreateAsync(analyst, NewAction(dueDate: "2026-12-01"));
        var longAgo = await CreateAsync(analyst, NewAction(dueDate: "2026-11-01"));
        var doneLate = await CreateAsync(analyst, NewAction(dueDate: "2026-11-15"));
        var cancelled = await CreateAsync(analyst, NewAction(dueDate: "2026-11-15"));
        var otherHallLate = await CreateAsync(otherHall, NewAction(hallId: "hall-002", dueDate: "2026-11-01"));
        await MoveAsync(analyst, doneLate, new { status = "inProgress" });
        await MoveAsync(analyst, doneLate, new { status = "done", result = "Done late." });
        await MoveAsync(analyst, cancelled, new { status = "cancelled", note = "Superseded." });

        async Task<string[]> OverdueAsync(HttpClient client, string query = "")
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"{Actions}/overdue{query}");
            Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("overdue").GetBoolean()));
            return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("actionId").GetString()!)];
        }

        Assert.Equal([longAgo, dueYesterday], await OverdueAsync(analyst));
        Assert.Equal([otherHallLate], await OverdueAsync(otherHall));

        // Midnight UTC: the action due on 2 December becomes overdue.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal([longAgo, dueYesterday, dueToday], await OverdueAsync(analyst, "?hallId=hall-001"));
        Assert.Equal([dueYesterday], await OverdueAsync(analyst, "?page=2&pageSize=1"));
        await ProblemAssert.IsProblemAsync(await otherHall.GetAsync($"{Actions}/overdue?hallId=hall-001"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_input_is_400_naming_each_field()
    {
        using var analyst = _app.CreateClientAs(Analyst);

        await ProblemAssert.IsValidationProblemAsync(await analyst.PostAsJsonAsync(Actions, new { }), "hallId", "title", "ownerId", "dueDate", "metric");
        await ProblemAssert.IsValidationProblemAsync(await analyst.PostAsJsonAsync(Actions, new
        {
            hallId = "HALL 1", title = new string('t', 201), description = new string('d', 2001), ownerId = "usr wang", dueDate = "2026-13-01",
            metric = "happiness", baseline = 1e12, target = -1e10,
        }), "hallId", "title", "description", "ownerId", "dueDate", "metric", "baseline", "target");
        // Far dates and NUL characters.
        await ProblemAssert.IsValidationProblemAsync(await analyst.PostAsJsonAsync(Actions, NewAction(dueDate: "9999-12-31")), "dueDate");
        await ProblemAssert.IsValidationProblemAsync(await analyst.PostAsJsonAsync(Actions, NewAction(dueDate: "1900-01-01")), "dueDate");
        await ProblemAssert.IsProblemAsync(await analyst.PostAsJsonAsync(Actions, NewAction(ownerId: "usr\u0000wang")), HttpStatusCode.BadRequest);
        var id = await CreateAsync(analyst, NewAction());
        await ProblemAssert.IsValidationProblemAsync(await analyst.PostAsJsonAsync($"{Actions}/{id}/status", new { status = "finished", note = new string('n', 1001) }), "status", "note");
        await ProblemAssert.IsValidationProblemAsync(await analyst.PostAsJsonAsync($"{Actions}/{id}/status", new { }), "status");
        await ProblemAssert.IsValidationProblemAsync(await analyst.GetAsync($"{Actions}?status=x&metric=y&hallId=A%20B&page=99999999"), "status", "metric", "hallId", "page");
        await ProblemAssert.IsValidationProblemAsync(await analyst.GetAsync($"{Actions}/overdue?pageSize=1000"), "pageSize");
        // A forbidden move is 409: open cannot be done at once.
        await ProblemAssert.IsProblemAsync(await analyst.PostAsJsonAsync($"{Actions}/{id}/status", new { status = "done", result = "x" }), HttpStatusCode.Conflict);
    }
}
