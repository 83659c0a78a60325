using System.Net;
using Aspire.Hosting.Testing;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>
/// The printable PDF of a paid receipt through the gateway: a business visit called at a counter of its own, paid,
/// then GET /receipts/{number}/pdf as the hall's counter agent (a PDF), a counter agent of another hall (404 like the
/// JSON) and a receptionist (403: the route's policy is counter).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ReceiptPdfJourneyTests(PlatformFixture platform)
{
    private const string Counter = "e2e-receipt-pdf";
    private const string Hall = "hall-001";

    [Fact]
    public async Task A_paid_receipt_prints_as_a_pdf_for_its_hall_only()
    {
        var put = await platform.Gateway.PutAsJsonAsync($"/api/v1/counters/{Counter}",
            new { hallId = Hall, name = "End-to-end receipt PDF window", serviceTypes = new[] { "new-line" } });
        Assert.True(put.IsSuccessStatusCode, $"PUT counter: {(int)put.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, (await platform.Gateway.PostAsJsonAsync($"/api/v1/counters/{Counter}/open", new { staffId = "staff-e2e-pdf" })).StatusCode);
        var checkIn = await platform.Gateway.PostAsJsonAsync("/api/v1/visits",
            new { customerName = "Zhou Min", customerPhone = "13733334444", serviceType = "new-line" });
        Assert.Equal(HttpStatusCode.Created, checkIn.StatusCode);
        var visitId = (await checkIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString()!;
        string? orderId = null;
        for (var attempt = 0; attempt < 200 && orderId is null; attempt++)
        {
            var called = await OkAsync(await platform.Gateway.PostAsync($"/api/v1/counters/{Counter}/call-next", null));
            if (called.GetProperty("visitId").GetString() == visitId)
            {
                orderId = called.GetProperty("orderId").GetString();
            }
        }
        Assert.False(string.IsNullOrEmpty(orderId), $"Counter {Counter} never called visit {visitId} with an order.");
        await OkAsync(await platform.Gateway.PostAsync($"/api/v1/orders/{orderId}/start", null));
        await OkAsync(await platform.Gateway.PutAsJsonAsync($"/api/v1/orders/{orderId}/request", new
        {
            businessTypeCode = "new-line",
            customerKind = "individual",
            lineNumber = "13733334444",
            items = new[] { new { feeCode = "sim-card", quantity = 1 }, new { feeCode = "plan-58", quantity = 1 } },
        }));
        await OkAsync(await platform.Gateway.PostAsJsonAsync($"/api/v1/orders/{orderId}/documents", new { documentCode = "id-card-original", status = "verified" }));
        await OkAsync(await platform.Gateway.PostAsJsonAsync($"/api/v1/orders/{orderId}/consent", new { quoteVersion = 1, method = "signature-pad" }));
        using var pay = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{orderId}/payments")
        {
            Content = JsonContent.Create(new { method = "cash", amountFen = 9_147 }),
        };
        pay.Headers.Add("Idempotency-Key", "e2e-pdf-" + Guid.NewGuid().ToString("N"));
        var paid = await platform.Gateway.SendAsync(pay);
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        var number = (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("payment").GetProperty("receiptNumber").GetString()!;

        using var agent = await ClientAsAsync("e2e-pdf-agent", "counter-agent", Hall);
        var pdf = await agent.GetAsync($"/api/v1/receipts/{number}/pdf");

        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{number}.pdf", pdf.Content.Headers.ContentDisposition?.FileNameStar);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5));
        Assert.Equal("%%EOF", Encoding.ASCII.GetString(bytes).TrimEnd()[^5..]);

        using var otherHall = await ClientAsAsync("e2e-pdf-other", "counter-agent", "hall-002");
        var hidden = await otherHall.GetAsync($"/api/v1/receipts/{number}/pdf");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("application/problem+json", hidden.Content.Headers.ContentType?.MediaType);
        using var receptionist = await ClientAsAsync("e2e-pdf-reception", "receptionist", Hall);
        Assert.Equal(HttpStatusCode.Forbidden, (await receptionist.GetAsync($"/api/v1/receipts/{number}/pdf")).StatusCode);
    }

    private async Task<HttpClient> ClientAsAsync(string sub, string role, string hall)
    {
        var client = platform.App.CreateHttpClient("gateway", "http");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await platform.StaffTokenAsync(sub, [role], [hall]));
        return client;
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: "
            + $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
