using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>
/// "Trained before serving" across services, through the gateway: a supervisor makes a service type require a course
/// in Quality (block); Reception learns it from Quality's events, so an untrained agent's call-next leaves the ticket
/// queued (409 training-required) until a trained agent, whose passed assessment Quality reported, calls it.
/// A service type and counter of its own keep the requirement away from every other test.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TrainedBeforeServingTests(PlatformFixture platform)
{
    private const string ServiceType = "e2e-trained";
    private const string Counter = "e2e-trained";
    private const string Course = "e2e-trained-course";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

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

    private static async Task ExpectSuccessAsync(HttpResponseMessage response, string what)
    {
        using (response)
        {
            Assert.True(response.IsSuccessStatusCode, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task<string> CheckInAsync()
    {
        using var checkIn = await platform.Gateway.PostAsJsonAsync("/api/v1/visits",
            new { customerName = "Zhao Min", customerPhone = "13611112222", serviceType = ServiceType });
        Assert.Equal(HttpStatusCode.Created, checkIn.StatusCode);
        return (await checkIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString()!;
    }

    [Fact]
    public async Task An_untrained_agent_leaves_a_blocked_ticket_for_a_trained_one()
    {
        var supervisor = await platform.StaffTokenAsync("usr_e2e_trainer", ["supervisor"], ["hall-001"]);
        var untrained = await platform.StaffTokenAsync("usr_e2e_untrained", ["counter-agent"], ["hall-001"]);
        var trained = await platform.StaffTokenAsync("usr_e2e_trained", ["counter-agent"], ["hall-001"]);

        await ExpectSuccessAsync(await platform.Gateway.PutAsJsonAsync($"/api/v1/service-types/{ServiceType}",
            new { hallId = "hall-001", name = "End-to-end trained service", prefix = "ETR", averageServiceSeconds = 300 }), "PUT service type");
        await ExpectSuccessAsync(await platform.Gateway.PutAsJsonAsync($"/api/v1/counters/{Counter}",
            new { hallId = "hall-001", name = "End-to-end trained window", serviceTypes = new[] { ServiceType } }), "PUT counter");
        await ExpectSuccessAsync(await platform.Gateway.PostAsJsonAsync($"/api/v1/counters/{Counter}/open", new { staffId = "usr_e2e_untrained" }), "open counter");

        // Quality reports a requirement change in one qualifications event per registered staff member: both agents are
        // registered first (the untrained one then has an entry without this type).
        foreach (var staffId in new[] { "usr_e2e_untrained", "usr_e2e_trained" })
        {
            await ExpectSuccessAsync(await SendAsync(HttpMethod.Put, $"/api/v1/staff/{staffId}", supervisor,
                new { displayName = "End-to-end agent", hallIds = new[] { "hall-001" }, roles = new[] { "counter-agent" }, skills = Array.Empty<string>() }),
                "PUT staff");
        }
        await ExpectSuccessAsync(await SendAsync(HttpMethod.Put, $"/api/v1/training-courses/{Course}", supervisor,
            new { title = "End-to-end service course", topic = "business-knowledge", mandatory = false, passMark = 60 }), "PUT course");
        await ExpectSuccessAsync(await SendAsync(HttpMethod.Put, $"/api/v1/service-type-requirements/{ServiceType}", supervisor,
            new { courseCodes = new[] { Course }, mode = "block" }), "PUT requirement");

        // Until Reception has the requirement a call still succeeds: keep a ticket waiting and call until it refuses.
        var waiting = await CheckInAsync();
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            using var call = await SendAsync(HttpMethod.Post, $"/api/v1/counters/{Counter}/call-next", untrained);
            if (call.StatusCode == HttpStatusCode.Conflict)
            {
                var problem = await call.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("training-required", problem.GetProperty("code").GetString());
                Assert.Equal([ServiceType], problem.GetProperty("serviceTypes").EnumerateArray().Select(t => t.GetString()));
                break;
            }
            Assert.True(call.StatusCode == HttpStatusCode.OK, $"call-next: {(int)call.StatusCode} {await call.Content.ReadAsStringAsync()}");
            Assert.True(DateTime.UtcNow < deadline, "Reception did not learn the requirement from Quality's events.");
            waiting = await CheckInAsync();
            await Task.Delay(250);
        }

        // Quality records the trained agent's pass; once Reception has it, the agent gets the ticket that waited.
        using var session = await SendAsync(HttpMethod.Post, "/api/v1/training-sessions", supervisor, new
        {
            courseCode = Course, hallId = "hall-001", heldAt = DateTimeOffset.UtcNow.AddMinutes(-30), trainer = "Hall trainer", hours = 2,
            attendeeStaffIds = new[] { "usr_e2e_trained" },
        });
        Assert.True(session.StatusCode == HttpStatusCode.Created, $"session: {(int)session.StatusCode} {await session.Content.ReadAsStringAsync()}");
        var sessionId = (await session.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
        await ExpectSuccessAsync(await SendAsync(HttpMethod.Post, $"/api/v1/training-sessions/{sessionId}/assessments", supervisor,
            new { staffId = "usr_e2e_trained", score = 90 }), "assessment");

        while (true)
        {
            using var call = await SendAsync(HttpMethod.Post, $"/api/v1/counters/{Counter}/call-next", trained);
            if (call.StatusCode == HttpStatusCode.OK)
            {
                var called = await call.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal((waiting, 0), (called.GetProperty("visitId").GetString(), called.GetProperty("warnings").GetArrayLength()));
                break;
            }
            Assert.True(call.StatusCode == HttpStatusCode.Conflict, $"call-next: {(int)call.StatusCode} {await call.Content.ReadAsStringAsync()}");
            Assert.True(DateTime.UtcNow < deadline + Deadline, "Reception did not learn the trained agent's qualification.");
            await Task.Delay(250);
        }
    }
}
