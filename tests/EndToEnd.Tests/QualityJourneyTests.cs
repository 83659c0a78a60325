using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Npgsql;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>
/// A visit's journey into Quality through the gateway: the visit is served and completed in Reception, its follow-up
/// sends a survey link, the customer answers through the link without logging in, the statistics change accordingly,
/// and an evaluation meeting records a finding with an improvement action on those figures.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class QualityJourneyTests(PlatformFixture platform)
{
    // A counter and an agent of their own: the statistics filtered by this agent see this test's visit only.
    private const string Counter = "e2e-quality";
    private const string Agent = "staff-e2e-quality";
    private const string Statistics = "/api/v1/quality-statistics";

    [Fact]
    public async Task A_completed_visit_gets_a_survey_link_whose_answer_moves_the_statistics_that_a_meeting_then_reviews()
    {
        var put = await platform.Gateway.PutAsJsonAsync($"/api/v1/counters/{Counter}",
            new { hallId = "hall-001", name = "End-to-end quality window", serviceTypes = new[] { "billing" } });
        Assert.True(put.IsSuccessStatusCode, $"PUT counter: {(int)put.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, (await platform.Gateway.PostAsJsonAsync($"/api/v1/counters/{Counter}/open", new { staffId = Agent })).StatusCode);
        // A phone of its own, so the follow-up's once-per-30-days throttle never meets another test's customer.
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var checkIn = await platform.Gateway.PostAsJsonAsync("/api/v1/visits", new { customerName = "Gao Yan", customerPhone = phone, serviceType = "billing" });
        Assert.Equal(HttpStatusCode.Created, checkIn.StatusCode);
        var visitId = (await checkIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString()!;
        await CallUntilAsync(visitId);
        Assert.Equal(HttpStatusCode.OK, (await platform.Gateway.PostAsJsonAsync($"/api/v1/visits/{visitId}/start", new { counterId = Counter })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.Gateway.PostAsJsonAsync($"/api/v1/visits/{visitId}/complete", new { counterId = Counter })).StatusCode);

        // Quality learns of the visit from Reception's event: one waiting time, one service time, a finished case not yet answered.
        var period = $"from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}";
        var mine = $"{Statistics}?{period}&hallId=hall-001&staffId={Agent}";
        var before = await StatisticsWhenAsync(mine, s => Basis(s, "waitingTimeAvg") == 1 && Basis(s, "followUpCoverage") == 1);
        Assert.Equal(1, Basis(before, "serviceTimeAvg"));
        Assert.Equal((0.0, 0), (Figure(before, "followUpCoverage")!.Value, Basis(before, "csat")));
        Assert.Null(Figure(before, "csat"));

        // The follow-up sends the customer an SMS with a single-use link; the test reads it where the local mailbox keeps it.
        var token = await SurveyTokenAsync(visitId);
        var invitation = await platform.Anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/survey-invitations/{token}");
        Assert.Equal("visit", invitation.GetProperty("caseKind").GetString());
        var answer = await platform.Anonymous.PostAsJsonAsync($"/api/v1/survey-invitations/{token}/answer",
            new { csatScore = 5, npsScore = 10, firstContactResolved = true });
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var again = await platform.Anonymous.PostAsJsonAsync($"/api/v1/survey-invitations/{token}/answer", new { csatScore = 1, npsScore = 0 });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // The answer moves this agent's figures: CSAT, NPS and FCR 100 over one answer, the case covered.
        var after = await StatisticsWhenAsync(mine, s => Basis(s, "csat") == 1);
        Assert.Equal((100.0, 100.0, 100.0, 100.0), (Figure(after, "csat")!.Value, Figure(after, "nps")!.Value, Figure(after, "fcr")!.Value,
            Figure(after, "followUpCoverage")!.Value));

        // An evaluation meeting reviews the hall's figures of the period and raises an action on the waiting time.
        var meeting = await platform.Gateway.PostAsJsonAsync("/api/v1/evaluation-meetings", new
        {
            hallId = "hall-001", heldOn = DateTime.UtcNow.ToString("yyyy-MM-dd"), participants = new[] { "usr_qa", "usr_li" },
            figuresFrom = DateTimeOffset.UtcNow.AddDays(-1).ToString("O"), figuresTo = DateTimeOffset.UtcNow.AddDays(1).ToString("O"),
            findings = new[] { "Bill payments wait longer than the target at peak hours." },
        });
        Assert.Equal(HttpStatusCode.Created, meeting.StatusCode);
        var recorded = await meeting.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("statistics", recorded.GetProperty("figuresSource").GetString());
        var figures = recorded.GetProperty("figures");
        Assert.True(figures.TryGetProperty("waitingTimeAvg", out _) && figures.TryGetProperty("csat", out _), figures.ToString());
        var meetingId = recorded.GetProperty("meetingId").GetString()!;
        var findingId = recorded.GetProperty("findings")[0].GetProperty("findingId").GetString()!;
        var action = await platform.Gateway.PostAsJsonAsync($"/api/v1/evaluation-meetings/{meetingId}/findings/{findingId}/actions", new
        {
            title = "Open a second billing window at 9:00", ownerId = "usr_li", dueDate = DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd"),
            metric = "waitingTimeAvg", baseline = figures.GetProperty("waitingTimeAvg").GetDouble(), target = 300,
        });
        Assert.Equal(HttpStatusCode.Created, action.StatusCode);
        var shown = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/v1/evaluation-meetings/{meetingId}");
        var raised = Assert.Single(shown.GetProperty("actions").EnumerateArray());
        Assert.Equal(("open", "waitingTimeAvg", findingId), (raised.GetProperty("status").GetString(), raised.GetProperty("metric").GetString(),
            raised.GetProperty("findingId").GetString()));
    }

    private async Task CallUntilAsync(string visitId)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var response = await platform.Gateway.PostAsync($"/api/v1/counters/{Counter}/call-next", content: null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var called = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (called.GetProperty("visitId").GetString() == visitId)
            {
                return;
            }
        }
        Assert.Fail($"Counter {Counter} never called visit {visitId}.");
    }

    private async Task<JsonElement> StatisticsWhenAsync(string path, Func<JsonElement, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var report = await platform.Gateway.GetFromJsonAsync<JsonElement>(path);
            if (ready(report.GetProperty("current")))
            {
                return report.GetProperty("current");
            }
            Assert.True(DateTime.UtcNow < deadline, $"The statistics never got there: {report.GetProperty("current")}");
            await Task.Delay(250);
        }
    }

    /// <summary>The token of the link in the SMS Quality's follow-up sent for the visit (its communication outbox).</summary>
    private async Task<string> SurveyTokenAsync(string visitId)
    {
        await using var quality = NpgsqlDataSource.Create((await platform.App.GetConnectionStringAsync("qualitydb"))!);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var command = quality.CreateCommand("""
                SELECT m.template_parameters->>'link' FROM communication_messages m JOIN follow_ups f ON m.subject_id = f.follow_up_id
                WHERE f.case_kind = 'visit' AND f.case_id = $1 AND m.template_code = 'quality.survey.invitation'
                """);
            command.Parameters.AddWithValue(visitId);
            if (await command.ExecuteScalarAsync() is string link)
            {
                const string Route = "/api/v1/survey-invitations/";
                Assert.Contains(Route, link, StringComparison.Ordinal);
                return link[(link.IndexOf(Route, StringComparison.Ordinal) + Route.Length)..];
            }
            Assert.True(DateTime.UtcNow < deadline, $"No survey invitation was sent for visit {visitId}.");
            await Task.Delay(250);
        }
    }

    private static int Basis(JsonElement period, string metric) => period.GetProperty("basis").GetProperty(metric).GetInt32();

    private static double? Figure(JsonElement period, string metric) =>
        period.GetProperty("figures").GetProperty(metric) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;
}
