using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace HallPlatform.Testing;

/// <summary>Assertions for the RFC 9457 problem+json answers every HallPlatform error must be.</summary>
public static class ProblemAssert
{
    /// <summary>
    /// Asserts a problem with the status, the problem+json content type, the status's one problem type
    /// (<see cref="ProblemTypes"/>) and a traceId; returns the body.
    /// </summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var problem = document.RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(ProblemTypes.ForStatus((int)status), problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        return problem;
    }

    /// <summary>A 400 problem whose errors name exactly <paramref name="fields"/>.</summary>
    public static async Task<JsonElement> IsValidationProblemAsync(HttpResponseMessage response, params string[] fields)
    {
        var problem = await IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errorFields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(fields.Order(StringComparer.Ordinal).ToArray(), errorFields);
        return problem;
    }

    /// <summary>A 400 problem with at least one message for <paramref name="field"/> (other fields may have errors too).</summary>
    public static async Task<JsonElement> HasFieldErrorAsync(HttpResponseMessage response, string field)
    {
        var problem = await IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"No error for '{field}' in {errors}");
        Assert.True(messages.GetArrayLength() > 0);
        return problem;
    }
}

public static class JsonContentExtensions
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var element = await response.Content.ReadFromJsonAsync<JsonElement>();
        return element.Clone();
    }
}
