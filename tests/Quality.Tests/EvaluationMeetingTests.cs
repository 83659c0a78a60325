using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace HallPlatform.Quality.Tests;

/// <summary>Evaluation meetings on real PostgreSQL: figures snapshot, findings raising actions, the previous meeting's actions, hall scope, bad input.</summary>
[Collection(ServersCollection.Name)]
public sealed class EvaluationMeetingTests : IAsyncLifetime
{
    private const string Meetings = "/api/v1/evaluation-meetings";
    private const string Actions = "/api/v1/improvement-actions";
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly HallCaller Analyst = TestCallers.Staff("usr_qa", HallRoles.QualityAnalyst, "hall-001");
    private static readonly HallCaller Owner = TestCallers.Staff("usr_wang", HallRoles.CounterAgent, "hall-001");
    private static readonly HallCaller OtherHall = TestCallers.Staff("usr_qc", HallRoles.QualityAnalyst, "hall-002");

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly QualityApp _app;

    public EvaluationMeetingTests(RealServersFixture servers) => _app = new QualityApp(servers) { Clock = _clock };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>
    /// The known data set: four answers of hall-001 in November (CSAT 5,4,2,3; NPS 10,9,3,7; FCR yes, no, yes, not asked),
    /// one of hall-001 in December and one of hall-002 in November (both outside the figures asked for).
    /// CSAT = 2 satisfied / 4 = 50; NPS = (2 promoters - 1 detractor) / 4 = 25; FCR = 2 / 3 answered = 66.67.
    /// </summary>
    private Task<int> SeedAnswersAsync() => _app.WithDbAsync(async db =>
    {
        var november = new DateTimeOffset(2026, 11, 10, 9, 0, 0, TimeSpan.Zero);
        (string Case, string Hall, int Csat, int Nps, bool? Fcr, DateTimeOffset At)[] answers =
        [
            ("vis_1", "hall-001", 5, 10, true, november),
            ("vis_2", "hall-001", 4, 9, false, november.AddDays(1)),
            ("vis_3", "hall-001", 2, 3, true, november.AddDays(2)),
            ("vis_4", "hall-001", 3, 7, null, november.AddDays(3)),
            ("vis_5", "hall-001", 1, 0, false, new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)),
            ("vis_6", "hall-002", 1, 0, false, november),
        ];
        foreach (var a in answers)
        {
            db.SurveyResponses.Add(SurveyResponse.Record(SurveyResponse.NewId(), new SurveyAnswer(CaseType.Visit, a.Case, a.Hall, a.Csat, a.Nps, null, a.Fcr), a.At));
        }
        return await db.SaveChangesAsync();
    });

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static Dictionary<string, double> Figures(JsonElement meeting) =>
        meeting.GetProperty("figures").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());

    [Fact]
    public async Task A_meeting_records_figures_and_findings_raises_actions_and_the_next_meeting_shows_what_they_achieved()
    {
        await SeedAnswersAsync();
        using var analyst = _app.CreateClientAs(Analyst);
        using var owner = _app.CreateClientAs(Owner);
        using var otherHall = _app.CreateClientAs(OtherHall);

        using var firstResponse = await analyst.PostAsJsonAsync(Meetings, new
        {
            hallId = "hall-001", heldOn = "2026-11-05", participants = new[] { "usr_qa", "usr_li", "usr_qa" },
            figures = new Dictionary<string, double> { ["waitingTimeAvg"] = 612, ["csat"] = 80.5 },
            findings = new[] { "The queue at the entrance is long at 9:00.", "Forms are unclear." },
        });
        var first = await CreatedAsync(firstResponse);
        var firstId = first.GetProperty("meetingId").GetString()!;
        Assert.StartsWith("mtg_", firstId, StringComparison.Ordinal);
        Assert.Equal($"{Meetings}/{firstId}", firstResponse.Headers.Location?.OriginalString);
        Assert.Equal(new Dictionary<string, double> { ["csat"] = 80.5, ["waitingTimeAvg"] = 612 }, Figures(first));
        Assert.Equal(("caller", "2026-11-05"), (first.GetProperty("figuresSource").GetString(), first.GetProperty("heldOn").GetString()));
        Assert.Equal(["usr_qa", "usr_li"], first.GetProperty("participants").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("previousMeeting").ValueKind);
        var findings = first.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal([(1, "The queue at the entrance is long at 9:00."), (2, "Forms are unclear.")],
            findings.Select(f => (f.GetProperty("number").GetInt32(), f.GetProperty("text").GetString()!)));
        var queueFinding = findings[0].GetProperty("findingId").GetString()!;

        // The first finding raises an action in the meeting's hall; the owner works it.
        var action = await CreatedAsync(await analyst.PostAsJsonAsync($"{Meetings}/{firstId}/findings/{queueFinding}/actions", new
        {
            title = "Open a second counter at 9:00", ownerId = "usr_wang", dueDate = "2026-11-30", metric = "waitingTimeAvg", baseline = 612, target = 400,
        }));
        var actionId = action.GetProperty("actionId").GetString()!;
        Assert.Equal(("hall-001", firstId, queueFinding, "open"), (action.GetProperty("hallId").GetString(), action.GetProperty("meetingId").GetString(),
            action.GetProperty("findingId").GetString(), action.GetProperty("status").GetString()));
        await ProblemAssert.IsProblemAsync(await analyst.PostAsJsonAsync($"{Meetings}/{firstId}/findings/fnd_unknown/actions", new
        {
            title = "x", ownerId = "usr_wang", dueDate = "2026-11-30", metric = "csat",
        }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await otherHall.PostAsJsonAsync($"{Meetings}/{firstId}/findings/{queueFinding}/actions", new
        {
            title = "x", ownerId = "usr_wang", dueDate = "2026-11-30", metric = "csat",
        }), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"{Actions}/{actionId}/status", new { status = "inProgress" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"{Actions}/{actionId}/status",
            new { status = "done", result = "Second counter opens at 8:45; average wait 430 s." })).StatusCode);

        // The second meeting takes its figures from November's survey answers and shows the first meeting's action.
        var second = await CreatedAsync(await analyst.PostAsJsonAsync(Meetings, new
        {
            hallId = "hall-001", heldOn = "2026-12-01", participants = new[] { "usr_qa" },
            figuresFrom = "2026-11-01T00:00:00Z", figuresTo = "2026-12-01T00:00:00Z", findings = Array.Empty<string>(),
        }));
        var secondId = second.GetProperty("meetingId").GetString()!;
        Assert.Equal(new Dictionary<string, double> { ["csat"] = 50, ["nps"] = 25, ["fcr"] = 66.67 }, Figures(second));
        Assert.Equal("statistics", second.GetProperty("figuresSource").GetString());

        // Answers arriving later change nothing in the snapshot.
        await _app.WithDbAsync(async db =>
        {
            db.SurveyResponses.Add(SurveyResponse.Record(SurveyResponse.NewId(),
                new SurveyAnswer(CaseType.Visit, "vis_7", "hall-001", 1, 0, null, false), new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero)));
            return await db.SaveChangesAsync();
        });
        var read = await analyst.GetFromJsonAsync<JsonElement>($"{Meetings}/{secondId}");
        Assert.Equal(new Dictionary<string, double> { ["csat"] = 50, ["nps"] = 25, ["fcr"] = 66.67 }, Figures(read));
        var previous = read.GetProperty("previousMeeting");
        Assert.Equal(("2026-11-05", firstId), (previous.GetProperty("heldOn").GetString(), previous.GetProperty("meetingId").GetString()));
        var achieved = Assert.Single(previous.GetProperty("actions").EnumerateArray());
        Assert.Equal((actionId, queueFinding, "done", "Second counter opens at 8:45; average wait 430 s.", false),
            (achieved.GetProperty("actionId").GetString(), achieved.GetProperty("findingId").GetString(), achieved.GetProperty("status").GetString(),
             achieved.GetProperty("result").GetString(), achieved.GetProperty("overdue").GetBoolean()));
        Assert.Empty(read.GetProperty("actions").EnumerateArray());

        // The first meeting lists its own action and has no previous meeting.
        var firstRead = await analyst.GetFromJsonAsync<JsonElement>($"{Meetings}/{firstId}");
        Assert.Equal([actionId], firstRead.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("actionId").GetString()));
        Assert.Equal(JsonValueKind.Null, firstRead.GetProperty("previousMeeting").ValueKind);

        // Hall scope: another hall's meeting is 404 like an unknown id, and not listed.
        var unknown = await ProblemAssert.IsProblemAsync(await otherHall.GetAsync($"{Meetings}/mtg_unknown"), HttpStatusCode.NotFound);
        var foreign = await ProblemAssert.IsProblemAsync(await otherHall.GetAsync($"{Meetings}/{secondId}"), HttpStatusCode.NotFound);
        Assert.Equal(unknown.GetProperty("title").GetString(), foreign.GetProperty("title").GetString());
        Assert.Equal(0, (await otherHall.GetFromJsonAsync<JsonElement>(Meetings)).GetProperty("total").GetInt32());
        await ProblemAssert.IsProblemAsync(await owner.GetAsync($"{Meetings}/{secondId}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await owner.GetAsync(Meetings), HttpStatusCode.Forbidden);
        var listed = await analyst.GetFromJsonAsync<JsonElement>($"{Meetings}?hallId=hall-001");
        Assert.Equal([secondId, firstId], listed.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("meetingId").GetString()));

        // Audited, without the findings' texts.
        var trail = await _app.WithDbAsync(db => db.Set<AuditEntry>().Where(e => e.RecordType == EvaluationMeetings.RecordType).OrderBy(e => e.Id)
            .Select(e => new { e.Action, e.RecordId, e.After }).ToListAsync());
        Assert.Equal([(EvaluationMeetings.RecordedAction, firstId), (EvaluationMeetings.RecordedAction, secondId)], trail.Select(e => (e.Action, e.RecordId)));
        Assert.All(trail, e => Assert.DoesNotContain("entrance", e.After ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_input_is_400_naming_each_field()
    {
        using var analyst = _app.CreateClientAs(Analyst);
        using var otherHall = _app.CreateClientAs(OtherHall);

        await ProblemAssert.IsValidationProblemAsync(await analyst.PostAsJsonAsync(Meetings, new { }), "hallId", "heldOn", "participants", "figuresFrom", "figuresTo");
        await ProblemAssert.IsValidationProblemAsync(await analyst.PostAsJsonAsync(Meetings, new
        {
            hallId = "Hall 1", heldOn = "9999-01-01", participants = new[] { "usr qa" },
            figures = new Dictionary<string, double> { ["happiness"] = 1, ["csat"] = 1e12 },
            findings = new[] { new string('f', 2001) },
        }), "hallId", "heldOn", "participants", "figures", "findings");
        await ProblemAssert.IsValidationProblemAsync(await analyst.PostAsJsonAsync(Meetings, new
        {
            hallId = "hall-001", heldOn = "2026-12-01", participants = new[] { "usr_qa" }, figuresFrom = "3000-01-01T00:00:00Z", figuresTo = "yesterday",
        }), "figuresFrom", "figuresTo");
        await ProblemAssert.IsValidationProblemAsync(await analyst.PostAsJsonAsync(Meetings, new
        {
            hallId = "hall-001", heldOn = "2026-12-01", participants = new[] { "usr_qa" }, figuresFrom = "2026-12-01T00:00:00Z", figuresTo = "2026-11-01T00:00:00Z",
        }), "figuresFrom");
        await ProblemAssert.IsValidationProblemAsync(await analyst.PostAsJsonAsync(Meetings, new
        {
            hallId = "hall-001", heldOn = "2026-12-01", participants = Enumerable.Range(1, 51).Select(i => $"usr_{i}").ToArray(), figures = new { },
        }), "participants");
        await ProblemAssert.IsProblemAsync(await otherHall.PostAsJsonAsync(Meetings, new
        {
            hallId = "hall-001", heldOn = "2026-12-01", participants = new[] { "usr_qc" }, figures = new { },
        }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsValidationProblemAsync(await analyst.GetAsync($"{Meetings}?hallId=A%20B&page=99999999"), "hallId", "page");
    }
}
