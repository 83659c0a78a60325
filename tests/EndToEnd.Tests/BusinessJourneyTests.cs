using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>
/// A business visit through the gateway from check-in to a paid receipt and a completed order: request, documents,
/// quote, consent, payment, receipt (JSON and printable), completion; every step in the order's audit trail, in the
/// journey's trace.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BusinessJourneyTests(PlatformFixture platform)
{
    // A counter of its own for new lines; other tests' new-line visits it calls on the way are harmless (never served).
    private const string Counter = "e2e-business";

    [Fact]
    public async Task A_new_line_goes_from_check_in_to_a_paid_receipt_and_a_completed_order_with_every_step_audited()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var put = await SendAsync(HttpMethod.Put, $"/api/v1/counters/{Counter}", traceId,
            new { hallId = "hall-001", name = "End-to-end business window", serviceTypes = new[] { "new-line" } });
        Assert.True(put.IsSuccessStatusCode, $"PUT counter: {(int)put.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/api/v1/counters/{Counter}/open", traceId, new { staffId = "staff-e2e" })).StatusCode);

        var checkIn = await SendAsync(HttpMethod.Post, "/api/v1/visits", traceId,
            new { customerName = "Sun Li", customerPhone = "13722223333", serviceType = "new-line" });
        Assert.Equal(HttpStatusCode.Created, checkIn.StatusCode);
        var visitId = (await checkIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString()!;

        string? orderId = null;
        for (var attempt = 0; attempt < 200 && orderId is null; attempt++)
        {
            var response = await SendAsync(HttpMethod.Post, $"/api/v1/counters/{Counter}/call-next", traceId, null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var called = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (called.GetProperty("visitId").GetString() == visitId)
            {
                orderId = called.GetProperty("orderId").GetString();
            }
        }
        Assert.False(string.IsNullOrEmpty(orderId), $"Counter {Counter} never called visit {visitId} with an order.");

        // The catalogue is there for the counter to choose from.
        var type = await platform.Gateway.GetFromJsonAsync<JsonElement>("/api/v1/business-types/new-line");
        Assert.Equal(3, type.GetProperty("feeItems").GetArrayLength());

        await OkAsync(HttpMethod.Post, $"/api/v1/orders/{orderId}/start", Step(), null);
        var requested = await OkAsync(HttpMethod.Put, $"/api/v1/orders/{orderId}/request", Step(), new
        {
            businessTypeCode = "new-line",
            customerKind = "individual",
            lineNumber = "13722223333",
            items = new[] { new { feeCode = "sim-card", quantity = 1 }, new { feeCode = "plan-58", quantity = 1 } },
            details = new { plan = "58", simType = "5G" },
        });
        Assert.Equal("137****3333", requested.GetProperty("lineNumberMasked").GetString());
        var quote = requested.GetProperty("quote");
        // sim-card 2500 + 13 % tax (325) = 2825; plan-58 5800 + 9 % tax (522) = 6322.
        Assert.Equal((1, 9_147L), (quote.GetProperty("version").GetInt32(), quote.GetProperty("totalFen").GetInt64()));

        var early = await SendAsync(HttpMethod.Post, $"/api/v1/orders/{orderId}/consent", Step(), new { quoteVersion = 1, method = "pin" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("application/problem+json", early.Content.Headers.ContentType?.MediaType);

        await OkAsync(HttpMethod.Post, $"/api/v1/orders/{orderId}/documents", Step(), new { documentCode = "id-card-original", status = "verified" });
        await OkAsync(HttpMethod.Post, $"/api/v1/orders/{orderId}/consent", Step(), new { quoteVersion = 1, method = "signature-pad" });

        var key = "e2e-pay-" + Guid.NewGuid().ToString("N");
        var paid = await SendAsync(HttpMethod.Post, $"/api/v1/orders/{orderId}/payments", Step(),
            new { method = "mobile-wallet", amountFen = 9_147, transactionReference = "WX20261206001" }, key);
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        var payment = (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("payment");
        var number = payment.GetProperty("receiptNumber").GetString()!;
        Assert.Matches($"^R-hall-001-{DateTime.UtcNow.Year}-[0-9]{{6}}$", number);

        var receipt = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/v1/receipts/{number}");
        Assert.Equal((orderId, 9_147L, 847L, "mobile-wallet"), (receipt.GetProperty("orderId").GetString(),
            receipt.GetProperty("totalFen").GetInt64(), receipt.GetProperty("taxFen").GetInt64(), receipt.GetProperty("method").GetString()));
        var print = await platform.Gateway.GetAsync($"/api/v1/receipts/{number}/print");
        Assert.Equal(HttpStatusCode.OK, print.StatusCode);
        Assert.Equal("text/html", print.Content.Headers.ContentType?.MediaType);
        var html = await print.Content.ReadAsStringAsync();
        Assert.Contains(number, html, StringComparison.Ordinal);
        Assert.Contains("91.47", html, StringComparison.Ordinal);

        var completed = await OkAsync(HttpMethod.Post, $"/api/v1/orders/{orderId}/complete", Step(), null);
        Assert.Equal("completed", completed.GetProperty("state").GetString());

        var trail = await platform.Gateway.GetFromJsonAsync<JsonElement>(
            $"/api/v1/business/audit-entries?recordType=order&recordId={orderId}&pageSize=50");
        var entries = trail.GetProperty("items").EnumerateArray().OrderBy(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(
            ["order.opened", "order.state-changed", "order.request-recorded", "order.document-checked", "order.consent-recorded",
                "order.payment-taken", "order.state-changed"],
            entries.Select(e => e.GetProperty("action").GetString()));
        // Every step ran in the journey's trace, started at check-in, though each request came with a trace of its own.
        Assert.All(entries, e => Assert.Equal(traceId, e.GetProperty("traceId").GetString()));

        // Business's order.stateChanged (to completed) reaches Reception, which completes the visit: no call-back.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        string? status;
        do
        {
            var visit = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{visitId}");
            status = visit.GetProperty("status").GetString();
            if (status != "completed")
            {
                Assert.True(DateTime.UtcNow < until, $"visit {visitId} is still {status} a minute after its order completed");
                await Task.Delay(250);
            }
        }
        while (status != "completed");
    }

    /// <summary>A trace of the request's own, as a counter's browser sends it.</summary>
    private static string Step() => ActivityTraceId.CreateRandom().ToHexString();

    private async Task<JsonElement> OkAsync(HttpMethod method, string path, string traceId, object? body)
    {
        var response = await SendAsync(method, path, traceId, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string traceId, object? body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return await platform.Gateway.SendAsync(request);
    }
}
