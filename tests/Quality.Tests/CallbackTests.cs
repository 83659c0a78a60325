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

/// <summary>The callback list: list, claim, result, retries for customers not reached, hall scope, served-by rule.</summary>
[Collection(ServersCollection.Name)]
public sealed class CallbackTests : IAsyncLifetime
{
    private const string Callbacks = "/api/v1/callbacks";
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly HallCaller Analyst = TestCallers.Staff("usr_qa", HallRoles.QualityAnalyst, "hall-001");
    private static readonly HallCaller OtherAnalyst = TestCallers.Staff("usr_qb", HallRoles.QualityAnalyst, "hall-001");
    private static readonly HallCaller ServedIt = TestCallers.Staff("usr_wang", HallRoles.QualityAnalyst, "hall-001");
    private static readonly HallCaller OtherHall = TestCallers.Staff("usr_qc", HallRoles.QualityAnalyst, "hall-002");

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly QualityApp _app;

    public CallbackTests(RealServersFixture servers) => _app = new QualityApp(servers)
    {
        Clock = _clock,
        Settings = new Dictionary<string, string>
        {
            ["Quality:FollowUps:Dispatch"] = "false",
            ["Quality:FollowUps:CallbackMaxAttempts"] = "2",
            ["Quality:FollowUps:CallbackRetryMinutes"] = "60",
        },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A follow-up whose contact was fetched, as the dispatcher leaves it.</summary>
    private Task<int> ReadyAsync(string id, string caseId, string hallId = "hall-001", string? servedBy = "usr_wang", DateTimeOffset? callableFrom = null) =>
        _app.WithDbAsync(async db =>
        {
            db.FollowUpCases.Add(new FollowUpCase { CaseKind = CaseType.Visit, CaseId = caseId, HallId = hallId, CompletedAt = Now.AddDays(-1) });
            db.FollowUps.Add(new FollowUp
            {
                FollowUpId = id, CaseKind = CaseType.Visit, CaseId = caseId, ContactCaseId = caseId, HallId = hallId, ServedBy = servedBy,
                PlannedAt = Now.AddDays(-1), DueAt = Now.AddHours(-1), NextAttemptAt = callableFrom ?? Now.AddHours(-1),
                Status = FollowUpStatus.Ready, CustomerName = "Zhang Wei", CustomerPhone = "13812345678", CustomerPhoneRef = new string('a', 64),
                ContactedAt = Now.AddHours(-1),
            });
            return await db.SaveChangesAsync();
        });

    private static async Task<string[]> IdsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("followUpId").GetString()!)];
    }

    [Fact]
    public async Task The_list_shows_due_callbacks_of_the_callers_halls_not_served_by_them_without_personal_data()
    {
        await ReadyAsync("fu_1", "vis_1");
        await ReadyAsync("fu_2", "vis_2", callableFrom: Now.AddMinutes(5)); // not yet
        await ReadyAsync("fu_3", "vis_3", hallId: "hall-002");
        await ReadyAsync("fu_4", "vis_4", servedBy: "usr_qa");
        using var analyst = _app.CreateClientAs(Analyst);
        using var served = _app.CreateClientAs(ServedIt);

        using var list = await analyst.GetAsync(Callbacks);
        var body = await list.Content.ReadAsStringAsync();
        Assert.Equal(["fu_1"], await IdsAsync(list));
        Assert.DoesNotContain("13812345678", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Zhang", body, StringComparison.Ordinal);
        // usr_wang served vis_1..vis_3 and does not see them; fu_4 (served by usr_qa) is theirs to call.
        using var servedList = await served.GetAsync(Callbacks);
        Assert.Equal(["fu_4"], await IdsAsync(servedList));
        using var foreign = await analyst.GetAsync($"{Callbacks}?hallId=hall-002");
        await ProblemAssert.IsProblemAsync(foreign, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Claim_gives_the_contact_once_and_the_result_records_the_answers_as_the_cases_survey_answer()
    {
        await ReadyAsync("fu_1", "vis_1");
        using var analyst = _app.CreateClientAs(Analyst);
        using var other = _app.CreateClientAs(OtherAnalyst);

        using var claim = await analyst.PostAsync($"{Callbacks}/fu_1/claim", null);
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        var claimed = await claim.ReadJsonAsync();
        Assert.Equal(("claimed", "Zhang Wei", "13812345678"),
            (claimed.GetProperty("status").GetString(), claimed.GetProperty("customerName").GetString(), claimed.GetProperty("customerPhone").GetString()));
        using var again = await other.PostAsync($"{Callbacks}/fu_1/claim", null);
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict);
        using var notTheirs = await other.PostAsJsonAsync($"{Callbacks}/fu_1/result", new { result = "refused" });
        await ProblemAssert.IsProblemAsync(notTheirs, HttpStatusCode.Conflict);

        using var result = await analyst.PostAsJsonAsync($"{Callbacks}/fu_1/result",
            new { result = "reached", csatScore = 4, npsScore = 9, firstContactResolved = true, comment = "Quick" });

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        var done = await result.ReadJsonAsync();
        Assert.Equal("reached", done.GetProperty("status").GetString());
        var responseId = done.GetProperty("responseId").GetString();
        var answer = await _app.WithDbAsync(db => db.SurveyResponses.AsNoTracking().SingleAsync());
        Assert.Equal((responseId, CaseType.Visit, "vis_1", "hall-001", 4, 9, (bool?)true, "Quick"),
            (answer.ResponseId, answer.CaseType, answer.CaseId, answer.HallId, answer.CsatScore, answer.NpsScore, answer.FirstContactResolved, answer.Comment));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => e.Action == CallbackAudit.ClaimedAction && e.RecordId == "fu_1")));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => e.Action == CallbackAudit.ResultAction && e.RecordId == "fu_1")));
    }

    [Fact]
    public async Task Not_reached_is_listed_again_after_the_interval_and_unreachable_after_the_last_call()
    {
        await ReadyAsync("fu_1", "vis_1");
        using var analyst = _app.CreateClientAs(Analyst);

        (await analyst.PostAsync($"{Callbacks}/fu_1/claim", null)).Dispose();
        using var first = await analyst.PostAsJsonAsync($"{Callbacks}/fu_1/result", new { result = "not-reached" });
        var afterFirst = await first.ReadJsonAsync();
        Assert.Equal(("ready", 1, Now.AddMinutes(60)),
            (afterFirst.GetProperty("status").GetString(), afterFirst.GetProperty("callAttempts").GetInt32(), afterFirst.GetProperty("callableFrom").GetDateTimeOffset()));
        using (var hidden = await analyst.GetAsync(Callbacks))
        {
            Assert.Empty(await IdsAsync(hidden));
        }
        using (var early = await analyst.PostAsync($"{Callbacks}/fu_1/claim", null))
        {
            await ProblemAssert.IsProblemAsync(early, HttpStatusCode.Conflict);
        }

        _clock.Advance(TimeSpan.FromMinutes(60));
        using (var listed = await analyst.GetAsync(Callbacks))
        {
            Assert.Equal(["fu_1"], await IdsAsync(listed));
        }
        (await analyst.PostAsync($"{Callbacks}/fu_1/claim", null)).Dispose();
        using var second = await analyst.PostAsJsonAsync($"{Callbacks}/fu_1/result", new { result = "not-reached" });

        Assert.Equal("unreachable", (await second.ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Another_halls_callback_is_404_like_an_unknown_one_and_the_server_of_the_case_may_not_claim_it()
    {
        await ReadyAsync("fu_1", "vis_1");
        using var otherHall = _app.CreateClientAs(OtherHall);
        using var served = _app.CreateClientAs(ServedIt);

        using var foreign = await otherHall.PostAsync($"{Callbacks}/fu_1/claim", null);
        using var unknown = await otherHall.PostAsync($"{Callbacks}/fu_unknown/claim", null);
        using var own = await served.PostAsync($"{Callbacks}/fu_1/claim", null);

        var foreignProblem = await ProblemAssert.IsProblemAsync(foreign, HttpStatusCode.NotFound);
        var unknownProblem = await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.Equal(unknownProblem.GetProperty("title").GetString(), foreignProblem.GetProperty("title").GetString());
        await ProblemAssert.IsProblemAsync(own, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Bad_results_are_field_errors()
    {
        using var analyst = _app.CreateClientAs(Analyst);
        (object Body, string Field)[] cases =
        [
            (new { }, "result"),
            (new { result = "maybe" }, "result"),
            (new { result = "refused", csatScore = 3, npsScore = 5 }, "result"),
            (new { result = "reached", csatScore = 6, npsScore = 5 }, "csatScore"),
            (new { result = "reached", csatScore = 3, npsScore = 11 }, "npsScore"),
            (new { result = "reached", csatScore = 3 }, "npsScore"),
            (new { result = "reached", comment = new string('x', 1001) }, "comment"),
        ];
        foreach (var (body, field) in cases)
        {
            using var response = await analyst.PostAsJsonAsync($"{Callbacks}/fu_1/result", body);
            await ProblemAssert.IsValidationProblemAsync(response, field);
        }
    }
}
