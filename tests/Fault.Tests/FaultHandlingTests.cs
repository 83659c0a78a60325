using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using HallPlatform.Contracts.Contacts.V1;
using HallPlatform.Fault.Application;
using HallPlatform.Identity;
using HallPlatform.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HallPlatform.Fault.Tests;

/// <summary>
/// Fault handling over REST against real PostgreSQL: hall and channel rules, the named steps with who/when/reason,
/// analysis and fix, notes and attachments, SLA and the overdue list, closure (confirmed and automatic), the gauges,
/// and CaseContacts.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class FaultHandlingTests(RealServersFixture servers) : FaultServiceTestBase(servers)
{
    private const string Tickets = "/api/v1/trouble-tickets";

    private static readonly HallCaller TechnicianHall1 = TestCallers.Staff("tech-1", HallRoles.Technician, "hall_1");
    private static readonly HallCaller TechnicianHall2 = TestCallers.Staff("tech-2", HallRoles.Technician, "hall_2");
    private static readonly HallCaller AgentHall2 = TestCallers.Staff("agent-2", HallRoles.CounterAgent, "hall_2");
    private static readonly HallCaller CallCentre = TestCallers.Partner("callcentre", PartnerScopes.ReportFaults, PartnerScopes.ReadOwnFaults);
    private static readonly HallCaller Quality = new(CallerKind.Service, "HallPlatform.Quality", [], [HallCaller.AllHalls], [], null);

    [Fact]
    public async Task Staff_of_another_hall_get_404_for_a_halls_ticket_and_do_not_list_it()
    {
        var ticketId = await CreateHallTicketAsync();
        using var own = App.CreateClientAs(TechnicianHall1);
        using var other = App.CreateClientAs(TechnicianHall2);

        using var ownRead = await own.GetAsync($"{Tickets}/{ticketId}");
        using var otherRead = await other.GetAsync($"{Tickets}/{ticketId}");
        using var otherMove = await other.PostAsJsonAsync($"{Tickets}/{ticketId}/start", new { reason = "mine now" });
        using var otherStatus = await other.PostAsJsonAsync($"{Tickets}/{ticketId}/status", new { status = "inProgress", reason = "x" });
        using var otherNote = await other.PostAsJsonAsync($"{Tickets}/{ticketId}/notes", new { text = "x" });
        var otherList = await ReadJsonAsync(await other.GetAsync($"{Tickets}?pageSize=100"));
        var ownList = await ReadJsonAsync(await own.GetAsync($"{Tickets}?pageSize=100"));

        Assert.Equal(HttpStatusCode.OK, ownRead.StatusCode);
        var unknown = await AssertProblemAsync(await other.GetAsync($"{Tickets}/tt_unknown"), 404);
        var hidden = await AssertProblemAsync(otherRead, 404);
        Assert.Equal(unknown.GetProperty("title").GetString(), hidden.GetProperty("title").GetString());
        await AssertProblemAsync(otherMove, 404);
        await AssertProblemAsync(otherStatus, 404);
        await AssertProblemAsync(otherNote, 404);
        Assert.Equal(0, otherList.GetProperty("total").GetInt32());
        Assert.Equal(1, ownList.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_partner_ticket_without_hall_is_seen_by_technicians_of_any_hall_but_not_by_other_hall_staff()
    {
        using var callCentre = App.CreateClientAs(CallCentre);
        var created = await callCentre.PostAsJsonAsync(Tickets, PartnerReport(NewExternalId(), "phone"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticketId = (await ReadJsonAsync(created)).GetProperty("ticketId").GetString()!;
        using var technician = App.CreateClientAs(TechnicianHall2);
        using var agent = App.CreateClientAs(AgentHall2);

        using var technicianRead = await technician.GetAsync($"{Tickets}/{ticketId}");
        using var agentRead = await agent.GetAsync($"{Tickets}/{ticketId}");

        Assert.Equal(HttpStatusCode.OK, technicianRead.StatusCode);
        await AssertProblemAsync(agentRead, 404);
    }

    [Theory]
    [InlineData("online")]
    [InlineData("hall")]
    public async Task A_partner_key_reports_only_under_its_own_channel(string otherChannel)
    {
        using var callCentre = App.CreateClientAs(CallCentre);
        var externalId = NewExternalId();

        var report = PartnerReport(externalId, otherChannel) with { HallId = otherChannel == "hall" ? "hall_1" : null };
        using var refused = await callCentre.PostAsJsonAsync(Tickets, report);
        using var own = await callCentre.PostAsJsonAsync(Tickets, PartnerReport(externalId, "phone"));

        var problem = await AssertProblemAsync(refused, 403);
        Assert.Contains("phone", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
    }

    [Fact]
    public async Task A_partner_without_a_configured_channel_and_hall_staff_naming_a_partner_channel_are_refused()
    {
        using var stranger = App.CreateClientAs(TestCallers.Partner("stranger", PartnerScopes.ReportFaults));
        using var agent = App.CreateClientAs(TestCallers.Staff("agent-1", HallRoles.CounterAgent, "hall_1"));

        using var strangerReport = await stranger.PostAsJsonAsync(Tickets, PartnerReport(NewExternalId(), "online"));
        using var staffPhone = await agent.PostAsJsonAsync(Tickets, PartnerReport(NewExternalId(), "phone"));
        using var staffOtherHall = await agent.PostAsJsonAsync(Tickets, PartnerReport(null, "hall") with { HallId = "hall_9" });
        using var staffHall = await agent.PostAsJsonAsync(Tickets, PartnerReport(null, "hall") with { HallId = "hall_1" });

        await AssertProblemAsync(strangerReport, 403);
        await AssertProblemAsync(staffPhone, 403);
        await AssertProblemAsync(staffOtherHall, 403);
        Assert.Equal(HttpStatusCode.Created, staffHall.StatusCode);
    }

    [Fact]
    public async Task The_ticket_keeps_the_customers_name_encrypted_and_the_service_affected()
    {
        using var callCentre = App.CreateClientAs(CallCentre);
        var created = await callCentre.PostAsJsonAsync(Tickets,
            PartnerReport(NewExternalId(), "phone") with { CustomerName = "Wang Fang", ServiceAffected = "broadband line 0571-8800123" });
        var ticketId = (await ReadJsonAsync(created)).GetProperty("ticketId").GetString()!;
        using var technician = App.CreateClientAs(TechnicianHall1);

        var read = await ReadJsonAsync(await technician.GetAsync($"{Tickets}/{ticketId}"));
        var stored = await ScalarAsync<string>("SELECT customer_name FROM trouble_tickets WHERE ticket_id = @id", ticketId);

        Assert.Equal("Wang Fang", read.GetProperty("customerName").GetString());
        Assert.Equal("broadband line 0571-8800123", read.GetProperty("serviceAffected").GetString());
        Assert.False(string.IsNullOrEmpty(stored));
        Assert.DoesNotContain("Wang", stored, StringComparison.Ordinal);
        Assert.NotNull(read.GetProperty("journeyId").GetString());
    }

    [Fact]
    public async Task A_technician_analyses_asks_the_customer_fixes_on_the_spot_and_the_customer_confirms_with_a_score()
    {
        var ticketId = await CreateHallTicketAsync();
        using var technician = App.CreateClientAs(TechnicianHall1);

        await PostOkAsync(technician, $"{Tickets}/{ticketId}/start", new { });
        var analysed = await PostOkAsync(technician, $"{Tickets}/{ticketId}/analysis", new { causeCategory = "equipment", findings = "SIM card worn" });
        Clock.Advance(TimeSpan.FromHours(1));
        var pending = await PostOkAsync(technician, $"{Tickets}/{ticketId}/request-information", new { reason = "Which handset?" });
        Clock.Advance(TimeSpan.FromHours(3));
        var resumed = await PostOkAsync(technician, $"{Tickets}/{ticketId}/information-received", new { reason = "" });
        var fixedTicket = await PostOkAsync(technician, $"{Tickets}/{ticketId}/fix", new { action = "Replaced the SIM card" });
        var closed = await PostOkAsync(Http, $"{Tickets}/{ticketId}/confirm", new { satisfactionScore = 5 });

        Assert.Equal(("equipment", "SIM card worn", "tech-1"), (analysed.GetProperty("analysis").GetProperty("causeCategory").GetString(),
            analysed.GetProperty("analysis").GetProperty("findings").GetString(), analysed.GetProperty("analysis").GetProperty("analysedBy").GetString()));
        Assert.True(pending.GetProperty("sla").GetProperty("paused").GetBoolean());
        Assert.Equal(3 * 3600, resumed.GetProperty("sla").GetProperty("pausedSeconds").GetInt64());
        Assert.Equal(Start.AddHours(51), resumed.GetProperty("expectedResolutionDate").GetDateTimeOffset());
        Assert.Equal(("resolved", true, "Replaced the SIM card"), (fixedTicket.GetProperty("status").GetString(),
            fixedTicket.GetProperty("fixedOnSite").GetBoolean(), fixedTicket.GetProperty("resolution").GetString()));
        Assert.Equal(("closed", 5, false), (closed.GetProperty("status").GetString(), closed.GetProperty("satisfactionScore").GetInt32(),
            closed.GetProperty("autoClosed").GetBoolean()));
        var history = closed.GetProperty("statusChangeHistory").EnumerateArray()
            .Select(h => (h.GetProperty("to").GetString(), h.GetProperty("changedBy").GetString())).ToList();
        Assert.Equal(
            [("acknowledged", null), ("inProgress", "tech-1"), ("pending", "tech-1"), ("inProgress", "tech-1"), ("resolved", "tech-1"), ("closed", "test-admin")],
            history);
        using var payload = JsonDocument.Parse(await ScalarAsync<string>(
            "SELECT payload::text FROM outbox_events WHERE subject_id = @id AND type = 'fault.troubleTicket.statusChanged' ORDER BY position DESC LIMIT 1",
            ticketId));
        var closure = payload.RootElement;
        Assert.Equal(("resolved", "closed", "test-admin", 5, false), (closure.GetProperty("from").GetString(), closure.GetProperty("to").GetString(),
            closure.GetProperty("changedBy").GetString(), closure.GetProperty("satisfactionScore").GetInt32(), closure.GetProperty("autoClosed").GetBoolean()));

        // Quality's SLA facts on every event, as the clock stood when it was recorded: the pause (10:00-13:00) moves
        // the due time from Start+48h to Start+51h; resolution stops the clock, so the closure says the same.
        var events = await TicketEventsAsync(ticketId);
        Assert.Equal(
            [
                ("fault.troubleTicket.created", "acknowledged", Start, Start.AddHours(48), 0L, false),
                ("fault.troubleTicket.statusChanged", "inProgress", Start, Start.AddHours(48), 0L, false),
                ("fault.troubleTicket.statusChanged", "pending", Start, Start.AddHours(48), 0L, false),
                ("fault.troubleTicket.statusChanged", "inProgress", Start, Start.AddHours(51), 3 * 3600L, false),
                ("fault.troubleTicket.statusChanged", "resolved", Start, Start.AddHours(51), 3 * 3600L, false),
                ("fault.troubleTicket.statusChanged", "closed", Start, Start.AddHours(51), 3 * 3600L, false),
            ],
            events.Select(e => (e.Type, e.Payload.TryGetProperty("to", out var to) ? to.GetString() : e.Payload.GetProperty("status").GetString(),
                e.Payload.GetProperty("reportedAt").GetDateTimeOffset(), e.Payload.GetProperty("slaDueAt").GetDateTimeOffset(),
                e.Payload.GetProperty("slaPausedSeconds").GetInt64(), e.Payload.GetProperty("slaBreached").GetBoolean())));
        Assert.All(events, e => Assert.Equal("mobile", e.Payload.GetProperty("ticketType").GetString()));
        Assert.Equal("2025-03-03T12:00:00+00:00", events[^1].Payload.GetProperty("slaDueAt").GetString());
    }

    [Fact]
    public async Task A_status_event_past_the_maximum_says_the_sla_is_breached()
    {
        var ticketId = await CreateHallTicketAsync();
        Clock.Advance(TimeSpan.FromHours(48).Add(TimeSpan.FromSeconds(1)));

        await PostOkAsync(Http, $"{Tickets}/{ticketId}/start", new { });

        var started = (await TicketEventsAsync(ticketId))[^1].Payload;
        Assert.Equal(("inProgress", Start, Start.AddHours(48), 0L, true), (started.GetProperty("to").GetString(),
            started.GetProperty("reportedAt").GetDateTimeOffset(), started.GetProperty("slaDueAt").GetDateTimeOffset(),
            started.GetProperty("slaPausedSeconds").GetInt64(), started.GetProperty("slaBreached").GetBoolean()));
    }

    /// <summary>The ticket's created and status events in outbox order.</summary>
    private async Task<List<(string Type, JsonElement Payload)>> TicketEventsAsync(string ticketId)
    {
        using var rows = JsonDocument.Parse(await ScalarAsync<string>("""
            SELECT json_agg(json_build_object('type', type, 'payload', payload) ORDER BY position)::text FROM outbox_events
            WHERE subject_id = @id AND type IN ('fault.troubleTicket.created', 'fault.troubleTicket.statusChanged')
            """, ticketId));
        return [.. rows.RootElement.EnumerateArray().Select(r => (r.GetProperty("type").GetString()!, r.GetProperty("payload").Clone()))];
    }

    [Theory]
    [InlineData("reject")]
    [InlineData("hold")]
    [InlineData("request-information")]
    [InlineData("cancel")]
    public async Task Steps_that_must_say_why_are_400_without_a_reason(string step)
    {
        var ticketId = await CreateHallTicketAsync();

        var problem = await AssertProblemAsync(await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/{step}", new { reason = " " }), 400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task A_step_the_status_does_not_allow_is_409_naming_the_statuses()
    {
        var ticketId = await CreateHallTicketAsync();

        var problem = await AssertProblemAsync(await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/resume", new { }), 409);

        Assert.Equal(("acknowledged", "inProgress"), (problem.GetProperty("currentStatus").GetString(), problem.GetProperty("targetStatus").GetString()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(6)]
    public async Task Confirming_needs_a_score_from_1_to_5(int? score)
    {
        var ticketId = await ResolvedTicketAsync();

        var problem = await AssertProblemAsync(await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/confirm", new { satisfactionScore = score }), 400);

        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.Contains("satisfactionScore", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_status_route_cannot_close_without_the_customers_score()
    {
        var ticketId = await ResolvedTicketAsync();

        var problem = await AssertProblemAsync(await ChangeStatusAsync(ticketId, "closed"), 409);

        Assert.Contains("confirm", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fixing_needs_an_analysis_first()
    {
        var ticketId = await CreateHallTicketAsync();
        await PostOkAsync(Http, $"{Tickets}/{ticketId}/start", new { });

        await AssertProblemAsync(await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/fix", new { action = "rebooted" }), 409);
        var unknownCause = await AssertProblemAsync(
            await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/analysis", new { causeCategory = "gremlins", findings = "x" }), 400);
        Assert.True(unknownCause.GetProperty("errors").TryGetProperty("causeCategory", out _));
    }

    [Fact]
    public async Task Notes_and_attachment_metadata_are_kept_with_author_and_time()
    {
        var ticketId = await CreateHallTicketAsync();
        using var technician = App.CreateClientAs(TechnicianHall1);

        await PostOkAsync(technician, $"{Tickets}/{ticketId}/notes", new { text = "Customer available after 18:00" });
        Clock.Advance(TimeSpan.FromMinutes(5));
        var ticket = await PostOkAsync(technician, $"{Tickets}/{ticketId}/attachments",
            new { name = "router.jpg", mediaType = "image/jpeg", size = 204800, url = "https://files.example/tt/router.jpg" });
        var badType = await AssertProblemAsync(await technician.PostAsJsonAsync($"{Tickets}/{ticketId}/attachments",
            new { name = "x", mediaType = "jpeg", size = 1, url = "ref-1" }), 400);
        var badUrl = await AssertProblemAsync(await technician.PostAsJsonAsync($"{Tickets}/{ticketId}/attachments",
            new { name = "x", mediaType = "image/png", size = -1, url = "ftp://files/x" }), 400);
        var emptyNote = await AssertProblemAsync(await technician.PostAsJsonAsync($"{Tickets}/{ticketId}/notes", new { text = "" }), 400);

        var note = ticket.GetProperty("notes")[0];
        Assert.Equal(("tech-1", Start, "Customer available after 18:00"),
            (note.GetProperty("author").GetString(), note.GetProperty("at").GetDateTimeOffset(), note.GetProperty("text").GetString()));
        var attachment = ticket.GetProperty("attachments")[0];
        Assert.Equal(("router.jpg", "image/jpeg", 204800L, "tech-1", Start.AddMinutes(5)),
            (attachment.GetProperty("name").GetString(), attachment.GetProperty("mediaType").GetString(), attachment.GetProperty("size").GetInt64(),
                attachment.GetProperty("addedBy").GetString(), attachment.GetProperty("addedAt").GetDateTimeOffset()));
        Assert.True(badType.GetProperty("errors").TryGetProperty("mediaType", out _));
        Assert.True(badUrl.GetProperty("errors").TryGetProperty("url", out _));
        Assert.True(badUrl.GetProperty("errors").TryGetProperty("size", out _));
        Assert.True(emptyNote.GetProperty("errors").TryGetProperty("text", out _));
    }

    [Fact]
    public async Task An_unconfirmed_resolved_ticket_closes_automatically_after_the_period_and_cannot_be_reopened_then()
    {
        var ticketId = await ResolvedTicketAsync();
        var reopenable = await ResolvedTicketAsync();

        Clock.Advance(TimeSpan.FromDays(6));
        var reopened = await PostOkAsync(Http, $"{Tickets}/{reopenable}/reopen", new { reason = "still no signal" });
        Assert.Equal(0, await RunSweepAsync());
        Clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromSeconds(1)));
        var closedCount = await RunSweepAsync();

        var closed = await ReadJsonAsync(await Http.GetAsync($"{Tickets}/{ticketId}"));
        Assert.Equal("inProgress", reopened.GetProperty("status").GetString());
        Assert.Equal(1, closedCount);
        Assert.Equal(("closed", true, "system"), (closed.GetProperty("status").GetString(), closed.GetProperty("autoClosed").GetBoolean(),
            closed.GetProperty("statusChangeHistory").EnumerateArray().Last().GetProperty("changedBy").GetString()));
        Assert.Equal(JsonValueKind.Null, closed.GetProperty("satisfactionScore").ValueKind);
        await AssertProblemAsync(await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/reopen", new { reason = "late" }), 409);
    }

    [Fact]
    public async Task A_reopen_after_the_confirmation_period_is_refused_even_before_the_sweep()
    {
        var ticketId = await ResolvedTicketAsync();
        Clock.Advance(TimeSpan.FromDays(8));

        var problem = await AssertProblemAsync(await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/reopen", new { reason = "late" }), 409);

        Assert.Equal("resolved", problem.GetProperty("currentStatus").GetString());
    }

    [Fact]
    public async Task The_overdue_list_and_the_gauges_count_open_tickets_past_their_maximum_but_not_paused_ones()
    {
        var overdue = await CreateHallTicketAsync();
        var paused = await CreateHallTicketAsync();
        await PostOkAsync(Http, $"{Tickets}/{paused}/request-information", new { reason = "router model?" });
        Clock.Advance(TimeSpan.FromHours(30));
        var fresh = await CreateHallTicketAsync();
        using var supervisor = App.CreateClientAs(TestCallers.Staff("sup-1", HallRoles.Supervisor, "hall_1"));
        using var otherSupervisor = App.CreateClientAs(TestCallers.Staff("sup-2", HallRoles.Supervisor, "hall_2"));

        var warning = await ReadJsonAsync(await Http.GetAsync($"{Tickets}/{overdue}"));
        Clock.Advance(TimeSpan.FromHours(18).Add(TimeSpan.FromSeconds(1)));
        var list = await ReadJsonAsync(await supervisor.GetAsync($"{Tickets}/overdue"));
        var otherList = await ReadJsonAsync(await otherSupervisor.GetAsync($"{Tickets}/overdue"));
        var breached = await ReadJsonAsync(await Http.GetAsync($"{Tickets}/{overdue}"));
        await RunSweepAsync();
        var counts = App.Services.GetRequiredService<FaultMetrics>().Counts;

        Assert.Equal((true, false), (warning.GetProperty("sla").GetProperty("warning").GetBoolean(), warning.GetProperty("sla").GetProperty("breached").GetBoolean()));
        Assert.True(breached.GetProperty("sla").GetProperty("breached").GetBoolean());
        Assert.Equal([overdue], list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("ticketId").GetString()).ToList());
        Assert.Equal(0, otherList.GetProperty("total").GetInt32());
        Assert.Equal([new HallTicketCounts("hall_1", 3, 1)], counts);
        Assert.NotEqual(fresh, overdue);
    }

    [Fact]
    public async Task Case_contacts_give_services_the_decrypted_customer_and_refuse_everyone_else()
    {
        using var callCentre = App.CreateClientAs(CallCentre);
        var created = await callCentre.PostAsJsonAsync(Tickets, PartnerReport(NewExternalId(), "phone") with { CustomerName = "Li Na" });
        var ticketId = (await ReadJsonAsync(created)).GetProperty("ticketId").GetString()!;
        using var serviceChannel = App.CreateGrpcChannelAs(Quality);
        using var staffChannel = App.CreateGrpcChannelAs(TechnicianHall1);
        var service = new CaseContacts.CaseContactsClient(serviceChannel);
        var staff = new CaseContacts.CaseContactsClient(staffChannel);

        var contact = await service.GetCaseContactAsync(new GetCaseContactRequest { CaseId = ticketId });
        var unknown = await Assert.ThrowsAsync<RpcException>(() => service.GetCaseContactAsync(new GetCaseContactRequest { CaseId = "tt_nothing" }).ResponseAsync);
        var empty = await Assert.ThrowsAsync<RpcException>(() => service.GetCaseContactAsync(new GetCaseContactRequest { CaseId = "" }).ResponseAsync);
        var refused = await Assert.ThrowsAsync<RpcException>(() => staff.GetCaseContactAsync(new GetCaseContactRequest { CaseId = ticketId }).ResponseAsync);

        Assert.Equal((ticketId, "Li Na", Reports.Phone, "", false),
            (contact.CaseId, contact.CustomerName, contact.CustomerPhone, contact.HallId, contact.DoNotContact));
        Assert.False(string.IsNullOrEmpty(contact.JourneyId));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
    }

    private async Task<string> ResolvedTicketAsync()
    {
        var ticketId = await CreateHallTicketAsync();
        await PostOkAsync(Http, $"{Tickets}/{ticketId}/start", new { });
        await PostOkAsync(Http, $"{Tickets}/{ticketId}/resolve", new { reason = "replaced the card" });
        return ticketId;
    }

    private async Task<int> RunSweepAsync() => await App.Services.GetRequiredService<TicketSweep>().RunOnceAsync(CancellationToken.None);

    private static async Task<JsonElement> PostOkAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var json = await ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {json}");
        return json;
    }

    private async Task<T> ScalarAsync<T>(string sql, string id)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static ReportBody PartnerReport(string? externalId, string channel) =>
        new(channel, externalId, "No signal", "No mobile signal at home", "major", "mobile", null, Reports.Phone, null, null);

    private sealed record ReportBody(
        string Channel, string? ExternalId, string Name, string Description, string Severity, string TicketType, string? HallId,
        string CustomerPhone, string? CustomerName, string? ServiceAffected);
}
