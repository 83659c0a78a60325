using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using HallPlatform.Audit;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Identity;
using HallPlatform.Messaging;
using HallPlatform.Quality.Staff.Application;
using HallPlatform.Quality.Staff.Domain;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace HallPlatform.Quality.Tests.Staff;

[Collection(ServersCollection.Name)]
public sealed class SuggestionTests(RealServersFixture servers)
{
    private const string Suggestions = "/api/v1/suggestions";

    private static readonly HallCaller Wang = TestCallers.Staff("usr_wang", HallRoles.CounterAgent, "hall-001");
    private static readonly HallCaller Li = TestCallers.Staff("usr_li", HallRoles.Supervisor, "hall-001");

    [Fact]
    public async Task A_suggestion_is_triaged_accepted_linked_and_implemented_and_the_submitter_sees_the_response()
    {
        await using var app = new QualityApp(servers);
        using var wang = app.CreateClientAs(Wang);
        using var li = app.CreateClientAs(Li);

        using var submitted = await wang.PostAsJsonAsync(Suggestions, new { hallId = "hall-001", title = "Second printer", text = "The queue at the only printer is long." });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.ReadJsonAsync()).GetProperty("suggestionId").GetString()!;

        await ProblemAssert.IsValidationProblemAsync(await li.PostAsJsonAsync($"{Suggestions}/{id}/status", new { status = "triaged" }), "category");
        await ProblemAssert.IsProblemAsync(await li.PutAsJsonAsync($"{Suggestions}/{id}/improvement-action", new { improvementActionId = "act_1" }), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await li.PostAsJsonAsync($"{Suggestions}/{id}/status", new { status = "triaged", category = "facilities" })).StatusCode);
        await ProblemAssert.IsValidationProblemAsync(await li.PostAsJsonAsync($"{Suggestions}/{id}/status", new { status = "accepted" }), "response");
        Assert.Equal(HttpStatusCode.OK, (await li.PostAsJsonAsync($"{Suggestions}/{id}/status", new { status = "accepted", response = "A second printer is ordered." })).StatusCode);
        // The action must exist in the suggestion's hall: an unknown one, or another hall's, is 404 naming the field.
        var actionId = await CreateActionAsync(li, "hall-001");
        using var otherHallBoss = app.CreateClientAs(TestCallers.Staff("usr_boss2", HallRoles.Supervisor, "hall-002"));
        var otherHallAction = await CreateActionAsync(otherHallBoss, "hall-002");
        using var unknownAction = await li.PutAsJsonAsync($"{Suggestions}/{id}/improvement-action", new { improvementActionId = "act_42" });
        await ProblemAssert.IsProblemAsync(unknownAction, HttpStatusCode.NotFound);
        using var foreignAction = await li.PutAsJsonAsync($"{Suggestions}/{id}/improvement-action", new { improvementActionId = otherHallAction });
        var foreign = await ProblemAssert.IsProblemAsync(foreignAction, HttpStatusCode.NotFound);
        Assert.StartsWith("improvementActionId:", foreign.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await li.PutAsJsonAsync($"{Suggestions}/{id}/improvement-action", new { improvementActionId = actionId })).StatusCode);
        await ProblemAssert.IsProblemAsync(await li.PostAsJsonAsync($"{Suggestions}/{id}/status", new { status = "rejected", response = "No." }), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await li.PostAsJsonAsync($"{Suggestions}/{id}/status", new { status = "implemented" })).StatusCode);

        var mine = await wang.GetFromJsonAsync<JsonElement>($"{Suggestions}/mine");
        var item = Assert.Single(mine.GetProperty("items").EnumerateArray());
        Assert.Equal((id, "implemented", "facilities", "A second printer is ordered.", actionId),
            (item.GetProperty("suggestionId").GetString(), item.GetProperty("status").GetString(), item.GetProperty("category").GetString(),
             item.GetProperty("response").GetString(), item.GetProperty("improvementActionId").GetString()));
        using var other = app.CreateClientAs(TestCallers.Staff("usr_zhao", HallRoles.CounterAgent, "hall-001"));
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>($"{Suggestions}/mine")).GetProperty("total").GetInt32());
        await ProblemAssert.IsProblemAsync(await other.GetAsync($"{Suggestions}/{id}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await wang.GetAsync($"{Suggestions}/{id}")).StatusCode);
        using var otherHall = app.CreateClientAs(TestCallers.Staff("usr_boss2", HallRoles.Supervisor, "hall-002"));
        await ProblemAssert.IsProblemAsync(await otherHall.PostAsJsonAsync($"{Suggestions}/{id}/status", new { status = "implemented" }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await wang.GetAsync(Suggestions), HttpStatusCode.Forbidden);

        var trail = await app.WithDbAsync(db => db.Set<AuditEntry>().Where(e => e.RecordType == SuggestionHandling.RecordType).OrderBy(e => e.Id)
            .Select(e => new { e.Action, e.After }).ToListAsync());
        Assert.Equal(["suggestion.submitted", "suggestion.status-changed", "suggestion.status-changed", "suggestion.action-linked", "suggestion.status-changed"],
            trail.Select(e => e.Action));
        Assert.All(trail, e => Assert.DoesNotContain("printer is long", e.After ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Complaints_and_dissatisfied_survey_answers_become_one_feedback_item_each_and_the_themes_count_them()
    {
        EventEnvelope[] events =
        [
            Envelope(1, IntegrationEventTypes.ComplaintStatusChanged, """{"complaintId":"cmp_1","from":"received","to":"acknowledged","category":"billing"}"""),
            Envelope(2, IntegrationEventTypes.ComplaintStatusChanged, """{"complaintId":"cmp_1","from":"acknowledged","to":"assessed","category":"billing"}"""),
            Envelope(3, IntegrationEventTypes.SurveyAnswered, """{"responseId":"srv_1","caseType":"visit","caseId":"vis_1","csatScore":2,"npsScore":9}"""),
            Envelope(4, IntegrationEventTypes.SurveyAnswered, """{"responseId":"srv_2","caseType":"visit","caseId":"vis_2","csatScore":5,"npsScore":10}"""),
            Envelope(5, IntegrationEventTypes.SurveyAnswered, """{"responseId":"srv_3","caseType":"order","caseId":"ord_3","csatScore":4,"npsScore":6}"""),
        ];
        await using var app = new QualityApp(servers) { EventSource = new TwiceDeliveredEvents(events) };
        _ = app.Server;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await app.WithDbAsync(db => db.Set<ConsumerPosition>().AnyAsync(p => p.Producer == "test" && p.Position == 5)))
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the events.");
            await Task.Delay(20);
        }

        var items = await app.WithDbAsync(db => db.Set<Suggestion>().AsNoTracking().OrderBy(s => s.CaseReference).ToListAsync());
        Assert.Equal([(FeedbackSource.Complaint, "cmp_1", (int?)null, (int?)null), (FeedbackSource.Survey, "srv_1", 2, 9), (FeedbackSource.Survey, "srv_3", 4, 6)],
            items.Select(i => (i.Source, i.CaseReference!, i.CsatScore, i.NpsScore)));
        Assert.All(items, i => Assert.Equal(("hall-001", SuggestionStatus.Submitted, (string?)null), (i.HallId, i.Status, i.Text)));

        using var li = app.CreateClientAs(Li);
        var survey = items.Single(i => i.CaseReference == "srv_1").SuggestionId;
        using var attached = await li.PutAsJsonAsync($"{Suggestions}/{survey}/text", new { text = "The customer wrote: too slow at counter 3." });
        Assert.Equal("The customer wrote: too slow at counter 3.", (await attached.ReadJsonAsync()).GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.OK, (await li.PostAsJsonAsync($"{Suggestions}/{survey}/status", new { status = "triaged", category = "waiting-time" })).StatusCode);

        var now = DateTimeOffset.UtcNow;
        var from = Uri.EscapeDataString(now.AddHours(-1).ToString("O", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(now.AddHours(1).ToString("O", CultureInfo.InvariantCulture));
        var themes = await li.GetFromJsonAsync<JsonElement>($"/api/v1/feedback-themes?hallId=hall-001&from={from}&to={to}");
        Assert.Equal(3, themes.GetProperty("total").GetInt32());
        Assert.Equal([((string?)null, "submitted", "complaint", 1), (null, "submitted", "survey", 1), ("waiting-time", "triaged", "survey", 1)],
            themes.GetProperty("counts").EnumerateArray().Select(c => (c.GetProperty("category").GetString(), c.GetProperty("status").GetString()!,
                c.GetProperty("source").GetString()!, c.GetProperty("count").GetInt32())));
        await ProblemAssert.IsValidationProblemAsync(await li.GetAsync($"/api/v1/feedback-themes?from=yesterday&to={to}"), "from");
    }

    [Fact]
    public async Task Bad_input_is_400_naming_each_field()
    {
        await using var app = new QualityApp(servers);
        using var wang = app.CreateClientAs(Wang);
        using var li = app.CreateClientAs(Li);

        await ProblemAssert.IsValidationProblemAsync(await wang.PostAsJsonAsync(Suggestions, new { }), "hallId", "title", "text");
        await ProblemAssert.IsValidationProblemAsync(await wang.PostAsJsonAsync(Suggestions, new { hallId = "HALL 1", title = new string('t', 201), text = new string('x', 4001) }), "hallId", "title", "text");
        await ProblemAssert.IsProblemAsync(await wang.PostAsJsonAsync(Suggestions, new { hallId = "hall-002", title = "t", text = "x" }), HttpStatusCode.Forbidden);
        using var created = await wang.PostAsJsonAsync(Suggestions, new { hallId = "hall-001", title = "t", text = "x" });
        var id = (await created.ReadJsonAsync()).GetProperty("suggestionId").GetString()!;
        await ProblemAssert.IsValidationProblemAsync(await li.PostAsJsonAsync($"{Suggestions}/{id}/status", new { status = "done", category = "misc" }), "status", "category");
        await ProblemAssert.IsValidationProblemAsync(await li.PutAsJsonAsync($"{Suggestions}/{id}/improvement-action", new { improvementActionId = "act 1/../" }), "improvementActionId");
        await ProblemAssert.IsProblemAsync(await li.PutAsJsonAsync($"{Suggestions}/{id}/text", new { text = "replace" }), HttpStatusCode.Conflict);
        await ProblemAssert.IsValidationProblemAsync(await li.GetAsync($"{Suggestions}?status=x&source=y&page=99999999"), "status", "source", "page");
    }

    private static async Task<string> CreateActionAsync(HttpClient client, string hallId)
    {
        using var created = await client.PostAsJsonAsync("/api/v1/improvement-actions",
            new { hallId, title = "Second printer", ownerId = "usr_wang", dueDate = "2026-12-31", metric = "waitingTimeAvg" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync()).GetProperty("actionId").GetString()!;
    }

    private static EventEnvelope Envelope(long position, string type, string payload) => new()
    {
        Position = position, EventId = Guid.NewGuid().ToString(), Type = type, Producer = "test", SubjectId = "s" + position,
        HallId = "hall-001", JourneyId = "", PayloadJson = payload, OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), HeadPosition = 5,
    };
}
