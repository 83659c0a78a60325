using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>A staff suggestion through the gateway: submitted, triaged, accepted, linked to an improvement action; the submitter reads the response.</summary>
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
        using var linked = await SendAsync(HttpMethod.Put, $"/api/v1/suggestions/{id}/improvement-action", supervisor, new { improvementActionId = "act_e2e_7" });
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (triaged.StatusCode, accepted.StatusCode, linked.StatusCode));

        using var mine = await SendAsync(HttpMethod.Get, "/api/v1/suggestions/mine", agent);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        var item = (await mine.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("suggestionId").GetString() == id);
        Assert.Equal(("accepted", "facilities", "Seats will be numbered next month.", "act_e2e_7"),
            (item.GetProperty("status").GetString(), item.GetProperty("category").GetString(), item.GetProperty("response").GetString(),
             item.GetProperty("improvementActionId").GetString()));
    }
}
