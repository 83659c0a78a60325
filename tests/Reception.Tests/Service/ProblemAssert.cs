using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HallPlatform.Reception.Tests.Service;

internal static class ProblemAssert
{
    /// <summary>Asserts an RFC 9457 problem with the status, a traceId, and returns the body.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()));
        return body;
    }

    /// <summary>Asserts a 400 validation problem naming the field in errors.</summary>
    public static async Task<JsonElement> HasFieldErrorAsync(HttpResponseMessage response, string field)
    {
        var body = await IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = body.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"No error for '{field}' in {errors}");
        Assert.True(messages.GetArrayLength() > 0);
        return body;
    }
}
