using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HallPlatform.Contracts.Quality.V1;
using HallPlatform.Quality.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace HallPlatform.Quality.Tests;

/// <summary>Staff read only their halls' answers and summaries; the survey link stays open (docs/security.md).</summary>
[Collection(ServersCollection.Name)]
public sealed class HallScopeTests : IAsyncLifetime
{
    private const string Responses = "/api/v1/survey-responses";
    private const string Summary = "/api/v1/satisfaction-summary";

    private static readonly HallCaller AnalystOfHall1 = TestCallers.Staff("analyst-1", HallRoles.QualityAnalyst, "hall-001");

    private readonly QualityApp _app;

    public HallScopeTests(RealServersFixture servers) => _app = new QualityApp(servers);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Recorded anonymously, through the survey link.</summary>
    private async Task<string> RecordAsync(string caseId, string hallId, int csat, int nps)
    {
        using var anonymous = _app.CreateClientAs(TestCallers.Anonymous);
        await _app.KnownCaseAsync("visit", caseId, hallId);
        using var response = await anonymous.PostAsJsonAsync(Responses, new { caseType = "visit", caseId, hallId, csatScore = csat, npsScore = nps });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("responseId").GetString()!;
    }

    private static string Period()
    {
        var now = DateTimeOffset.UtcNow;
        return $"from={Uri.EscapeDataString(now.AddHours(-1).ToString("O", CultureInfo.InvariantCulture))}"
            + $"&to={Uri.EscapeDataString(now.AddHours(1).ToString("O", CultureInfo.InvariantCulture))}";
    }

    [Fact]
    public async Task Get_by_id_of_another_halls_answer_is_404_like_an_unknown_id_and_not_audited()
    {
        var id = await RecordAsync("v-1", "hall-002", 5, 10);
        using var client = _app.CreateClientAs(AnalystOfHall1);

        using var other = await client.GetAsync($"{Responses}/{id}");
        using var unknown = await client.GetAsync($"{Responses}/srv_unknown");

        var otherProblem = await ProblemAssert.IsProblemAsync(other, HttpStatusCode.NotFound);
        var unknownProblem = await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.Equal(unknownProblem.GetProperty("title").GetString(), otherProblem.GetProperty("title").GetString());
        Assert.Equal(0, await _app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => e.Action == SurveyResponseAudit.PersonalDataReadAction)));

        using var own = _app.CreateClientAs(TestCallers.Staff("analyst-2", HallRoles.QualityAnalyst, "hall-002"));
        using var ownRead = await own.GetAsync($"{Responses}/{id}");
        Assert.Equal(HttpStatusCode.OK, ownRead.StatusCode);
    }

    [Fact]
    public async Task A_summary_of_another_hall_is_403_problem()
    {
        await RecordAsync("v-1", "hall-002", 5, 10);
        using var client = _app.CreateClientAs(AnalystOfHall1);

        using var response = await client.GetAsync($"{Summary}?hallId=hall-002&{Period()}");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("hall-002", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var own = await client.GetAsync($"{Summary}?hallId=hall-001&{Period()}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Without_hallId_the_summary_covers_only_the_callers_halls_with_the_same_formula()
    {
        // hall-001: csat 5,2 -> 50%; nps 10,3 -> 1 promoter, 1 detractor = 0.
        // hall-003: csat 4 -> satisfied; nps 9 -> promoter. Together: 2 of 3 = 66.67%, (2 - 1) / 3 = 33.33.
        // hall-002 (not the caller's): csat 1, nps 0 would pull both down.
        await RecordAsync("v-1", "hall-001", 5, 10);
        await RecordAsync("v-2", "hall-001", 2, 3);
        await RecordAsync("v-3", "hall-003", 4, 9);
        await RecordAsync("v-4", "hall-002", 1, 0);
        using var client = _app.CreateClientAs(TestCallers.Staff("analyst-13", HallRoles.QualityAnalyst, "hall-001", "hall-003"));

        var mine = await client.GetFromJsonAsync<JsonElement>($"{Summary}?{Period()}");

        Assert.Equal(JsonValueKind.Null, mine.GetProperty("hallId").ValueKind);
        Assert.Equal(3, mine.GetProperty("responses").GetInt32());
        Assert.Equal(66.67, mine.GetProperty("csatPercent").GetDouble());
        Assert.Equal(33.33, mine.GetProperty("nps").GetDouble());

        // "*" covers every hall: 2 of 4 satisfied = 50%, (2 - 2) / 4 = 0.
        using var everyHall = _app.CreateClientAs(TestCallers.Staff("analyst-all", HallRoles.QualityAnalyst, HallCaller.AllHalls));
        var all = await everyHall.GetFromJsonAsync<JsonElement>($"{Summary}?{Period()}");
        Assert.Equal(4, all.GetProperty("responses").GetInt32());
        Assert.Equal(50.0, all.GetProperty("csatPercent").GetDouble());
        Assert.Equal(0.0, all.GetProperty("nps").GetDouble());
    }

    [Fact]
    public async Task Grpc_summary_of_another_hall_is_permission_denied_and_without_hall_covers_the_callers_halls()
    {
        await RecordAsync("v-1", "hall-001", 5, 10);
        await RecordAsync("v-2", "hall-002", 1, 0);
        using var channel = _app.CreateGrpcChannelAs(AnalystOfHall1);
        var grpc = new QualityService.QualityServiceClient(channel);
        var now = DateTimeOffset.UtcNow;
        SatisfactionSummaryRequest Request(string hallId) => new()
        {
            HallId = hallId,
            From = Timestamp.FromDateTimeOffset(now.AddHours(-1)),
            To = Timestamp.FromDateTimeOffset(now.AddHours(1)),
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => grpc.GetSatisfactionSummaryAsync(Request("hall-002")).ResponseAsync);
        var mine = await grpc.GetSatisfactionSummaryAsync(Request(""));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal((1, 100.0, 100.0), (mine.Responses, mine.CsatPercent, mine.Nps));
    }

    [Fact]
    public async Task Anonymous_answers_stay_open_for_every_hall()
    {
        using var anonymous = _app.CreateClientAs(TestCallers.Anonymous);
        using var channel = _app.CreateGrpcChannelAs(TestCallers.Anonymous);
        var grpc = new QualityService.QualityServiceClient(channel);

        await _app.KnownCaseAsync("visit", "v-9", "hall-009");
        await _app.KnownCaseAsync("order", "o-9", "hall-010");
        using var rest = await anonymous.PostAsJsonAsync(Responses, new { caseType = "visit", caseId = "v-9", hallId = "hall-009", csatScore = 4, npsScore = 8 });
        var viaGrpc = await grpc.RecordSurveyResponseAsync(new RecordSurveyResponseRequest { CaseType = "order", CaseId = "o-9", HallId = "hall-010", CsatScore = 3, NpsScore = 5 });

        Assert.Equal(HttpStatusCode.Created, rest.StatusCode);
        Assert.StartsWith("srv_", viaGrpc.ResponseId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_callers_see_every_hall()
    {
        var id = await RecordAsync("v-1", "hall-002", 5, 10);
        using var client = _app.CreateClientAs(new HallCaller(CallerKind.Service, "reception", [], [], [], "127.0.0.1"));

        using var read = await client.GetAsync($"{Responses}/{id}");
        using var summary = await client.GetAsync($"{Summary}?hallId=hall-002&{Period()}");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
    }
}
