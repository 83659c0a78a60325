using Microsoft.Extensions.Hosting;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HallPlatform.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace HallPlatform.Quality.Tests;

[Collection(ServersCollection.Name)]
public sealed class QualityRestTests : IAsyncLifetime
{
    private const string Responses = "/api/v1/survey-responses";
    private const string Summary = "/api/v1/satisfaction-summary";

    private readonly QualityApp _app;
    private readonly HttpClient _client;

    public QualityRestTests(RealServersFixture servers)
    {
        _app = new QualityApp(servers);
        _client = _app.CreateClient();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static AnswerBody Answer(string caseId, int csat = 5, int nps = 9, string hallId = "hall-001", string caseType = "visit", string? comment = "Fast service") =>
        new(caseType, caseId, hallId, csat, nps, comment);

    private sealed record AnswerBody(string CaseType, string CaseId, string HallId, int CsatScore, int NpsScore, string? Comment);

    /// <summary>Posts the answer for a case Quality knows (as its owner's event would have told it).</summary>
    private async Task<HttpResponseMessage> PostAnswerAsync(AnswerBody answer)
    {
        await _app.KnownCaseAsync(answer.CaseType, answer.CaseId, answer.HallId);
        return await _client.PostAsJsonAsync(Responses, answer);
    }

    [Fact]
    public async Task Recording_answers_201_with_location_and_the_response_can_be_read()
    {
        using var response = await PostAnswerAsync(Answer("tt_1", caseType: "trouble-ticket"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var id = body.GetProperty("responseId").GetString()!;
        Assert.StartsWith("srv_", id, StringComparison.Ordinal);
        Assert.Equal($"{Responses}/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("trouble-ticket", body.GetProperty("caseType").GetString());
        Assert.Equal(5, body.GetProperty("csatScore").GetInt32());
        Assert.Equal(9, body.GetProperty("npsScore").GetInt32());

        using var read = await _client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var stored = await read.ReadJsonAsync();
        Assert.Equal(id, stored.GetProperty("responseId").GetString());
        Assert.Equal("Fast service", stored.GetProperty("comment").GetString());
        Assert.Equal(body.GetProperty("answeredAt").GetDateTimeOffset(), stored.GetProperty("answeredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_same_answer_again_is_200_with_the_same_response()
    {
        using var first = await PostAnswerAsync(Answer("v_1"));
        using var again = await PostAnswerAsync(Answer("v_1"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var original = await first.ReadJsonAsync();
        var replayed = await again.ReadJsonAsync();
        Assert.Equal(original.GetProperty("responseId").GetString(), replayed.GetProperty("responseId").GetString());
        Assert.Equal(original.GetProperty("answeredAt").GetDateTimeOffset(), replayed.GetProperty("answeredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_different_answer_for_the_same_case_is_a_409()
    {
        using var first = await PostAnswerAsync(Answer("v_2", csat: 5));
        using var different = await PostAnswerAsync(Answer("v_2", csat: 1));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await ProblemAssert.IsProblemAsync(different, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_same_case_id_under_another_case_type_is_another_case()
    {
        using var visit = await PostAnswerAsync(Answer("case-7", caseType: "visit"));
        using var order = await PostAnswerAsync(Answer("case-7", caseType: "order", csat: 2));

        Assert.Equal(HttpStatusCode.Created, visit.StatusCode);
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
    }

    [Fact]
    public async Task Ten_concurrent_identical_answers_store_one_row()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => PostAnswerAsync(Answer("race-1"))));
        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var response in responses)
            {
                ids.Add((await response.ReadJsonAsync()).GetProperty("responseId").GetString()!);
            }
            Assert.Single(ids);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
        Assert.Equal(1, await _app.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.CaseId == "race-1")));
    }

    [Fact]
    public async Task An_answer_for_a_case_quality_has_not_heard_of_is_a_404_naming_caseId_and_stores_nothing()
    {
        using var unknown = await _client.PostAsJsonAsync(Responses, Answer("vis_made_up"));
        // Known as an order, answered as a visit: another case.
        await _app.KnownCaseAsync("order", "ord_5");
        using var otherKind = await _client.PostAsJsonAsync(Responses, Answer("ord_5", caseType: "visit"));
        // Known in hall-002, answered for hall-001.
        await _app.KnownCaseAsync("visit", "vis_6", hallId: "hall-002");
        using var otherHall = await _client.PostAsJsonAsync(Responses, Answer("vis_6", hallId: "hall-001"));

        foreach (var refused in new[] { unknown, otherKind, otherHall })
        {
            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.NotFound);
            Assert.Equal("Case not found.", problem.GetProperty("title").GetString());
            Assert.StartsWith("caseId:", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(0, await _app.WithDbAsync(db => db.SurveyResponses.CountAsync()));
    }

    [Fact]
    public async Task A_partner_ticket_without_a_hall_takes_the_answer_for_the_given_hall()
    {
        await _app.KnownCaseAsync("trouble-ticket", "tt_partner", hallId: null);

        using var response = await _client.PostAsJsonAsync(Responses, Answer("tt_partner", caseType: "trouble-ticket"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task An_empty_body_object_names_every_required_field()
    {
        using var response = await _client.PostAsJsonAsync(Responses, new { });

        await ProblemAssert.IsValidationProblemAsync(response, "caseType", "caseId", "hallId", "csatScore", "npsScore");
    }

    [Fact]
    public async Task Out_of_range_scores_and_unknown_case_types_are_field_errors()
    {
        // One service for all cases: each case is a separate request, none is stored.
        (string CaseType, int Csat, int Nps, string Field)[] cases =
        [
            ("visit", 0, 5, "csatScore"),
            ("visit", 6, 5, "csatScore"),
            ("visit", 3, -1, "npsScore"),
            ("visit", 3, 11, "npsScore"),
            ("ticket", 3, 5, "caseType"),
            ("TroubleTicket", 3, 5, "caseType"),
        ];
        foreach (var (caseType, csat, nps, field) in cases)
        {
            using var response = await PostAnswerAsync(Answer("bad-1", csat, nps, caseType: caseType));
            await ProblemAssert.IsValidationProblemAsync(response, field);
        }
        Assert.Equal(0, await _app.WithDbAsync(db => db.SurveyResponses.CountAsync()));
    }

    [Fact]
    public async Task A_comment_over_1000_characters_is_a_field_error_and_1000_is_fine()
    {
        using var tooLong = await PostAnswerAsync(Answer("c-1", comment: new string('x', 1001)));
        await ProblemAssert.IsValidationProblemAsync(tooLong, "comment");

        using var longest = await PostAnswerAsync(Answer("c-1", comment: new string('x', 1000)));
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
    }

    [Fact]
    public async Task A_score_that_is_not_a_number_is_a_400_naming_the_field()
    {
        using var content = new StringContent("{\"caseType\":\"visit\",\"csatScore\":\"five\"}", Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(Responses, content);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.csatScore", out _));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var content = new StringContent("{\"caseType\":", Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(Responses, content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_response_is_a_404_problem()
    {
        using var response = await _client.GetAsync($"{Responses}/srv_missing");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_summary_computes_csat_and_nps_for_one_hall_in_the_period()
    {
        // hall-001: csat 5,4,2,1 -> 2 of 4 satisfied = 50%; nps 10,9,7,3 -> 2 promoters, 1 detractor = 25.
        (int Csat, int Nps)[] answers = [(5, 10), (4, 9), (2, 7), (1, 3)];
        for (var i = 0; i < answers.Length; i++)
        {
            using var recorded = await PostAnswerAsync(Answer($"s-{i}", answers[i].Csat, answers[i].Nps));
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        }
        using (var otherHall = await PostAnswerAsync(Answer("s-other", 1, 0, hallId: "hall-002")))
        {
            Assert.Equal(HttpStatusCode.Created, otherHall.StatusCode);
        }
        var now = DateTimeOffset.UtcNow;

        var summary = await GetSummaryAsync("hall-001", now.AddHours(-1), now.AddHours(1));

        Assert.Equal("hall-001", summary.GetProperty("hallId").GetString());
        Assert.Equal(4, summary.GetProperty("responses").GetInt32());
        Assert.Equal(50.0, summary.GetProperty("csatPercent").GetDouble());
        Assert.Equal(25.0, summary.GetProperty("nps").GetDouble());
        // Echoed at the wire's precision (microseconds).
        Assert.Equal(WireTime.ToWirePrecision(now.AddHours(-1)), summary.GetProperty("from").GetDateTimeOffset());

        // The period is [from, to): a period that ends before the answers holds none of them.
        var before = await GetSummaryAsync("hall-001", now.AddHours(-2), now.AddHours(-1));
        Assert.Equal(0, before.GetProperty("responses").GetInt32());
    }

    [Fact]
    public async Task A_summary_without_answers_has_zero_responses_and_null_scores()
    {
        var now = DateTimeOffset.UtcNow;

        var summary = await GetSummaryAsync("hall-empty", now.AddDays(-1), now);

        Assert.Equal(0, summary.GetProperty("responses").GetInt32());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("csatPercent").ValueKind);
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("nps").ValueKind);
    }

    [Fact]
    public async Task Summary_parameters_are_validated_by_field()
    {
        using var missing = await _client.GetAsync(Summary);
        // hallId is optional: without it the summary covers the caller's halls (HallScopeTests).
        await ProblemAssert.IsValidationProblemAsync(missing, "from", "to");

        using var reversed = await _client.GetAsync($"{Summary}?hallId=hall-001&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z");
        await ProblemAssert.IsValidationProblemAsync(reversed, "from");

        using var unreadable = await _client.GetAsync($"{Summary}?hallId=hall-001&from=yesterday&to=2026-01-01T00:00:00Z");
        await ProblemAssert.IsValidationProblemAsync(unreadable, "from");
    }

    [Fact]
    public async Task The_openapi_document_describes_every_route()
    {
        using var response = await _client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.ReadJsonAsync()).GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/v1/survey-responses", out _));
        Assert.True(paths.TryGetProperty("/api/v1/survey-responses/{responseId}", out _));
        Assert.True(paths.TryGetProperty("/api/v1/satisfaction-summary", out _));
    }

    private async Task<JsonElement> GetSummaryAsync(string hallId, DateTimeOffset from, DateTimeOffset to)
    {
        var url = $"{Summary}?hallId={hallId}&from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}";
        using var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    [Theory]
    [InlineData("from=0001-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("from=2026-01-01T00:00:00Z&to=9999-12-31T23:59:59Z", "to")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&hallId=..%2Fhall", "hallId")]
    public async Task Extreme_periods_and_bad_hall_ids_in_the_summary_are_field_errors(string query, string field)
    {
        using var response = await _client.GetAsync($"{Summary}?{query}");

        await ProblemAssert.IsValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task A_hall_id_outside_the_one_pattern_or_a_nul_character_is_a_field_error()
    {
        using var badHall = await PostAnswerAsync(Answer("hall-1", hallId: "<b>hall</b>"));
        using var nul = await PostAnswerAsync(Answer("nul-1", comment: "fine\0"));

        await ProblemAssert.IsValidationProblemAsync(badHall, "hallId");
        await ProblemAssert.IsValidationProblemAsync(nul, "$.comment");
        Assert.Equal(0, await _app.WithDbAsync(db => db.SurveyResponses.CountAsync()));
    }
}
