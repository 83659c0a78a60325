using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Complaint.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Privacy;
using HallPlatform.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace HallPlatform.Complaint.Tests;

/// <summary>Personal data encrypted at rest, and the append-only audit trail, on a real PostgreSQL.</summary>
[Collection(ServersCollection.Name)]
public sealed class AuditAndPrivacyTests : IAsyncLifetime
{
    private const string Complaints = "/api/v1/complaints";
    private const string AuditEntries = "/api/v1/complaint/audit-entries";
    private const string Phone = "13812345678";

    private static readonly HallCaller Handler = TestCallers.Staff("handler-7", HallRoles.ComplaintHandler, "hall-001");
    private static readonly HallCaller Supervisor = TestCallers.Staff("supervisor-1", HallRoles.Supervisor, "hall-001");

    private readonly ComplaintApp _app;

    public AuditAndPrivacyTests(RealServersFixture servers) => _app = new ComplaintApp(servers);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static object NewComplaint(string phone = "138 1234 5678", string? externalId = null) => new
    {
        channel = "phone",
        externalId,
        subject = "Overcharged for roaming",
        description = "I was billed twice for roaming in March.",
        remedySought = "Refund the second charge",
        category = "billing",
        hallId = "hall-001",
        customerPhone = phone,
    };

    private async Task<string> RegisterAsync(HttpClient client, string phone = "138 1234 5678")
    {
        using var response = await client.PostAsJsonAsync(Complaints, NewComplaint(phone));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("complaintId").GetString()!;
    }

    private Task<List<AuditEntry>> AuditOfAsync(string recordId) => _app.WithDbAsync(db =>
        db.Set<AuditEntry>().AsNoTracking().Where(e => e.RecordId == recordId).OrderBy(e => e.Id).ToListAsync());

    private string CustomerRef(string phone) => _app.Services.GetRequiredService<BlindIndex>().ForPhone(phone)!;

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
    public async Task The_phone_is_stored_encrypted_with_a_blind_index_never_in_clear()
    {
        using var client = _app.CreateClientAs(Handler);
        var id = await RegisterAsync(client);

        await using var connection = await OpenRawAsync();
        await using var command = new NpgsqlCommand("""SELECT "CustomerPhone", "CustomerPhoneRef" FROM complaints WHERE "ComplaintId" = @id""", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var stored = reader.GetString(0);
        var lookup = reader.GetString(1);
        Assert.StartsWith($"v1:{TestDataProtection.KeyId}:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Phone, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("5678", lookup, StringComparison.Ordinal);
        Assert.Equal(CustomerRef(Phone), lookup);
        // And the service still reads it back.
        var complaint = await _app.WithDbAsync(db => db.Complaints.AsNoTracking().SingleAsync(c => c.ComplaintId == id));
        Assert.Equal(Phone, complaint.CustomerPhone);
    }

    [Fact]
    public async Task Register_change_and_read_are_audited_with_the_caller_and_before_after()
    {
        using var client = _app.CreateClientAs(Handler);
        var id = await RegisterAsync(client);
        using (var change = await client.PostAsJsonAsync($"{Complaints}/{id}/assessment",
            new { category = "billing", severity = "high", note = "Customer 13812345678 called back" }))
        {
            Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        }
        using (var read = await client.GetAsync($"{Complaints}/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        var entries = await AuditOfAsync(id);
        Assert.Equal(
            [ComplaintAudit.RegisteredAction, ComplaintAudit.AssessedAction, ComplaintAudit.PersonalDataReadAction],
            entries.Select(e => e.Action).ToArray());
        Assert.All(entries, entry =>
        {
            Assert.Equal("staff", entry.ActorKind);
            Assert.Equal("handler-7", entry.ActorId);
            Assert.Equal("127.0.0.1", entry.ClientAddress);
            Assert.Equal("complaint", entry.RecordType);
            Assert.Equal(CustomerRef(Phone), entry.CustomerRef);
            Assert.False(string.IsNullOrEmpty(entry.TraceId));
        });

        var registered = entries[0];
        Assert.Null(registered.Before);
        using (var after = JsonDocument.Parse(registered.After!))
        {
            Assert.Equal("acknowledged", after.RootElement.GetProperty("status").GetString());
            Assert.Equal("138****5678", after.RootElement.GetProperty("customerPhone").GetString());
        }

        var changed = entries[1];
        using (var before = JsonDocument.Parse(changed.Before!))
        using (var after = JsonDocument.Parse(changed.After!))
        {
            Assert.Equal("acknowledged", before.RootElement.GetProperty("status").GetString());
            Assert.Equal("assessed", after.RootElement.GetProperty("status").GetString());
            Assert.Equal("high", after.RootElement.GetProperty("severity").GetString());
            Assert.Equal("dep-billing", after.RootElement.GetProperty("departmentId").GetString());
            Assert.True(after.RootElement.GetProperty("noteGiven").GetBoolean());
        }

        // Nothing in the trail holds the phone in clear, not even the note that quoted it.
        await using var connection = await OpenRawAsync();
        Assert.Equal(0L, await ScalarAsync(connection,
            $"SELECT count(*) FROM audit_entries WHERE concat_ws('|', before::text, after::text, customer_ref, record_id) LIKE '%{Phone}%'"));
    }

    [Fact]
    public async Task A_grpc_read_is_audited_like_a_rest_one()
    {
        using var client = _app.CreateClientAs(Handler);
        var id = await RegisterAsync(client);
        using var channel = _app.CreateGrpcChannelAs(TestCallers.Partner("call-centre"));
        var grpc = new Contracts.Complaint.V1.ComplaintService.ComplaintServiceClient(channel);

        await grpc.GetComplaintAsync(new Contracts.Complaint.V1.GetComplaintRequest { ComplaintId = id });

        var read = Assert.Single(await AuditOfAsync(id), e => e.Action == ComplaintAudit.PersonalDataReadAction);
        Assert.Equal("partner", read.ActorKind);
        Assert.Equal("call-centre", read.ActorId);
    }

    [Fact]
    public async Task List_reads_are_audited_and_find_a_customer_through_the_blind_index_a_bad_phone_is_a_field_error()
    {
        using var client = _app.CreateClientAs(Handler);
        var mine = await RegisterAsync(client, "138-1234-5678");
        await RegisterAsync(client, "13900000000");

        var page = await client.GetFromJsonAsync<JsonElement>($"{Complaints}?customerPhone=138%201234%205678");

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(mine, item.GetProperty("complaintId").GetString());
        var listRead = await _app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .SingleAsync(e => e.Action == ComplaintAudit.ListReadAction));
        Assert.Equal(AuditEntry.CollectionRecordId, listRead.RecordId);
        Assert.Equal(CustomerRef(Phone), listRead.CustomerRef);
        Assert.Contains(mine, listRead.After!, StringComparison.Ordinal);
        Assert.DoesNotContain("1234", listRead.After!, StringComparison.Ordinal);

        using var bad = await client.GetAsync($"{Complaints}?customerPhone=call-me");
        await ProblemAssert.IsValidationProblemAsync(bad, "customerPhone");
    }

    [Fact]
    public async Task Update_delete_and_truncate_of_audit_entries_are_refused_by_the_database()
    {
        using var client = _app.CreateClientAs(Handler);
        await RegisterAsync(client);
        await using var connection = await OpenRawAsync();

        foreach (var sql in new[]
        {
            "UPDATE audit_entries SET actor_id = 'someone-else'",
            "DELETE FROM audit_entries",
            "TRUNCATE audit_entries",
            // Even the purge switch cannot remove an entry younger than the legal minimum.
            "BEGIN; SET LOCAL hall.audit_purge = 'on'; SET LOCAL hall.audit_purge_before = '2999-01-01'; DELETE FROM audit_entries; COMMIT",
        })
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(connection, sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
            await ScalarAsync(connection, "ROLLBACK");
        }
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM audit_entries"));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM audit_entries WHERE actor_id = 'handler-7'"));
    }

    [Fact]
    public async Task Saving_a_changed_or_removed_entry_through_ef_is_refused_too()
    {
        using var client = _app.CreateClientAs(Handler);
        await RegisterAsync(client);

        await Assert.ThrowsAsync<DbUpdateException>(() => _app.WithDbAsync(async db =>
        {
            db.Set<AuditEntry>().Remove(await db.Set<AuditEntry>().FirstAsync());
            return await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task The_purge_deletes_only_entries_older_than_the_retention()
    {
        _ = _app.CreateClient();
        await using var connection = await OpenRawAsync();
        await ScalarAsync(connection, """
            INSERT INTO audit_entries (occurred_at, actor_kind, actor_id, action, record_type, record_id)
            VALUES (now() - interval '400 days', 'staff', 'old-1', 'complaint.registered', 'complaint', 'cmp_old1'),
                   (now() - interval '191 days', 'staff', 'old-2', 'complaint.registered', 'complaint', 'cmp_old2'),
                   (now() - interval '189 days', 'staff', 'kept-1', 'complaint.registered', 'complaint', 'cmp_kept1'),
                   (now() - interval '1 day', 'staff', 'kept-2', 'complaint.registered', 'complaint', 'cmp_kept2')
            """);

        await _app.WithDbAsync(db => AuditRetention.PurgeAsync(db, 190, DateTimeOffset.UtcNow, CancellationToken.None));

        var left = await _app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().Select(e => e.ActorId).OrderBy(a => a).ToListAsync());
        Assert.Equal(["kept-1", "kept-2"], left);
        // The purge's permission ended with its transaction.
        await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(connection, "DELETE FROM audit_entries"));
    }

    [Fact]
    public async Task Supervisors_query_the_trail_per_record_customer_actor_and_period()
    {
        using var handler = _app.CreateClientAs(Handler);
        using var other = _app.CreateClientAs(TestCallers.Staff("handler-9", HallRoles.ComplaintHandler, "hall-001"));
        var first = await RegisterAsync(handler, "13812345678");
        var second = await RegisterAsync(other, "13900000000");
        using (await handler.GetAsync($"{Complaints}/{second}"))
        {
        }
        using var supervisor = _app.CreateClientAs(Supervisor);

        var byRecord = await supervisor.GetFromJsonAsync<JsonElement>($"{AuditEntries}?recordType=complaint&recordId={second}");
        Assert.Equal(2, byRecord.GetProperty("total").GetInt32());
        Assert.All(byRecord.GetProperty("items").EnumerateArray(), e => Assert.Equal(second, e.GetProperty("recordId").GetString()));
        // Newest first: the read came after the registration.
        Assert.Equal(ComplaintAudit.PersonalDataReadAction, byRecord.GetProperty("items")[0].GetProperty("action").GetString());

        var byCustomer = await supervisor.GetFromJsonAsync<JsonElement>($"{AuditEntries}?customer=138-1234-5678");
        var customerEntry = Assert.Single(byCustomer.GetProperty("items").EnumerateArray());
        Assert.Equal(first, customerEntry.GetProperty("recordId").GetString());
        Assert.Equal("138****5678", customerEntry.GetProperty("after").GetProperty("customerPhone").GetString());

        var byActor = await supervisor.GetFromJsonAsync<JsonElement>($"{AuditEntries}?actor=handler-9");
        Assert.Equal(second, Assert.Single(byActor.GetProperty("items").EnumerateArray()).GetProperty("recordId").GetString());

        var all = await supervisor.GetFromJsonAsync<JsonElement>(AuditEntries);
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        var future = DateTimeOffset.UtcNow.AddDays(1).ToString("O");
        var past = DateTimeOffset.UtcNow.AddDays(-1).ToString("O");
        var inPeriod = await supervisor.GetFromJsonAsync<JsonElement>($"{AuditEntries}?from={Uri.EscapeDataString(past)}&to={Uri.EscapeDataString(future)}");
        Assert.Equal(3, inPeriod.GetProperty("total").GetInt32());
        var beforePeriod = await supervisor.GetFromJsonAsync<JsonElement>($"{AuditEntries}?to={Uri.EscapeDataString(past)}");
        Assert.Equal(0, beforePeriod.GetProperty("total").GetInt32());
        var paged = await supervisor.GetFromJsonAsync<JsonElement>($"{AuditEntries}?page=2&pageSize=2");
        Assert.Equal(1, paged.GetProperty("items").GetArrayLength());
        Assert.Equal(3, paged.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Only_supervisors_and_administrators_read_the_trail_everyone_else_gets_403_problem() =>
        await AuditApiAssert.OnlySupervisorsAndAdministratorsReadAsync(_app.CreateClientAs, AuditEntries,
            TestCallers.Partner("call-centre", PartnerScopes.ReportFaults));

    [Fact]
    public async Task Bad_filters_are_field_errors() =>
        await AuditApiAssert.BadFiltersAreFieldErrorsAsync(_app.CreateClientAs, Supervisor, AuditEntries, "cmp_1");

    [Fact]
    public async Task A_restart_after_rotation_re_encrypts_old_and_plaintext_values_and_fills_the_blind_index()
    {
        string id;
        await using (var before = new ComplaintApp(_app.Servers) { DatabaseOf = _app.DatabaseConnectionString })
        {
            using var client = before.CreateClientAs(Handler);
            id = await RegisterAsync(client);
        }
        await using (var connection = await OpenRawAsync())
        {
            // A row from before encryption existed: plaintext phone, no blind index.
            await ScalarAsync(connection, """
                INSERT INTO complaints ("ComplaintId", "Channel", "Subject", "Description", "RemedySought", "Category", "HallId",
                    "CustomerPhone", "Status", "ReceivedAt", "ResponseDueAt", "StatusChangedAt")
                VALUES ('cmp_legacy', 'hall', 'Old', 'Old complaint', 'None', 'other', 'hall-001',
                    '13700000000', 'acknowledged', now(), now() + interval '15 days', now())
                """);
            Assert.StartsWith("v1:test-1:", (string)(await ScalarAsync(connection, $"""SELECT "CustomerPhone" FROM complaints WHERE "ComplaintId" = '{id}'"""))!, StringComparison.Ordinal);
        }

        await using var rotated = new ComplaintApp(_app.Servers) { DatabaseOf = _app.DatabaseConnectionString, RotatedKeys = true };
        using var rotatedClient = rotated.CreateClientAs(Handler);

        await using (var connection = await OpenRawAsync())
        {
            Assert.Equal(0L, await ScalarAsync(connection,
                """SELECT count(*) FROM complaints WHERE "CustomerPhone" NOT LIKE 'v1:test-2:%' OR "CustomerPhoneRef" IS NULL"""));
        }
        // The EF model holds the protector in its converters: it must be cached per key ring, not per process.
        Assert.Equal("PersonalDataModelCacheKeyFactory",
            await rotated.WithDbAsync(db => Task.FromResult(db.GetService<IModelCacheKeyFactory>().GetType().Name)));
        // The handler sees the phone in clear: decrypted with the new key after re-encryption.
        var read = await rotatedClient.GetFromJsonAsync<JsonElement>($"{Complaints}/{id}");
        Assert.Equal("13812345678", read.GetProperty("customerPhone").GetString());
        var legacy = await rotatedClient.GetFromJsonAsync<JsonElement>($"{Complaints}?customerPhone=13700000000");
        Assert.Equal("cmp_legacy", Assert.Single(legacy.GetProperty("items").EnumerateArray()).GetProperty("complaintId").GetString());
    }

    [Fact]
    public async Task Without_a_key_the_service_refuses_to_start()
    {
        await using var app = new ComplaintApp(_app.Servers) { WithoutKeys = true };

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(Messages(error), message => message.Contains("HallPlatform:DataProtection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_retention_under_six_months_is_refused_at_start()
    {
        await using var app = new ComplaintApp(_app.Servers)
        {
            Settings = new Dictionary<string, string> { ["HallPlatform:Audit:RetentionDays"] = "182" },
        };

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(Messages(error), message => message.Contains("RetentionDays", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Messages(Exception error)
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            yield return current.Message;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Messages))
                {
                    yield return inner;
                }
            }
        }
    }
}
