using HallPlatform.Data;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Contracts.Reception.V1;
using HallPlatform.Reception.Data;
using HallPlatform.Privacy;
using HallPlatform.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>Reception's audit trail, personal data at rest, hall scope and per-role unmasking.</summary>
[Collection(ServerCollection.Name)]
public sealed class AuditAndPrivacyTests(RealServersFixture servers)
{
    private const string Phone = "13800138000";
    private const string Name = "王小明";
    private const string IdNumber = "110101199003077777";

    private static readonly HallCaller Receptionist = TestCallers.Staff("rec-1", HallRoles.Receptionist, ReceptionApp.Hall);
    private static readonly HallCaller Agent = TestCallers.Staff("agent-7", HallRoles.CounterAgent, ReceptionApp.Hall);
    private static readonly HallCaller OtherHallAgent = TestCallers.Staff("agent-9", HallRoles.CounterAgent, "hall-2");
    private static readonly HallCaller OtherHallSupervisor = TestCallers.Staff("sup-9", HallRoles.Supervisor, "hall-2");

    private static object WalkIn(string serviceType = "new-line") => new
    {
        customerName = Name, customerPhone = Phone, serviceType, channel = "store", idDocumentType = "idCard", idDocumentNumber = IdNumber,
    };

    private static async Task<List<JsonElement>> EntriesAsync(HttpClient admin, string recordType, string recordId)
    {
        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/reception/audit-entries?recordType={recordType}&recordId={recordId}&pageSize=100");
        // Newest first from the API: oldest first here, in the order things happened.
        return [.. page.GetProperty("items").EnumerateArray().Reverse()];
    }

    private static string? Status(JsonElement entry, string side) =>
        entry.GetProperty(side).ValueKind == JsonValueKind.Null ? null : entry.GetProperty(side).GetProperty("status").GetString();

    [Fact]
    public async Task Names_phones_and_id_numbers_are_stored_encrypted_on_every_write_path()
    {
        await using var app = new ReceptionApp(servers);
        using var admin = app.CreateClient();

        // The group-commit path (walk-in) and the EF paths (appointment booking, check-in with the appointment).
        var walkIn = (await app.CheckInWithAsync(admin, WalkIn())).GetProperty("visitId").GetString()!;
        using var booked = await admin.PostAsJsonAsync("/api/v1/appointments", new
        {
            serviceType = "new-line", customerName = Name, customerPhone = Phone, startsAt = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddMinutes(5),
        });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var appointmentId = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("appointmentId").GetString()!;
        var byAppointment = (await app.CheckInWithAsync(admin, new { appointmentId })).GetProperty("visitId").GetString()!;

        await using var connection = new NpgsqlConnection(app.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT customer_name, customer_phone, coalesce(id_document_number, 'v1:none'), customer_phone_ref FROM visits " +
            "UNION ALL SELECT customer_name, customer_phone, 'v1:none', customer_phone_ref FROM appointments", connection);
        var rows = new List<string[]>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add([reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)]);
            }
        }
        Assert.Equal(3, rows.Count);
        foreach (var row in rows)
        {
            Assert.All(row[..3], value => Assert.StartsWith("v1:", value, StringComparison.Ordinal));
            Assert.All(row, value => Assert.DoesNotContain(Phone, value, StringComparison.Ordinal));
            Assert.All(row, value => Assert.DoesNotContain("小明", value, StringComparison.Ordinal));
            Assert.All(row, value => Assert.DoesNotContain("7777", value, StringComparison.Ordinal));
            // One blind index for one phone, whichever path wrote it.
            Assert.Equal(rows[0][3], row[3]);
            Assert.Matches("^[0-9a-f]{64}$", row[3]);
        }
        // Both paths' ciphertext reads back in clear through EF.
        var stored = await app.StoredVisitAsync(walkIn);
        Assert.Equal((Name, Phone, IdNumber), (stored.CustomerName, stored.CustomerPhone, stored.IdDocumentNumber));
        Assert.Equal((Name, Phone), ((await app.StoredVisitAsync(byAppointment)).CustomerName, (await app.StoredVisitAsync(byAppointment)).CustomerPhone));
        // The appointment check-in is audited through EF, in the same transaction as the visit.
        var entry = Assert.Single(await EntriesAsync(admin, "visit", byAppointment));
        Assert.Equal(("visit.checked-in", "appointment"), (entry.GetProperty("action").GetString(), entry.GetProperty("after").GetProperty("priorityClass").GetString()));
        Assert.Equal(rows[0][3], entry.GetProperty("customerRef").GetString());
    }

    [Fact]
    public async Task Rows_written_before_encryption_are_encrypted_by_the_start_up_job_with_their_blind_index()
    {
        await using var app = new ReceptionApp(servers);
        using var admin = app.CreateClient();
        var visitId = (await app.CheckInWithAsync(admin, WalkIn())).GetProperty("visitId").GetString()!;
        var customerRef = await app.ScalarAsync<string>($"SELECT customer_phone_ref FROM visits WHERE id = '{visitId}'");
        // As a row from before this migration: plaintext and no blind index.
        await app.ExecuteSqlAsync(
            $"UPDATE visits SET customer_name = '{Name}', customer_phone = '{Phone}', id_document_number = '{IdNumber}', customer_phone_ref = NULL WHERE id = '{visitId}'");

        var rewritten = await app.WithScopedAsync<PersonalDataReEncryption<ReceptionDbContext>, int>(job => job.RunAsync(CancellationToken.None));

        Assert.Equal(3, rewritten);
        Assert.StartsWith("v1:", await app.ScalarAsync<string>($"SELECT customer_phone FROM visits WHERE id = '{visitId}'"), StringComparison.Ordinal);
        Assert.StartsWith("v1:", await app.ScalarAsync<string>($"SELECT customer_name FROM visits WHERE id = '{visitId}'"), StringComparison.Ordinal);
        Assert.StartsWith("v1:", await app.ScalarAsync<string>($"SELECT id_document_number FROM visits WHERE id = '{visitId}'"), StringComparison.Ordinal);
        Assert.Equal(customerRef, await app.ScalarAsync<string>($"SELECT customer_phone_ref FROM visits WHERE id = '{visitId}'"));
        var stored = await app.StoredVisitAsync(visitId);
        Assert.Equal((Name, Phone, IdNumber), (stored.CustomerName, stored.CustomerPhone, stored.IdDocumentNumber));
    }

    [Fact]
    public async Task Check_in_call_next_and_complete_are_audited_with_the_caller_and_before_and_after()
    {
        await using var app = new ReceptionApp(servers);
        using var admin = app.CreateClient();
        using var receptionist = app.CreateClientAs(Receptionist);
        using var agent = app.CreateClientAs(Agent);

        var visitId = (await app.CheckInWithAsync(receptionist, WalkIn())).GetProperty("visitId").GetString()!;
        var called = await ReceptionApp.PostOkAsync(agent, "/api/v1/counters/c01/call-next");
        Assert.Equal(visitId, called.GetProperty("visitId").GetString());
        await ReceptionApp.PostOkAsync(agent, $"/api/v1/visits/{visitId}/start", new { counterId = "c01" });
        await ReceptionApp.PostOkAsync(agent, $"/api/v1/visits/{visitId}/complete", new { counterId = "c01" });

        var entries = await EntriesAsync(admin, "visit", visitId);
        Assert.Equal(["visit.checked-in", "visit.call-next", "visit.start", "visit.complete"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["rec-1", "agent-7", "agent-7", "agent-7"], entries.Select(e => e.GetProperty("actorId").GetString()));
        Assert.All(entries, e => Assert.Equal("staff", e.GetProperty("actorKind").GetString()));
        Assert.Equal([null, "waiting", "called", "serving"], entries.Select(e => Status(e, "before")));
        Assert.Equal(["waiting", "called", "serving", "completed"], entries.Select(e => Status(e, "after")));
        Assert.Equal("c01", entries[1].GetProperty("after").GetProperty("counterId").GetString());
        // One customer reference (the phone's blind index) on every entry, and no personal data anywhere.
        var customerRef = entries[0].GetProperty("customerRef").GetString();
        Assert.Matches("^[0-9a-f]{64}$", customerRef);
        Assert.All(entries, e => Assert.Equal(customerRef, e.GetProperty("customerRef").GetString()));
        var text = string.Join("\n", entries.Select(e => e.GetRawText()));
        Assert.DoesNotContain(Phone, text, StringComparison.Ordinal);
        Assert.DoesNotContain("小明", text, StringComparison.Ordinal);
        Assert.DoesNotContain("7777", text, StringComparison.Ordinal);
        // The customer filter finds the same history by phone.
        var byCustomer = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/reception/audit-entries?customer={Phone}");
        Assert.Equal(4, byCustomer.GetProperty("total").GetInt32());
        // Counter agents may not read the trail.
        using var forbidden = await agent.GetAsync("/api/v1/reception/audit-entries");
        await ProblemAssert.IsProblemAsync(forbidden, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Counter_open_close_catalogue_puts_and_close_day_are_audited()
    {
        await using var app = new ReceptionApp(servers);
        using var admin = app.CreateClient();
        await app.CheckInWithAsync(admin, WalkIn("billing"));

        await ReceptionApp.PostOkAsync(admin, "/api/v1/counters/c02/close");
        await ReceptionApp.PostOkAsync(admin, "/api/v1/counters/c02/open", new { staffId = "s-2" });
        using var put = await admin.PutAsJsonAsync("/api/v1/service-types/billing", new { averageServiceSeconds = 240 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var closed = await ReceptionApp.PostOkAsync(admin, $"/api/v1/halls/{ReceptionApp.Hall}/close-day");
        Assert.Equal(1, closed.GetProperty("closedVisits").GetInt32());

        var counter = await EntriesAsync(admin, "counter", "c02");
        Assert.Equal(["counter.closed", "counter.opened"], counter.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("s-2", counter[1].GetProperty("after").GetProperty("staffId").GetString());
        var type = Assert.Single(await EntriesAsync(admin, "service-type", $"{ReceptionApp.Hall}/billing"));
        Assert.Equal(240, type.GetProperty("after").GetProperty("averageServiceSeconds").GetInt32());
        var day = Assert.Single(await EntriesAsync(admin, "hall", ReceptionApp.Hall));
        Assert.Equal(("hall.day-closed", "test-admin"), (day.GetProperty("action").GetString(), day.GetProperty("actorId").GetString()));
    }

    [Fact]
    public async Task Supervisors_limited_to_halls_read_only_their_halls_audit_entries()
    {
        await using var app = new ReceptionApp(servers);
        using var admin = app.CreateClient();
        using var supervisor = app.CreateClientAs(TestCallers.Staff("sup-1", HallRoles.Supervisor, ReceptionApp.Hall));
        using var otherSupervisor = app.CreateClientAs(OtherHallSupervisor);
        // The group-commit writer (check-in, call-next) and EF (counter close, close-day) both stamp the hall.
        await app.CheckInWithAsync(admin, WalkIn());
        await ReceptionApp.PostOkAsync(admin, "/api/v1/counters/c01/call-next");
        await ReceptionApp.PostOkAsync(admin, "/api/v1/counters/c02/close");
        await ReceptionApp.PostOkAsync(admin, $"/api/v1/halls/{ReceptionApp.Hall}/close-day");
        // An entry of no hall (as written before entries had one): only callers of every hall read it.
        await app.ExecuteSqlAsync("""
            INSERT INTO audit_entries (occurred_at, actor_kind, actor_id, action, record_type, record_id)
            VALUES (now(), 'staff', 'someone', 'visit.recall', 'visit', 'vis_without_hall')
            """);

        var all = await admin.GetFromJsonAsync<JsonElement>("/api/v1/reception/audit-entries?pageSize=100");
        var own = await supervisor.GetFromJsonAsync<JsonElement>("/api/v1/reception/audit-entries?pageSize=100");
        var other = await otherSupervisor.GetFromJsonAsync<JsonElement>("/api/v1/reception/audit-entries?pageSize=100");

        var hallEntries = all.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("hallId").GetString() == ReceptionApp.Hall).ToList();
        Assert.Equal(all.GetProperty("total").GetInt32() - 1, hallEntries.Count);
        Assert.Contains(hallEntries, e => e.GetProperty("action").GetString() == "visit.checked-in");
        Assert.Contains(hallEntries, e => e.GetProperty("action").GetString() == "visit.call-next");
        Assert.Contains(hallEntries, e => e.GetProperty("action").GetString() == "counter.closed");
        Assert.Contains(hallEntries, e => e.GetProperty("action").GetString() == "hall.day-closed");
        Assert.Equal(hallEntries.Select(e => e.GetProperty("id").GetInt64()), own.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        Assert.Equal(0, other.GetProperty("total").GetInt32());
        Assert.Empty(other.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Update_delete_and_truncate_of_audit_entries_are_refused_by_the_database()
    {
        await using var app = new ReceptionApp(servers);
        using var admin = app.CreateClient();
        await app.CheckInWithAsync(admin, WalkIn());

        foreach (var sql in new[] { "UPDATE audit_entries SET actor_id = 'someone-else'", "DELETE FROM audit_entries", "TRUNCATE audit_entries" })
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => app.ExecuteSqlAsync(sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM audit_entries WHERE actor_id = 'test-admin'"));
    }

    [Fact]
    public async Task Staff_of_another_hall_get_not_found_for_this_halls_records()
    {
        await using var app = new ReceptionApp(servers);
        using var admin = app.CreateClient();
        using var other = app.CreateClientAs(OtherHallAgent);
        using var otherSupervisor = app.CreateClientAs(OtherHallSupervisor);
        var visitId = (await app.CheckInWithAsync(admin, WalkIn())).GetProperty("visitId").GetString()!;
        await ReceptionApp.PostOkAsync(admin, "/api/v1/counters/c01/call-next");

        using var recall = await ReceptionApp.PostAsync(other, $"/api/v1/visits/{visitId}/recall", new { counterId = "c01" });
        using var callNext = await ReceptionApp.PostAsync(other, "/api/v1/counters/c02/call-next");
        using var close = await ReceptionApp.PostAsync(other, "/api/v1/counters/c02/close");
        using var events = await other.GetAsync($"/api/v1/visits/{visitId}/events");
        using var lookup = await otherSupervisor.GetAsync($"/api/v1/visits/{visitId}");
        using var kpis = await otherSupervisor.GetAsync($"/api/v1/halls/{ReceptionApp.Hall}/kpis");
        using var closeDay = await ReceptionApp.PostAsync(otherSupervisor, $"/api/v1/halls/{ReceptionApp.Hall}/close-day");

        using var booked = await admin.PostAsJsonAsync("/api/v1/appointments", new
        {
            serviceType = "billing", customerName = Name, customerPhone = Phone, startsAt = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(2),
        });
        var appointmentId = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("appointmentId").GetString();
        using var appointment = await otherSupervisor.GetAsync($"/api/v1/appointments/{appointmentId}");

        foreach (var response in new[] { recall, callNext, close, events, lookup, kpis, closeDay, appointment })
        {
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        }
        using var otherChannel = app.CreateGrpcChannelAs(OtherHallSupervisor);
        var grpcLookup = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(async () =>
            await new ReceptionService.ReceptionServiceClient(otherChannel).GetVisitAsync(new GetVisitRequest { VisitId = visitId }));
        Assert.Equal(global::Grpc.Core.StatusCode.NotFound, grpcLookup.StatusCode);
        // Nothing changed, and nothing was audited for the refused callers.
        var stored = await app.StoredVisitAsync(visitId);
        Assert.Equal((Domain.VisitStatus.Called, 0), (stored.Status, stored.RecallCount));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM audit_entries WHERE actor_id IN ('agent-9', 'sup-9')"));
        Assert.True((await app.WithScopedAsync<Data.ReceptionDbContext, Domain.Counter?>(db => db.Counters.FindAsync("c02").AsTask()))!.IsOpen);
        // Staff of the hall still act: the same recall by an agent of hall-001 goes through.
        using var agent = app.CreateClientAs(Agent);
        await ReceptionApp.PostOkAsync(agent, $"/api/v1/visits/{visitId}/recall", new { counterId = "c01" });
    }

    [Fact]
    public async Task Only_receptionists_supervisors_and_administrators_of_the_hall_see_the_customer_in_clear_and_that_read_is_audited()
    {
        await using var app = new ReceptionApp(servers);
        using var admin = app.CreateClient();
        var visitId = (await app.CheckInWithAsync(admin, WalkIn())).GetProperty("visitId").GetString()!;

        using var receptionist = app.CreateClientAs(Receptionist);
        using var agent = app.CreateClientAs(Agent);
        using var anonymous = app.CreateClientAs(TestCallers.Anonymous);
        var clear = await receptionist.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{visitId}");
        var byAgent = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{visitId}");
        var byAnonymous = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{visitId}");

        static (string?, string?, string?) Customer(JsonElement visit) => (visit.GetProperty("customerName").GetString(),
            visit.GetProperty("customerPhone").GetString(), visit.GetProperty("idDocumentNumber").GetString());
        Assert.Equal((Name, Phone, IdNumber), Customer(clear));
        Assert.Equal(("王**", "138****8000", "**************7777"), Customer(byAgent));
        Assert.Equal(("王**", "138****8000", "**************7777"), Customer(byAnonymous));

        using var receptionistChannel = app.CreateGrpcChannelAs(Receptionist);
        using var agentChannel = app.CreateGrpcChannelAs(Agent);
        using var anonymousChannel = app.CreateGrpcChannelAs(TestCallers.Anonymous);
        var grpcClear = await new ReceptionService.ReceptionServiceClient(receptionistChannel).GetVisitAsync(new GetVisitRequest { VisitId = visitId });
        var grpcAgent = await new ReceptionService.ReceptionServiceClient(agentChannel).GetVisitAsync(new GetVisitRequest { VisitId = visitId });
        var grpcAnonymous = await new ReceptionService.ReceptionServiceClient(anonymousChannel).GetVisitAsync(new GetVisitRequest { VisitId = visitId });
        Assert.Equal((Name, Phone, IdNumber, "138****8000"), (grpcClear.CustomerName, grpcClear.CustomerPhone, grpcClear.IdDocumentNumber, grpcClear.MaskedCustomerPhone));
        Assert.Equal(("", "", "", "138****8000"), (grpcAgent.CustomerName, grpcAgent.CustomerPhone, grpcAgent.IdDocumentNumber, grpcAgent.MaskedCustomerPhone));
        Assert.Equal(("", "", ""), (grpcAnonymous.CustomerName, grpcAnonymous.CustomerPhone, grpcAnonymous.IdDocumentNumber));

        // Exactly the two reads in clear are audited, as the receptionist's; the masked ones are not.
        var reads = (await EntriesAsync(admin, "visit", visitId)).Where(e => e.GetProperty("action").GetString() == "visit.personal-data-read").ToList();
        Assert.Equal(2, reads.Count);
        Assert.All(reads, e => Assert.Equal("rec-1", e.GetProperty("actorId").GetString()));
        Assert.All(reads, e => Assert.Matches("^[0-9a-f]{64}$", e.GetProperty("customerRef").GetString()));
        Assert.All(reads, e => Assert.DoesNotContain(Phone, e.GetRawText(), StringComparison.Ordinal));
    }
}
