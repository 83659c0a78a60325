using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HallPlatform.Business.Tests;

/// <summary>The counter's REST steps on an order, for tests; each asserts the step succeeded and returns the answer.</summary>
public static class OrderStepClient
{
    public static async Task<JsonElement> StartAsync(this HttpClient client, string orderId)
    {
        var response = await client.PostAsync($"/api/v1/orders/{orderId}/start", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    public static Task<HttpResponseMessage> RecordRequestAsync(this HttpClient client, string orderId, object request) =>
        client.PutAsJsonAsync($"/api/v1/orders/{orderId}/request", request);

    public static async Task<JsonElement> RequestOkAsync(this HttpClient client, string orderId, object request)
    {
        var response = await client.RecordRequestAsync(orderId, request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonElement> VerifyAsync(this HttpClient client, string orderId, params string[] documents)
    {
        JsonElement order = default;
        foreach (var document in documents)
        {
            var response = await client.PostAsJsonAsync($"/api/v1/orders/{orderId}/documents", new { documentCode = document, status = "verified" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            order = await response.ReadJsonAsync();
        }
        return order;
    }

    public static Task<HttpResponseMessage> ConsentAsync(this HttpClient client, string orderId, int quoteVersion, string method = "signature-pad",
        string? witness = null) =>
        client.PostAsJsonAsync($"/api/v1/orders/{orderId}/consent", new { quoteVersion, method, witnessStaffId = witness });

    public static async Task<JsonElement> ConsentOkAsync(this HttpClient client, string orderId, int quoteVersion)
    {
        var response = await client.ConsentAsync(orderId, quoteVersion);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    public static async Task<HttpResponseMessage> PayAsync(this HttpClient client, string orderId, object payment, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{orderId}/payments") { Content = JsonContent.Create(payment) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return await client.SendAsync(request);
    }

    /// <summary>Start, record a zero-total plan change for an individual, verify the ID card: ready to complete.</summary>
    public static async Task<JsonElement> ReadyZeroTotalAsync(this HttpClient client, string orderId)
    {
        await client.StartAsync(orderId);
        await client.RequestOkAsync(orderId, new { businessTypeCode = "plan-change", customerKind = "individual", lineNumber = "13812345678" });
        return await client.VerifyAsync(orderId, "id-card-original");
    }

    /// <summary>Start, record a SIM replacement (1130 fen) for an individual, verify, consent: ready to pay.</summary>
    public static async Task<JsonElement> ReadyToPayAsync(this HttpClient client, string orderId)
    {
        await client.StartAsync(orderId);
        var order = await client.RequestOkAsync(orderId, new { businessTypeCode = "sim-replacement", customerKind = "individual", lineNumber = "13812345678" });
        await client.VerifyAsync(orderId, "id-card-original");
        return await client.ConsentOkAsync(orderId, order.GetProperty("quote").GetProperty("version").GetInt32());
    }
}
