using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Contracts.Fault.V1;
using HallPlatform.Fault.Application;
using HallPlatform.Fault.Data;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Privacy;
using HallPlatform.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HallPlatform.Fault.Tests;

/// <summary>The customer's phone encrypted at rest, and the append-only audit trail, on a real PostgreSQL.</summary>
[Collection(RealServersCollection.Name)]
public sealed class AuditAndPrivacyTests(RealServersFixture servers) : FaultServiceTestBase(servers)
{
    private const string Tickets = "/api/v1/trouble-tickets";
    private const string AuditEntries = "/api/v1/fault/audit-entries";

    private static readonly HallCaller Technician = TestCallers.Staff("tech-7", HallRoles.Technician, "hall_1");
    private static readonly HallCaller Supervisor = TestCallers.Staff("supervisor-1", HallRoles.Supervisor, "hall_1");
    private static readonly HallCaller CallCentre = TestCallers.Partner("callcentre", PartnerScopes.ReportFaults, PartnerScopes.ReadOwnFaults);

    private static object PartnerReport(string externalId, string customerPhone = "138-1234-5678") => new
    {
        channel = "phone",
        externalId,
        name = "No signal",
        description = "No mobile signal at home since this morning",
        severity = "major",
        ticketType = "mobile",
        customerPhone,
    };

    private static async Task<string> ReportAsync(HttpClient client, object report, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await client.PostAsJsonAsync(Tickets, report);
        Assert.Equal(expected, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("ticketId").GetString()!;
    }

    private Task<List<AuditEntry>> AuditOfAsync(string recordId) => WithScopedAsync<FaultDbContext, List<AuditEntry>>(db =>
        db.Set<AuditEntry>().AsNoTracking().Where(e => e.RecordId == recordId).OrderBy(e => e.Id).ToListAsync());

    private string CustomerRef(string phone) => App.Services.GetRequiredService<BlindIndex>().ForPhone(phone)!;

    private async Task<NpgsqlConnection> OpenRawAsync(string? connectionString = null)
    {
        var connection = new NpgsqlConnection(connectionString ?? DatabaseConnectionString);
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
        using var client = App.CreateClientAs(Technician);
        var id = await ReportAsync(client, HallReport("138 1234 5678"));
        var withoutPhone = await ReportAsync(client, HallReport(customerPhone: ""));

        await using var connection = await OpenRawAsync();
        await using (var command = new NpgsqlCommand("SELECT customer_phone, customer_phone_ref FROM trouble_tickets WHERE ticket_id = @id", connection))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            var stored = reader.GetString(0);
            var lookup = reader.GetString(1);
            Assert.StartsWith($"v1:{TestDataProtection.KeyId}:", stored, StringComparison.Ordinal);
            Assert.DoesNotContain(Reports.Phone, stored, StringComparison.Ordinal);
            Assert.DoesNotContain("5678", lookup, StringComparison.Ordinal);
            Assert.Equal(CustomerRef(Reports.Phone), lookup);
        }
        // No table holds the number in clear, whatever the column.
        Assert.Equal(0L, await ScalarAsync(connection,
            $"SELECT count(*) FROM trouble_tickets t WHERE row_to_json(t)::text LIKE '%{Reports.Phone}%'"));
        // A ticket without a phone has neither value nor blind index.
        Assert.Equal(1L, await ScalarAsync(connection,
            $"SELECT count(*) FROM trouble_tickets WHERE ticket_id = '{withoutPhone}' AND customer_phone IS NULL AND customer_phone_ref IS NULL"));
        // And the service still reads it back.
        var ticket = await WithScopedAsync<FaultDbContext, Domain.TroubleTicket>(db => db.TroubleTickets.AsNoTracking().SingleAsync(t => t.TicketId == id));
        Assert.Equal(Reports.Phone, ticket.CustomerPhone);
    }

    [Fact]
    public async Task Report_status_change_and_read_are_audited_with_the_caller_and_before_after()
    {
        using var client = App.CreateClientAs(Technician);
        var id = await ReportAsync(client, HallReport());
        using (var change = await client.PostAsJsonAsync($"{Tickets}/{id}/status", new { status = "inProgress", reason = $"Customer {Reports.Phone} called back" }))
        {
            Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        }
        using (var read = await client.GetAsync($"{Tickets}/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        var entries = await AuditOfAsync(id);
        Assert.Equal(
            [TroubleTicketApplicationService.ReportedAction, TroubleTicketApplicationService.StatusChangedAction, TroubleTicketApplicationService.PersonalDataReadAction],
            entries.Select(e => e.Action).ToArray());
        Assert.All(entries, entry =>
        {
            Assert.Equal("staff", entry.ActorKind);
            Assert.Equal("tech-7", entry.ActorId);
            Assert.Equal("127.0.0.1", entry.ClientAddress);
            Assert.Equal(TroubleTicketApplicationService.AuditRecordType, entry.RecordType);
            Assert.Equal(CustomerRef(Reports.Phone), entry.CustomerRef);
            Assert.False(string.IsNullOrEmpty(entry.TraceId));
            // The service's clock, not the machine's.
            Assert.Equal(Start, entry.OccurredAt);
        });

        var reported = entries[0];
        Assert.Null(reported.Before);
        using (var after = JsonDocument.Parse(reported.After!))
        {
            Assert.Equal("acknowledged", after.RootElement.GetProperty("status").GetString());
            Assert.Equal("hall", after.RootElement.GetProperty("channel").GetString());
            Assert.Equal("138****5678", after.RootElement.GetProperty("customerPhone").GetString());
            Assert.False(after.RootElement.TryGetProperty("description", out _));
        }

        var changed = entries[1];
        using (var before = JsonDocument.Parse(changed.Before!))
        using (var after = JsonDocument.Parse(changed.After!))
        {
            Assert.Equal("acknowledged", before.RootElement.GetProperty("status").GetString());
            Assert.Equal("inProgress", after.RootElement.GetProperty("status").GetString());
            Assert.True(after.RootElement.GetProperty("reasonGiven").GetBoolean());
        }

        using (var read = JsonDocument.Parse(entries[2].After!))
        {
            Assert.Equal(id, read.RootElement.GetProperty("ticketId").GetString());
        }

        // Nothing in the trail holds the phone in clear, not even the reason that quoted it.
        await using var connection = await OpenRawAsync();
        Assert.Equal(0L, await ScalarAsync(connection,
            $"SELECT count(*) FROM audit_entries WHERE concat_ws('|', before::text, after::text, customer_ref, record_id) LIKE '%{Reports.Phone}%'"));
    }

    [Fact]
    public async Task Refused_and_unknown_changes_and_reads_leave_no_entry()
    {
        var id = await CreateHallTicketAsync();

        using (var forbidden = await ChangeStatusAsync(id, "closed"))
        {
            Assert.Equal(HttpStatusCode.Conflict, forbidden.StatusCode);
        }
        using (var invalid = await ChangeStatusAsync(id, "done"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }
        using (var unknown = await Http.GetAsync($"{Tickets}/tt_unknown"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        Assert.Equal([TroubleTicketApplicationService.ReportedAction], (await AuditOfAsync(id)).Select(e => e.Action).ToArray());
        Assert.Empty(await AuditOfAsync("tt_unknown"));
    }

    [Fact]
    public async Task Concurrent_status_changes_record_only_the_change_that_won()
    {
        var id = await CreateHallTicketAsync();
        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 8).Select(async _ =>
        {
            await start.WaitAsync();
            return await ChangeStatusAsync(id, "inProgress");
        }).ToArray();
        start.Release(calls.Length);

        var responses = await Task.WhenAll(calls);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var changed = Assert.Single(await AuditOfAsync(id), e => e.Action == TroubleTicketApplicationService.StatusChangedAction);
        Assert.Contains("\"inProgress\"", changed.After!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_retry_is_audited_as_a_read_not_as_a_second_report()
    {
        using var callCentre = App.CreateClientAs(CallCentre);
        var externalId = NewExternalId();
        var id = await ReportAsync(callCentre, PartnerReport(externalId));
        Clock.Advance(TimeSpan.FromMinutes(1));

        var retried = await ReportAsync(callCentre, PartnerReport(externalId), HttpStatusCode.OK);

        Assert.Equal(id, retried);
        var entries = await AuditOfAsync(id);
        Assert.Equal(
            [TroubleTicketApplicationService.ReportedAction, TroubleTicketApplicationService.PersonalDataReadAction],
            entries.Select(e => e.Action).ToArray());
        Assert.All(entries, e => Assert.Equal(("partner", "callcentre"), (e.ActorKind, e.ActorId)));
        using var replay = JsonDocument.Parse(entries[1].After!);
        Assert.True(replay.RootElement.GetProperty("replay").GetBoolean());
        using var reported = JsonDocument.Parse(entries[0].After!);
        Assert.Equal("callcentre", reported.RootElement.GetProperty("reporterPartnerId").GetString());
    }

    [Fact]
    public async Task Concurrent_grpc_retries_leave_exactly_one_reported_entry()
    {
        using var channel = App.CreateGrpcChannelAs(CallCentre);
        var grpc = new TroubleTicketService.TroubleTicketServiceClient(channel);
        var request = PartnerRequest(NewExternalId(), "phone");
        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 10).Select(async _ =>
        {
            await start.WaitAsync();
            return await grpc.ReportFaultAsync(request);
        }).ToArray();
        start.Release(calls.Length);

        var replies = await Task.WhenAll(calls);

        var id = Assert.Single(replies.Select(r => r.TicketId).Distinct());
        var entries = await AuditOfAsync(id);
        Assert.Single(entries, e => e.Action == TroubleTicketApplicationService.ReportedAction);
        Assert.Equal(9, entries.Count(e => e.Action == TroubleTicketApplicationService.PersonalDataReadAction));
        Assert.Equal(1L, await WithScopedAsync<FaultDbContext, long>(db =>
            db.Set<AuditEntry>().LongCountAsync(e => e.Action == TroubleTicketApplicationService.ReportedAction)));
    }

    [Fact]
    public async Task A_grpc_report_and_read_are_audited_like_rest_ones()
    {
        using var channel = App.CreateGrpcChannelAs(CallCentre);
        var grpc = new TroubleTicketService.TroubleTicketServiceClient(channel);

        var reported = await grpc.ReportFaultAsync(PartnerRequest(NewExternalId(), "phone"));
        await grpc.GetTroubleTicketAsync(new GetTroubleTicketRequest { TicketId = reported.TicketId });

        var entries = await AuditOfAsync(reported.TicketId);
        Assert.Equal(
            [TroubleTicketApplicationService.ReportedAction, TroubleTicketApplicationService.PersonalDataReadAction],
            entries.Select(e => e.Action).ToArray());
        Assert.All(entries, e =>
        {
            Assert.Equal("partner", e.ActorKind);
            Assert.Equal("callcentre", e.ActorId);
            Assert.Equal(CustomerRef(Reports.Phone), e.CustomerRef);
        });
    }

    [Fact]
    public async Task List_reads_are_audited_with_the_ids_shown_to_that_caller()
    {
        using var callCentre = App.CreateClientAs(CallCentre);
        var hallTicket = await CreateHallTicketAsync();
        var own = await ReportAsync(callCentre, PartnerReport(NewExternalId()));

        using (var partnerList = await callCentre.GetAsync($"{Tickets}?channel=phone"))
        {
            Assert.Equal(HttpStatusCode.OK, partnerList.StatusCode);
        }
        using (var staffList = await Http.GetAsync(Tickets))
        {
            Assert.Equal(HttpStatusCode.OK, staffList.StatusCode);
        }

        var reads = await WithScopedAsync<FaultDbContext, List<AuditEntry>>(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.Action == TroubleTicketApplicationService.ListReadAction).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(2, reads.Count);
        Assert.All(reads, e =>
        {
            Assert.Equal(AuditEntry.CollectionRecordId, e.RecordId);
            Assert.Null(e.CustomerRef);
            Assert.DoesNotContain("5678", e.After!, StringComparison.Ordinal);
        });
        Assert.Equal("callcentre", reads[0].ActorId);
        using (var partnerRead = JsonDocument.Parse(reads[0].After!))
        {
            Assert.Equal("phone", partnerRead.RootElement.GetProperty("channel").GetString());
            Assert.Equal([own], partnerRead.RootElement.GetProperty("ticketIds").EnumerateArray().Select(t => t.GetString()!).ToArray());
        }
        Assert.Equal(TestCallers.Administrator.Id, reads[1].ActorId);
        using (var staffRead = JsonDocument.Parse(reads[1].After!))
        {
            var shown = staffRead.RootElement.GetProperty("ticketIds").EnumerateArray().Select(t => t.GetString()).ToList();
            Assert.Equal(2, shown.Count);
            Assert.Contains(hallTicket, shown);
            Assert.Contains(own, shown);
        }
    }

    [Fact]
    public async Task Update_delete_and_truncate_of_audit_entries_are_refused_by_the_database()
    {
        await CreateHallTicketAsync();
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
        Assert.Equal(1L, await ScalarAsync(connection, $"SELECT count(*) FROM audit_entries WHERE actor_id = '{TestCallers.Administrator.Id}'"));
    }

    [Fact]
    public async Task Saving_a_removed_entry_through_ef_is_refused_too()
    {
        await CreateHallTicketAsync();

        await Assert.ThrowsAsync<DbUpdateException>(() => WithScopedAsync<FaultDbContext, int>(async db =>
        {
            db.Set<AuditEntry>().Remove(await db.Set<AuditEntry>().FirstAsync());
            return await db.SaveChangesAsync();
        }));
        Assert.Equal(1, await WithScopedAsync<FaultDbContext, int>(db => db.Set<AuditEntry>().CountAsync()));
    }

    [Fact]
    public async Task Supervisors_query_the_trail_per_record_customer_actor_and_period()
    {
        using var technician = App.CreateClientAs(Technician);
        using var callCentre = App.CreateClientAs(CallCentre);
        var first = await ReportAsync(technician, HallReport("13812345678"));
        var second = await ReportAsync(callCentre, PartnerReport(NewExternalId(), "13900000000"));
        Clock.Advance(TimeSpan.FromMinutes(5));
        using (var read = await technician.GetAsync($"{Tickets}/{second}"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
        // The partner's report has no hall yet: only a supervisor of every hall reads its entries.
        using var supervisor = App.CreateClientAs(TestCallers.Staff("supervisor-all", HallRoles.Supervisor, HallCaller.AllHalls));

        var byRecord = await supervisor.GetFromJsonAsync<JsonElement>($"{AuditEntries}?recordType=trouble-ticket&recordId={second}");
        Assert.Equal(2, byRecord.GetProperty("total").GetInt32());
        Assert.All(byRecord.GetProperty("items").EnumerateArray(), e => Assert.Equal(second, e.GetProperty("recordId").GetString()));
        // Newest first: the read came after the report.
        Assert.Equal(TroubleTicketApplicationService.PersonalDataReadAction, byRecord.GetProperty("items")[0].GetProperty("action").GetString());
        Assert.Equal("tech-7", byRecord.GetProperty("items")[0].GetProperty("actorId").GetString());

        var byCustomer = await supervisor.GetFromJsonAsync<JsonElement>($"{AuditEntries}?customer=138-1234-5678");
        var customerEntry = Assert.Single(byCustomer.GetProperty("items").EnumerateArray());
        Assert.Equal(first, customerEntry.GetProperty("recordId").GetString());
        Assert.Equal("138****5678", customerEntry.GetProperty("after").GetProperty("customerPhone").GetString());

        var byActor = await supervisor.GetFromJsonAsync<JsonElement>($"{AuditEntries}?actor=callcentre");
        var partnerEntry = Assert.Single(byActor.GetProperty("items").EnumerateArray());
        Assert.Equal(second, partnerEntry.GetProperty("recordId").GetString());
        Assert.Equal("partner", partnerEntry.GetProperty("actorKind").GetString());

        var all = await supervisor.GetFromJsonAsync<JsonElement>(AuditEntries);
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        // Entries carry the service clock's time: the reports at Start, the read 5 minutes later.
        var reportsOnly = await supervisor.GetFromJsonAsync<JsonElement>(
            $"{AuditEntries}?from={Uri.EscapeDataString(Start.ToString("O"))}&to={Uri.EscapeDataString(Start.AddMinutes(1).ToString("O"))}");
        Assert.Equal(2, reportsOnly.GetProperty("total").GetInt32());
        var paged = await supervisor.GetFromJsonAsync<JsonElement>($"{AuditEntries}?page=2&pageSize=2");
        Assert.Equal(1, paged.GetProperty("items").GetArrayLength());
        Assert.Equal(3, paged.GetProperty("total").GetInt32());

        // A supervisor of hall_1 reads only the entries of hall_1's ticket.
        using var hallSupervisor = App.CreateClientAs(Supervisor);
        var ownHall = await hallSupervisor.GetFromJsonAsync<JsonElement>(AuditEntries);
        var ownEntry = Assert.Single(ownHall.GetProperty("items").EnumerateArray());
        Assert.Equal((first, "hall_1"), (ownEntry.GetProperty("recordId").GetString(), ownEntry.GetProperty("hallId").GetString()));
        Assert.Equal(1, ownHall.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Only_supervisors_and_administrators_read_the_trail_everyone_else_gets_403_problem() =>
        await AuditApiAssert.OnlySupervisorsAndAdministratorsReadAsync(App.CreateClientAs, AuditEntries,
            CallCentre, new HallCaller(CallerKind.Service, "business", [], [], [], "127.0.0.1"));

    [Fact]
    public async Task Bad_filters_are_field_errors() =>
        await AuditApiAssert.BadFiltersAreFieldErrorsAsync(App.CreateClientAs, Supervisor, AuditEntries, "tt_1");

    [Fact]
    public async Task A_restart_after_rotation_re_encrypts_old_and_plaintext_phones_and_fills_the_blind_index()
    {
        string id;
        string database;
        await using (var before = new FaultApp(Servers))
        {
            database = before.DatabaseConnectionString;
            using var client = before.CreateClientAs(Technician);
            id = await ReportAsync(client, HallReport());
        }
        await using (var connection = await OpenRawAsync(database))
        {
            // Rows from before encryption: a plaintext phone without blind index, and a ticket without a phone.
            await ScalarAsync(connection, """
                INSERT INTO trouble_tickets (ticket_id, channel, name, description, severity, ticket_type, hall_id,
                    customer_phone, status, created_at, expected_resolution_date, status_change_date, status_change_reason, status_change_history)
                VALUES ('tt_legacy', 'hall', 'Old', 'Old fault', 'minor', 'other', 'hall_1',
                        '13700000000', 'acknowledged', now(), now() + interval '2 days', now(), 'registered', '[]'),
                       ('tt_legacy_nophone', 'hall', 'Old', 'Old fault', 'minor', 'other', 'hall_1',
                        NULL, 'acknowledged', now(), now() + interval '2 days', now(), 'registered', '[]')
                """);
            Assert.StartsWith("v1:test-1:", (string)(await ScalarAsync(connection, $"SELECT customer_phone FROM trouble_tickets WHERE ticket_id = '{id}'"))!, StringComparison.Ordinal);
        }

        await using var rotated = new FaultApp(Servers) { DatabaseOf = database, RotatedKeys = true };
        using var rotatedClient = rotated.CreateClientAs(Technician);

        await using (var connection = await OpenRawAsync(database))
        {
            Assert.Equal(0L, await ScalarAsync(connection,
                "SELECT count(*) FROM trouble_tickets WHERE customer_phone IS NOT NULL AND (customer_phone NOT LIKE 'v1:test-2:%' OR customer_phone_ref IS NULL)"));
            Assert.Equal(1L, await ScalarAsync(connection,
                "SELECT count(*) FROM trouble_tickets WHERE ticket_id = 'tt_legacy_nophone' AND customer_phone IS NULL AND customer_phone_ref IS NULL"));
        }
        // The technician of the hall sees phones in clear: decrypted with the new key after re-encryption.
        var read = await rotatedClient.GetFromJsonAsync<JsonElement>($"{Tickets}/{id}");
        Assert.Equal("13812345678", read.GetProperty("customerPhone").GetString());
        var legacy = await rotatedClient.GetFromJsonAsync<JsonElement>($"{Tickets}/tt_legacy");
        Assert.Equal("13700000000", legacy.GetProperty("customerPhone").GetString());
        var legacyRead = await rotated.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.RecordId == "tt_legacy"));
        Assert.Equal(rotated.Services.GetRequiredService<BlindIndex>().ForPhone("13700000000"), legacyRead.CustomerRef);
    }

    [Fact]
    public async Task Without_a_key_the_service_refuses_to_start()
    {
        await using var app = new FaultApp(Servers) { WithoutKeys = true };

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("HallPlatform:DataProtection", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retention_under_six_months_is_refused_at_start()
    {
        await using var app = new FaultApp(Servers)
        {
            Settings = new Dictionary<string, string> { ["HallPlatform:Audit:RetentionDays"] = "182" },
        };

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("RetentionDays", error.ToString(), StringComparison.Ordinal);
    }
}
