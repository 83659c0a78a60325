using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Quality.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace HallPlatform.Quality.Tests;

/// <summary>Survey comments encrypted at rest, and the append-only audit trail, on a real PostgreSQL.</summary>
[Collection(ServersCollection.Name)]
public sealed class AuditAndPrivacyTests : IAsyncLifetime
{
    private const string Responses = "/api/v1/survey-responses";
    private const string AuditEntries = "/api/v1/quality/audit-entries";
    private const string Comment = "Ask for Wang Fang, my number is 13812345678";

    private static readonly HallCaller Analyst = TestCallers.Staff("analyst-3", HallRoles.QualityAnalyst, "hall-001");
    private static readonly HallCaller Supervisor = TestCallers.Staff("supervisor-1", HallRoles.Supervisor, "hall-001");

    private readonly QualityApp _app;

    public AuditAndPrivacyTests(RealServersFixture servers) => _app = new QualityApp(servers);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static object Answer(string caseId, string? comment = Comment) =>
        new { caseType = "visit", caseId, hallId = "hall-001", csatScore = 4, npsScore = 8, comment };

    private async Task<string> RecordAsync(HttpClient client, string caseId, string? comment = Comment)
    {
        await _app.KnownCaseAsync("visit", caseId);
        using var response = await client.PostAsJsonAsync(Responses, Answer(caseId, comment));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("responseId").GetString()!;
    }

    private async Task<NpgsqlConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(_app.DatabaseConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task The_comment_is_stored_encrypted_and_read_back_in_clear()
    {
        using var client = _app.CreateClientAs(Analyst);
        var id = await RecordAsync(client, "vis_1");

        await using var connection = await OpenRawAsync();
        var stored = (string)(await ScalarAsync(connection, $"""SELECT "Comment" FROM survey_responses WHERE "ResponseId" = '{id}'"""))!;
        Assert.StartsWith($"v1:{TestDataProtection.KeyId}:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("Wang", stored, StringComparison.Ordinal);
        var read = await client.GetFromJsonAsync<JsonElement>($"{Responses}/{id}");
        Assert.Equal(Comment, read.GetProperty("comment").GetString());
    }

    [Fact]
    public async Task Recording_and_reading_are_audited_with_the_caller_and_no_comment_text()
    {
        using var client = _app.CreateClientAs(Analyst);
        var id = await RecordAsync(client, "vis_2");
        using (await client.GetAsync($"{Responses}/{id}"))
        {
        }

        var entries = await _app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().Where(e => e.RecordId == id).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([SurveyResponseAudit.RecordedAction, SurveyResponseAudit.PersonalDataReadAction], entries.Select(e => e.Action).ToArray());
        Assert.All(entries, entry =>
        {
            Assert.Equal("staff", entry.ActorKind);
            Assert.Equal("analyst-3", entry.ActorId);
            Assert.Equal("survey-response", entry.RecordType);
            Assert.DoesNotContain("13812345678", entry.After ?? "", StringComparison.Ordinal);
        });
        using var after = JsonDocument.Parse(entries[0].After!);
        Assert.Equal(4, after.RootElement.GetProperty("csatScore").GetInt32());
        Assert.True(after.RootElement.GetProperty("hasComment").GetBoolean());
    }

    [Fact]
    public async Task Update_and_delete_of_audit_entries_are_refused_by_the_database()
    {
        using var client = _app.CreateClientAs(Analyst);
        await RecordAsync(client, "vis_3");
        await using var connection = await OpenRawAsync();

        foreach (var sql in new[] { "UPDATE audit_entries SET action = 'x'", "DELETE FROM audit_entries" })
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(connection, sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM audit_entries WHERE action = 'survey-response.recorded'"));
    }

    [Fact]
    public async Task The_purge_deletes_only_entries_older_than_the_retention()
    {
        _ = _app.CreateClient();
        await using (var connection = await OpenRawAsync())
        {
            await ScalarAsync(connection, """
                INSERT INTO audit_entries (occurred_at, actor_kind, actor_id, action, record_type, record_id)
                VALUES (now() - interval '200 days', 'staff', 'old', 'survey-response.recorded', 'survey-response', 'srv_old'),
                       (now() - interval '2 days', 'staff', 'kept', 'survey-response.recorded', 'survey-response', 'srv_kept')
                """);
        }

        await _app.WithDbAsync(db => AuditRetention.PurgeAsync(db, 190, DateTimeOffset.UtcNow, CancellationToken.None));

        var left = await _app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().Select(e => e.ActorId).ToListAsync());
        Assert.Equal(["kept"], left);
    }

    [Fact]
    public async Task Supervisors_query_per_record_and_actor_others_get_403()
    {
        using var analyst = _app.CreateClientAs(Analyst);
        var id = await RecordAsync(analyst, "vis_4");
        using (var other = _app.CreateClientAs(TestCallers.Staff("analyst-5", HallRoles.QualityAnalyst, "hall-001")))
        {
            await RecordAsync(other, "vis_5", comment: null);
        }
        using var supervisor = _app.CreateClientAs(Supervisor);

        var byRecord = await supervisor.GetFromJsonAsync<JsonElement>($"{AuditEntries}?recordType=survey-response&recordId={id}");
        Assert.Equal(id, Assert.Single(byRecord.GetProperty("items").EnumerateArray()).GetProperty("recordId").GetString());
        var byActor = await supervisor.GetFromJsonAsync<JsonElement>($"{AuditEntries}?actor=analyst-5");
        Assert.Equal(1, byActor.GetProperty("total").GetInt32());

        using var forbidden = await analyst.GetAsync(AuditEntries);
        await ProblemAssert.IsProblemAsync(forbidden, HttpStatusCode.Forbidden);
        using var badFilter = await supervisor.GetAsync($"{AuditEntries}?customer=abc");
        await ProblemAssert.IsValidationProblemAsync(badFilter, "customer");
    }

    [Fact]
    public async Task A_restart_encrypts_comments_stored_in_clear_before_encryption()
    {
        _ = _app.CreateClient();
        await using (var connection = await OpenRawAsync())
        {
            await ScalarAsync(connection, """
                INSERT INTO survey_responses ("ResponseId", "CaseType", "CaseId", "HallId", "CsatScore", "NpsScore", "Comment", "AnsweredAt")
                VALUES ('srv_legacy', 'visit', 'vis_legacy', 'hall-001', 5, 10, 'Call me on 13700000000', now())
                """);
        }

        await using var restarted = new QualityApp(_app.Servers) { DatabaseOf = _app.DatabaseConnectionString, RotatedKeys = true };
        using var client = restarted.CreateClient();

        await using (var connection = await OpenRawAsync())
        {
            Assert.Equal(0L, await ScalarAsync(connection, """SELECT count(*) FROM survey_responses WHERE "Comment" NOT LIKE 'v1:test-2:%'"""));
        }
        var read = await client.GetFromJsonAsync<JsonElement>($"{Responses}/srv_legacy");
        Assert.Equal("Call me on 13700000000", read.GetProperty("comment").GetString());
    }
}
