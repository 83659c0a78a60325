using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>
/// On-site dispatch through the gateway (docs/fault.md, "Dispatch and appointments"): an administrator records a
/// technician, the technician analyses a hall ticket and dispatches it into a free slot, records arrival and the fix,
/// and the customer confirms with a score, closing the ticket.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FaultDispatchTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_technician_analyses_dispatches_arrives_fixes_and_the_customer_confirms()
    {
        var before = await ClosureScoresAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var staffId = "e2e-tech-" + suffix;
        var area = "e2e-" + suffix;
        string[] days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
        using var saved = await platform.Gateway.PutAsJsonAsync($"/api/v1/technicians/{staffId}", new
        {
            hallId = "hall-001",
            displayName = "Wu Fang",
            skills = new[] { "broadband" },
            areas = new[] { area },
            active = true,
            workingHours = days.Select(day => new { day, start = "00:00", end = "22:00" }).ToArray(),
            blockedDays = Array.Empty<string>(),
        });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);

        using var technician = platform.App.CreateHttpClient("gateway", "http");
        technician.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", await platform.StaffTokenAsync(staffId, ["technician"], ["hall-001"]));
        using var reported = await technician.PostAsJsonAsync("/api/v1/trouble-tickets", new
        {
            channel = "hall",
            name = "No broadband",
            description = "The optical terminal shows a red light.",
            severity = "major",
            ticketType = "broadband",
            hallId = "hall-001",
            customerPhone = "13812345678",
        });
        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        var ticketId = (await reported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!;
        var tickets = $"/api/v1/trouble-tickets/{ticketId}";

        Assert.Equal(HttpStatusCode.OK, (await technician.PostAsJsonAsync($"{tickets}/start", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await technician.PostAsJsonAsync($"{tickets}/analysis",
            new { causeCategory = "equipment", findings = "Optical terminal faulty", area })).StatusCode);

        var from = DateTimeOffset.UtcNow;
        using var slotsResponse = await technician.GetAsync(
            $"{tickets}/appointment-slots?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(from.AddDays(2).ToString("O"))}");
        Assert.Equal(HttpStatusCode.OK, slotsResponse.StatusCode);
        var slots = (await slotsResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slots").EnumerateArray().ToList();
        Assert.NotEmpty(slots);
        var slot = slots[0];
        Assert.Equal(1, slot.GetProperty("availableTechnicians").GetInt32());

        using var dispatched = await technician.PostAsJsonAsync($"{tickets}/dispatch",
            new { start = slot.GetProperty("start").GetString(), end = slot.GetProperty("end").GetString() });
        Assert.Equal(HttpStatusCode.Created, dispatched.StatusCode);
        var appointment = await dispatched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(staffId, appointment.GetProperty("technicianId").GetString());
        Assert.Equal("booked", appointment.GetProperty("status").GetString());

        using var arrived = await technician.PostAsJsonAsync($"{tickets}/appointment/arrival", new { });
        Assert.Equal(HttpStatusCode.OK, arrived.StatusCode);
        using var fixedResponse = await technician.PostAsJsonAsync($"{tickets}/appointment/outcome",
            new { outcome = "fixed", workDone = "Replaced the optical terminal" });
        Assert.Equal(HttpStatusCode.OK, fixedResponse.StatusCode);
        Assert.Equal("resolved", (await fixedResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketStatus").GetString());

        using var confirmed = await technician.PostAsJsonAsync($"{tickets}/confirm", new { satisfactionScore = 5 });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var closed = await confirmed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal(5, closed.GetProperty("satisfactionScore").GetInt32());
        Assert.Equal("Replaced the optical terminal", closed.GetProperty("resolution").GetString());

        using var messages = await technician.GetAsync($"{tickets}/communications");
        Assert.Equal(HttpStatusCode.OK, messages.StatusCode);
        var codes = (await messages.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("communications").EnumerateArray()
            .Select(m => m.GetProperty("templateCode").GetString()).ToList();
        Assert.Contains("fault.appointment-booked", codes);
        Assert.Contains("fault.closed", codes);

        // The customer's score reaches Quality through Fault's closed event.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await ClosureScoresAsync() <= before)
        {
            Assert.True(DateTime.UtcNow < until, "the closure score never reached Quality's satisfaction summary");
            await Task.Delay(250);
        }
    }

    private async Task<int> ClosureScoresAsync()
    {
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        var summary = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/v1/satisfaction-summary?hallId=hall-001&from={from}&to={to}");
        return summary.GetProperty("closureScores").GetInt32();
    }
}
