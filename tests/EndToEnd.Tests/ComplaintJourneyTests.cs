using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>
/// A complaint's whole journey through the gateway (docs/complaints.md): received and acknowledged, assessed,
/// assigned and transferred, responded, the customer not satisfied, escalated to a supervisor who responds again,
/// satisfied, closed; the summary reflects it, and every step joins the journey's trace.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ComplaintJourneyTests(PlatformFixture platform)
{
    private const string Hall = "hall-077";
    private const string Complaints = "/api/v1/complaints";

    [Fact]
    public async Task Complaint_to_transfer_response_escalation_and_satisfied_closure_with_the_summary_and_one_journey_trace()
    {
        var handler = await platform.StaffTokenAsync("usr_e2e_handler", ["complaint-handler"], [Hall]);
        var supervisor = await platform.StaffTokenAsync("usr_e2e_supervisor", ["supervisor"], [Hall]);
        var journeyTraceId = ActivityTraceId.CreateRandom().ToHexString();
        var started = DateTimeOffset.UtcNow;

        var registered = await SendAsync(HttpMethod.Post, Complaints, handler, HttpStatusCode.Created, new
        {
            channel = "phone", externalId = "e2e-" + Guid.NewGuid().ToString("N"), subject = "Billed twice", description = "Roaming billed twice",
            remedySought = "Refund", category = "network", hallId = Hall, customerPhone = "13866665555", customerName = "Journey Complainant",
        }, journeyTraceId);
        var id = registered.GetProperty("complaintId").GetString()!;
        Assert.Equal("acknowledged", registered.GetProperty("status").GetString());

        var communications = await SendAsync(HttpMethod.Get, $"{Complaints}/{id}/communications", handler, HttpStatusCode.OK);
        var acknowledgement = Assert.Single(communications.GetProperty("communications").EnumerateArray());
        Assert.Equal("complaint.acknowledged", acknowledgement.GetProperty("templateCode").GetString());
        Assert.Contains(id, acknowledgement.GetProperty("body").GetString()!, StringComparison.Ordinal);

        await Step("assessment", handler, new { category = "network", severity = "medium" }, "assessed");
        await Step("assignment", handler, new { departmentId = "dep-network", handlerId = "usr_noc_lead", reason = "Coverage?" }, "assigned");
        var transferred = await Step("assignment", handler,
            new { departmentId = "dep-billing", handlerId = "usr_billing_lead", reason = "Billing matter" }, "assigned");
        Assert.Equal(2, transferred.GetProperty("assignmentHistory").GetArrayLength());
        await Step("status", handler, new { status = "investigating" }, "investigating");
        await Step("response", handler, new
        {
            findings = "Roaming billed twice.", rootCauseCode = "billing-error", refundFen = 1250, apology = true, upheld = true,
        }, "responded");
        await Step("confirmation", handler, new { satisfied = false, whenNotSatisfied = "escalate", note = "Wants more" }, "escalated");
        await Step("response", supervisor, new
        {
            findings = "Both charges refunded.", rootCauseCode = "billing-error", refundFen = 2500, apology = true, upheld = true,
        }, "responded");
        var closed = await Step("confirmation", handler, new { satisfied = true }, "closed");
        Assert.Equal("satisfied", closed.GetProperty("outcome").GetString());

        var messages = (await SendAsync(HttpMethod.Get, $"{Complaints}/{id}/communications", handler, HttpStatusCode.OK))
            .GetProperty("communications").EnumerateArray().Select(m => m.GetProperty("templateCode").GetString()!).ToArray();
        Assert.Equal(
            ["complaint.acknowledged", "complaint.assigned", "complaint.transferred", "complaint.responded", "complaint.escalated",
                "complaint.responded", "complaint.closed"],
            messages);

        var from = Uri.EscapeDataString(started.AddMinutes(-5).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"));
        var summary = await SendAsync(HttpMethod.Get, $"/api/v1/complaint-summary?from={from}&to={to}&halls={Hall}", supervisor, HttpStatusCode.OK);
        Assert.Equal(1, summary.GetProperty("total").GetInt32());
        Assert.Equal("satisfied", Assert.Single(summary.GetProperty("byOutcome").EnumerateArray()).GetProperty("key").GetString());
        Assert.Equal("dep-billing", Assert.Single(summary.GetProperty("byDepartment").EnumerateArray()).GetProperty("key").GetString());
        Assert.Equal(1.0, summary.GetProperty("answeredWithin15DaysShare").GetDouble());
        Assert.Equal("billing-error", Assert.Single(summary.GetProperty("topRootCauses").EnumerateArray()).GetProperty("code").GetString());
        using (var csv = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/complaint-summary/csv?from={from}&to={to}&halls={Hall}"))
        {
            csv.Headers.Authorization = new AuthenticationHeaderValue("Bearer", supervisor);
            using var response = await platform.Gateway.SendAsync(csv);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal([0xEF, 0xBB, 0xBF], (await response.Content.ReadAsByteArrayAsync()).Take(3));
        }
        // A handler may not read the summary.
        await SendAsync(HttpMethod.Get, $"/api/v1/complaint-summary?from={from}&to={to}", handler, HttpStatusCode.Forbidden);

        // Every step, each sent from a trace of its own, joined the journey's trace where the complaint was received.
        var traces = new DashboardTraces(platform.DashboardAddress, PlatformFixture.DashboardApiKey);
        string[] steps = ["complaint.assess", "complaint.assign", "complaint.status-change", "complaint.respond", "complaint.confirm"];
        HashSet<string> names = [];
        for (var attempt = 0; attempt < 60 && !steps.All(names.Contains); attempt++)
        {
            names = [.. (await traces.ReadSpansAsync()).Where(span => span.TraceId == journeyTraceId).Select(span => span.Name)];
            await Task.Delay(steps.All(names.Contains) ? 0 : 1000);
        }
        Assert.Superset(steps.ToHashSet(), names);

        async Task<JsonElement> Step(string route, string token, object body, string expectedStatus)
        {
            var path = $"{Complaints}/{id}/{route}";
            var result = await SendAsync(HttpMethod.Post, path, token, HttpStatusCode.OK, body, ActivityTraceId.CreateRandom().ToHexString());
            Assert.Equal(expectedStatus, result.GetProperty("status").GetString());
            return result;
        }
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string token, HttpStatusCode expected, object? body = null, string? traceId = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        if (traceId is not null)
        {
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        }
        using var response = await platform.Gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
