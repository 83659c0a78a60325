using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>
/// One customer's journey with personal data the platform has never seen before (name, phone, ID number): a
/// receptionist checks them in, a counter calls them, a complaint is registered and a partner reports a fault for
/// the same phone. Afterwards the captured logs and spans contain none of that data, every service's audit trail
/// has the steps, and no API can change an audit entry.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PrivacyJourneyTests(PlatformFixture platform)
{
    private const string Hall = "hall-001";

    [Fact]
    public async Task A_journey_leaves_personal_data_out_of_logs_and_spans_and_every_step_in_the_audit_trails()
    {
        var customer = Customer.Unique();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var traceparent = $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
        var receptionist = await platform.StaffTokenAsync("usr_privacy_receptionist", ["receptionist"], [Hall]);
        var counterAgent = await platform.StaffTokenAsync("usr_privacy_agent", ["counter-agent"], [Hall]);
        var complaintHandler = await platform.StaffTokenAsync("usr_privacy_handler", ["complaint-handler"], [Hall]);
        var supervisor = await platform.StaffTokenAsync("usr_privacy_supervisor", ["supervisor"], [Hall]);

        // Check-in at the front desk, with an ID document.
        var checkIn = await SendAsync(HttpMethod.Post, "/api/v1/visits", receptionist, traceparent, new
        {
            customerName = customer.Name,
            customerPhone = customer.Phone,
            idDocumentType = "passport",
            idDocumentNumber = customer.IdNumber,
            serviceType = "new-line",
        });
        await AssertStatusAsync(HttpStatusCode.Created, checkIn);
        var visitId = (await checkIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString()!;

        // A counter agent calls until this customer comes up (other tests may have queued new-line tickets).
        string? called = null;
        string? orderId = null;
        for (var attempt = 0; attempt < 50 && called != visitId; attempt++)
        {
            var callNext = await SendAsync(HttpMethod.Post, "/api/v1/counters/c01/call-next", counterAgent, traceparent);
            await AssertStatusAsync(HttpStatusCode.OK, callNext);
            var calledBody = await callNext.Content.ReadAsStringAsync();
            AssertFreeOf(customer, calledBody, "the call-next answer");
            var calledTicket = JsonDocument.Parse(calledBody).RootElement;
            called = calledTicket.GetProperty("visitId").GetString();
            orderId = calledTicket.TryGetProperty("orderId", out var order) ? order.GetString() : null;
        }
        Assert.Equal(visitId, called);

        // A complaint for the same customer, and a partner's fault report with the same phone.
        var complaint = await SendAsync(HttpMethod.Post, "/api/v1/complaints", complaintHandler, traceparent, new
        {
            channel = "hall",
            subject = "Waited too long",
            description = "The customer waited longer than announced.",
            remedySought = "An apology and a shorter wait next time.",
            category = "service",
            hallId = Hall,
            customerPhone = customer.Phone,
        });
        await AssertStatusAsync(HttpStatusCode.Created, complaint);
        var complaintId = (await complaint.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("complaintId").GetString()!;

        using var report = new HttpRequestMessage(HttpMethod.Post, "/api/v1/trouble-tickets")
        {
            Content = JsonContent.Create(new
            {
                channel = "online",
                externalId = "WEB-" + Guid.NewGuid().ToString("N")[..12],
                name = "No fixed-line dial tone",
                description = "The landline has no dial tone.",
                severity = "minor",
                ticketType = "fixed-line",
                hallId = Hall,
                customerPhone = customer.Phone,
            }),
        };
        report.Headers.Add("X-Api-Key", PlatformFixture.DevOnlineKey);
        report.Headers.Add("traceparent", traceparent);
        var reported = await platform.Anonymous.SendAsync(report);
        await AssertStatusAsync(HttpStatusCode.Created, reported);
        var ticketId = (await reported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!;

        // Every service keeps its part of the journey in its audit trail, readable by a supervisor.
        await AssertAuditedAsync(supervisor, "reception", "visit", visitId, minimumEntries: 2);
        await AssertAuditedAsync(supervisor, "complaint", "complaint", complaintId, minimumEntries: 1);
        await AssertAuditedAsync(supervisor, "fault", "trouble-ticket", ticketId, minimumEntries: 1);
        Assert.False(string.IsNullOrEmpty(orderId), "call-next opened no order");
        await AssertAuditedAsync(supervisor, "business", "order", orderId!, minimumEntries: 1);

        // The trails are append-only from outside: no method but GET reaches them, and a counter agent cannot read them.
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete })
        {
            foreach (var path in new[] { "/api/v1/reception/audit-entries", "/api/v1/complaint/audit-entries/1" })
            {
                var change = await SendAsync(method, path, supervisor, traceparent, new { action = "rewritten" });
                Assert.True(change.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotFound,
                    $"{method} {path} answered {(int)change.StatusCode}");
            }
        }
        var notSupervisor = await SendAsync(HttpMethod.Get, "/api/v1/reception/audit-entries", counterAgent, traceparent);
        Assert.Equal(HttpStatusCode.Forbidden, notSupervisor.StatusCode);

        // The same personal data in query strings (real filters).
        var byPhone = await SendAsync(HttpMethod.Get, $"/api/v1/complaints?customerPhone={Uri.EscapeDataString(customer.Phone)}",
            complaintHandler, traceparent);
        await AssertStatusAsync(HttpStatusCode.OK, byPhone);
        var auditByCustomer = await SendAsync(HttpMethod.Get,
            $"/api/v1/complaint/audit-entries?customer={Uri.EscapeDataString(customer.Phone)}&page=1&pageSize=10", supervisor, traceparent);
        await AssertStatusAsync(HttpStatusCode.OK, auditByCustomer);

        // Logs and spans of the journey reached the dashboard, and none of them carries the customer's data.
        var (logs, traces) = await WaitForTelemetryAsync(visitId, traceId);
        AssertFreeOf(customer, logs, "the structured logs");
        AssertFreeOf(customer, traces, "the spans");
    }

    private async Task AssertAuditedAsync(string supervisorToken, string service, string recordType, string recordId, int minimumEntries)
    {
        var response = await SendAsync(HttpMethod.Get,
            $"/api/v1/{service}/audit-entries?recordType={recordType}&recordId={Uri.EscapeDataString(recordId)}&page=1&pageSize=100",
            supervisorToken, null);
        await AssertStatusAsync(HttpStatusCode.OK, response);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        var entries = page.GetProperty("items").EnumerateArray().ToList();
        Assert.True(entries.Count >= minimumEntries, $"{service} has {entries.Count} audit entries for {recordId}");
        Assert.All(entries, entry => Assert.Equal(recordId, entry.GetProperty("recordId").GetString()));
    }

    private static async Task AssertStatusAsync(HttpStatusCode expected, HttpResponseMessage response) =>
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, string? traceparent, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (traceparent is not null)
        {
            request.Headers.Add("traceparent", traceparent);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        var response = await platform.Anonymous.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>All structured logs and all spans the dashboard holds, once this journey's own telemetry is among them.</summary>
    private async Task<(string Logs, string Traces)> WaitForTelemetryAsync(string visitId, string traceId)
    {
        using var dashboard = new HttpClient { BaseAddress = platform.DashboardAddress };
        dashboard.DefaultRequestHeaders.Add("x-api-key", PlatformFixture.DashboardApiKey);
        string logs = "", traces = "";
        // Telemetry is exported in batches: give it a bounded time to arrive.
        for (var attempt = 0; attempt < 60; attempt++)
        {
            logs = await dashboard.GetStringAsync("/api/telemetry/logs");
            traces = await dashboard.GetStringAsync("/api/telemetry/traces");
            if (logs.Contains(visitId, StringComparison.Ordinal) && traces.Contains(traceId, StringComparison.OrdinalIgnoreCase))
            {
                return (logs, traces);
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        Assert.Fail($"The dashboard never showed this journey's logs (visit {visitId}) and spans (trace {traceId}).");
        return (logs, traces);
    }

    private static void AssertFreeOf(Customer customer, string captured, string where)
    {
        foreach (var (what, value) in new[] { ("name", customer.Name), ("phone", customer.Phone), ("ID number", customer.IdNumber) })
        {
            Assert.False(captured.Contains(value, StringComparison.OrdinalIgnoreCase), $"The customer's {what} appears in {where}.");
        }
    }

    /// <summary>Personal data no other test uses, so a match can only come from this journey.</summary>
    private sealed record Customer(string Name, string Phone, string IdNumber)
    {
        public static Customer Unique()
        {
            var digits = RandomNumberGenerator.GetInt32(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var letters = string.Concat(Enumerable.Range(0, 8).Select(_ => (char)('a' + RandomNumberGenerator.GetInt32(26))));
            return new Customer("Privacy " + char.ToUpperInvariant(letters[0]) + letters[1..], "139" + digits, "E" + digits + "X");
        }
    }
}
