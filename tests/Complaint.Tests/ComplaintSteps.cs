using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace HallPlatform.Complaint.Tests;

/// <summary>Drives a complaint through the handling routes in tests, asserting each step succeeds.</summary>
public static class ComplaintSteps
{
    public const string Complaints = "/api/v1/complaints";

    public static Task<JsonElement> AssessAsync(HttpClient http, string id, string category = "billing", string severity = "medium", string? departmentId = null) =>
        PostOkAsync(http, $"{Complaints}/{id}/assessment", new { category, severity, departmentId, note = "assessed" });

    public static Task<JsonElement> AssignAsync(HttpClient http, string id, string departmentId = "dep-billing", string? handlerId = "usr_billing_lead", string? reason = "owner") =>
        PostOkAsync(http, $"{Complaints}/{id}/assignment", new { departmentId, handlerId, reason });

    public static Task<JsonElement> StatusAsync(HttpClient http, string id, string status) =>
        PostOkAsync(http, $"{Complaints}/{id}/status", new { status, note = "step" });

    public static Task<JsonElement> RespondAsync(HttpClient http, string id, long refundFen = 1250, bool upheld = true, string rootCauseCode = "billing-error") =>
        PostOkAsync(http, $"{Complaints}/{id}/response", new
        {
            findings = "Roaming billed twice.",
            rootCauseCode,
            rootCauseNote = "Duplicate CDR import",
            refundFen,
            apology = true,
            correctiveAction = "Fixed the import job",
            upheld,
        });

    public static Task<JsonElement> ConfirmAsync(HttpClient http, string id, bool satisfied, string? whenNotSatisfied = null) =>
        PostOkAsync(http, $"{Complaints}/{id}/confirmation", new { satisfied, whenNotSatisfied, note = satisfied ? null : "Still wrong" });

    public static Task<JsonElement> EscalateAsync(HttpClient http, string id, string reason = "Supervisor needed") =>
        PostOkAsync(http, $"{Complaints}/{id}/escalation", new { reason });

    /// <summary>From acknowledged to responded: assess, assign, investigate, respond.</summary>
    public static async Task<JsonElement> ToRespondedAsync(HttpClient http, string id)
    {
        await AssessAsync(http, id);
        await AssignAsync(http, id);
        await StatusAsync(http, id, "investigating");
        return await RespondAsync(http, id);
    }

    public static async Task<JsonElement> PostOkAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
