using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>
/// A staff suggestion through the gateway: submitted, triaged, accepted, linked to an improvement action raised by an
/// evaluation meeting's finding; the submitter reads the response, the action's owner works it, and the next meeting
/// shows what it achieved.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class StaffSuggestionTests(PlatformFixture platform)
{
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await platform.Anonymous.SendAsync(request);
    }

    [Fact]
    public async Task A_suggestion_is_triaged_and_linked_and_its_submitter_sees_the_response()
    {
        var agent = await platform.StaffTokenAsync("usr_e2e_agent", ["counter-agent"], ["hall-001"]);
        var supervisor = await platform.StaffTokenAsync("usr_e2e_boss", ["supervisor"], ["hall-001"]);

        using var submitted = await SendAsync(HttpMethod.Post, "/api/v1/suggestions", agent,
            new { hallId = "hall-001", title = "Numbered seats", text = "Customers ask where to wait; number the seats by counter." });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("suggestionId").GetString()!;

        // The agent may not triage: the gateway refuses before the service.
        using var refused = await SendAsync(HttpMethod.Post, $"/api/v1/suggestions/{id}/status", agent, new { status = "triaged", category = "facilities" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var triaged = await SendAsync(HttpMethod.Post, $"/api/v1/suggestions/{id}/status", supervisor, new { status = "triaged", category = "facilities" });
        using var accepted = await SendAsync(HttpMethod.Post, $"/api/v1/suggestions/{id}/status", supervisor,
            new { status = "accepted", response = "Seats will be numbered next month." });
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (triaged.StatusCode, accepted.StatusCode));

        // The suggestion can only be linked to an action that exists in its hall.
        using var unknownAction = await SendAsync(HttpMethod.Put, $"/api/v1/suggestions/{id}/improvement-action", supervisor, new { improvementActionId = "act_e2e_7" });
        Assert.Equal(HttpStatusCode.NotFound, unknownAction.StatusCode);

        // A quality analyst records an evaluation meeting; its finding raises an action owned by the agent.
        var analyst = await platform.StaffTokenAsync("usr_e2e_qa", ["quality-analyst"], ["hall-001"]);
        using var meeting = await SendAsync(HttpMethod.Post, "/api/v1/evaluation-meetings", analyst, new
        {
            hallId = "hall-001", heldOn = "2026-11-30", participants = new[] { "usr_e2e_qa", "usr_e2e_boss" },
            figures = new Dictionary<string, double> { ["csat"] = 81.5, ["waitingTimeAvg"] = 540 },
            findings = new[] { "Customers do not know where to wait." },
        });
        Assert.Equal(HttpStatusCode.Created, meeting.StatusCode);
        var meetingJson = await meeting.Content.ReadFromJsonAsync<JsonElement>();
        var meetingId = meetingJson.GetProperty("meetingId").GetString()!;
        var findingId = meetingJson.GetProperty("findings")[0].GetProperty("findingId").GetString()!;
        using var raised = await SendAsync(HttpMethod.Post, $"/api/v1/evaluation-meetings/{meetingId}/findings/{findingId}/actions", analyst,
            new { title = "Number the seats by counter", ownerId = "usr_e2e_agent", dueDate = "2099-12-31", metric = "waitingTimeAvg", baseline = 540, target = 480 });
        Assert.Equal(HttpStatusCode.Created, raised.StatusCode);
        var actionId = (await raised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("actionId").GetString()!;
        // The agent may not create actions or record meetings: the gateway refuses.
        using var agentMeeting = await SendAsync(HttpMethod.Get, "/api/v1/evaluation-meetings", agent);
        Assert.Equal(HttpStatusCode.Forbidden, agentMeeting.StatusCode);

        using var linked = await SendAsync(HttpMethod.Put, $"/api/v1/suggestions/{id}/improvement-action", supervisor, new { improvementActionId = actionId });
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);

        // The owner (a counter agent) starts and finishes the action; the analyst verifies it.
        using var started = await SendAsync(HttpMethod.Post, $"/api/v1/improvement-actions/{actionId}/status", agent, new { status = "inProgress" });
        using var done = await SendAsync(HttpMethod.Post, $"/api/v1/improvement-actions/{actionId}/status", agent,
            new { status = "done", result = "Seats numbered; signs at the door." });
        using var verified = await SendAsync(HttpMethod.Post, $"/api/v1/improvement-actions/{actionId}/status", analyst, new { status = "verified" });
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (started.StatusCode, done.StatusCode, verified.StatusCode));

        // The next meeting shows what the last one's action achieved.
        using var next = await SendAsync(HttpMethod.Post, "/api/v1/evaluation-meetings", analyst, new
        {
            hallId = "hall-001", heldOn = "2026-12-31", participants = new[] { "usr_e2e_qa" }, figures = new Dictionary<string, double> { ["waitingTimeAvg"] = 470 },
        });
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        var previous = (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("previousMeeting");
        Assert.Equal(meetingId, previous.GetProperty("meetingId").GetString());
        var achieved = previous.GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("actionId").GetString() == actionId);
        Assert.Equal(("verified", "Seats numbered; signs at the door."), (achieved.GetProperty("status").GetString(), achieved.GetProperty("result").GetString()));

        using var mine = await SendAsync(HttpMethod.Get, "/api/v1/suggestions/mine", agent);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        var item = (await mine.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("suggestionId").GetString() == id);
        Assert.Equal(("accepted", "facilities", "Seats will be numbered next month.", actionId),
            (item.GetProperty("status").GetString(), item.GetProperty("category").GetString(), item.GetProperty("response").GetString(),
             item.GetProperty("improvementActionId").GetString()));
    }
}
