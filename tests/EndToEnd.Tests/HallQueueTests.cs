using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>A counter's working day through the gateway: open, call, serve, and the hall's live board.</summary>
[Collection(PlatformCollection.Name)]
public sealed class HallQueueTests(PlatformFixture platform)
{
    // A counter of its own that serves billing only, so no other end-to-end test's tickets reach it.
    private const string Counter = "e2e-billing";

    [Fact]
    public async Task A_counter_calls_serves_and_completes_a_visit_and_the_board_streams_the_call()
    {
        var put = await platform.Gateway.PutAsJsonAsync($"/api/v1/counters/{Counter}",
            new { hallId = "hall-001", name = "End-to-end billing window", serviceTypes = new[] { "billing" } });
        Assert.True(put.IsSuccessStatusCode, $"PUT counter: {(int)put.StatusCode}");
        var open = await platform.Gateway.PostAsJsonAsync($"/api/v1/counters/{Counter}/open", new { staffId = "staff-e2e" });
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);

        var checkIn = await platform.Gateway.PostAsJsonAsync("/api/v1/visits",
            new { customerName = "Chen Jie", customerPhone = "13698765432", serviceType = "billing" });
        Assert.Equal(HttpStatusCode.Created, checkIn.StatusCode);
        var visitId = (await checkIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString()!;

        // The board stream is opened before the call so the call's event is the one read back.
        using var boardTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var board = await platform.Gateway.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, "/api/v1/halls/hall-001/board/stream"),
            HttpCompletionOption.ResponseHeadersRead, boardTimeout.Token);
        Assert.Equal("text/event-stream", board.Content.Headers.ContentType?.MediaType);
        var boardReader = new StreamReader(await board.Content.ReadAsStreamAsync(boardTimeout.Token));

        var called = await platform.Gateway.PostAsync($"/api/v1/counters/{Counter}/call-next", content: null);
        Assert.Equal(HttpStatusCode.OK, called.StatusCode);
        var calledVisit = await called.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(visitId, calledVisit.GetProperty("visitId").GetString());
        var ticketNumber = calledVisit.GetProperty("ticketNumber").GetString()!;

        var announced = await ReadCalledEventAsync(boardReader, ticketNumber, boardTimeout.Token);
        Assert.Contains(Counter, announced, StringComparison.Ordinal);
        Assert.DoesNotContain("Chen", announced, StringComparison.Ordinal);

        var start = await platform.Gateway.PostAsJsonAsync($"/api/v1/visits/{visitId}/start", new { counterId = Counter });
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var complete = await platform.Gateway.PostAsJsonAsync($"/api/v1/visits/{visitId}/complete", new { counterId = Counter });
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal("completed", (await complete.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        // Completing twice is a forbidden transition.
        var again = await platform.Gateway.PostAsJsonAsync($"/api/v1/visits/{visitId}/complete", new { counterId = Counter });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);

        var events = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{visitId}/events");
        var types = events.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["checkedIn", "called", "serviceStarted", "serviceCompleted"], types);
        Assert.All(events.GetProperty("items").EnumerateArray().Skip(1),
            e => Assert.Equal("staff-e2e", e.GetProperty("staffId").GetString()));

        var kpis = await platform.Gateway.GetAsync("/api/v1/halls/hall-001/kpis");
        Assert.Equal(HttpStatusCode.OK, kpis.StatusCode);
        var waitTimes = await platform.Gateway.GetFromJsonAsync<JsonElement>("/api/v1/halls/hall-001/wait-times");
        Assert.Contains(waitTimes.GetProperty("serviceTypes").EnumerateArray(),
            s => s.GetProperty("serviceType").GetString() == "billing");
    }

    private static async Task<string> ReadCalledEventAsync(StreamReader reader, string ticketNumber, CancellationToken cancellationToken)
    {
        string? eventType = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                eventType = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal) && eventType == "called"
                && line.Contains($"\"{ticketNumber}\"", StringComparison.Ordinal))
            {
                return line;
            }
        }
        throw new Xunit.Sdk.XunitException("The board stream ended before the call was announced.");
    }
}
