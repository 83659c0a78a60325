using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Fault.Application;
using HallPlatform.Fault.Data;
using HallPlatform.Identity;
using HallPlatform.Messaging;
using HallPlatform.Testing;
using HallPlatform.Fault.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HallPlatform.Fault.Tests;

/// <summary>
/// Dispatch over REST against real PostgreSQL with a fake clock: technician data, slot search, booking (with two
/// concurrent bookings of one technician's window), reschedule, cancel, arrival and outcome, and who may record them.
/// The clock starts on Saturday 2025-03-01 09:00Z (17:00 hall time); Monday 2025-03-03 09:00 hall time is 01:00Z.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class DispatchTests(RealServersFixture servers) : FaultServiceTestBase(servers)
{
    private const string Tickets = "/api/v1/trouble-tickets";
    private const string Technicians = "/api/v1/technicians";

    // Monday 2025-03-03 in hall time.
    private static readonly DateTimeOffset MondayStart = new(2025, 3, 2, 16, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Monday0900 = new(2025, 3, 3, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Monday1100 = new(2025, 3, 3, 3, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Monday1300 = new(2025, 3, 3, 5, 0, 0, TimeSpan.Zero);

    private static readonly HallCaller TechA = TestCallers.Staff("tech-a", HallRoles.Technician, "hall_1");
    private static readonly HallCaller TechB = TestCallers.Staff("tech-b", HallRoles.Technician, "hall_1");
    private static readonly HallCaller TechHall2 = TestCallers.Staff("tech-x", HallRoles.Technician, "hall_2");
    private static readonly HallCaller SupervisorHall2 = TestCallers.Staff("sup-2", HallRoles.Supervisor, "hall_2");
    private static readonly HallCaller Agent = TestCallers.Staff("agent-1", HallRoles.CounterAgent, "hall_1");

    private static object TechnicianBody(string[]? hours = null, string area = "xh-01", bool active = true) => new
    {
        hallId = "hall_1",
        displayName = "Zhao Lei",
        skills = new[] { "mobile", "broadband" },
        areas = new[] { area },
        active,
        workingHours = (hours ?? ["monday 09:00-13:00"]).Select(h =>
        {
            var parts = h.Split(' ', '-');
            return new { day = parts[0], start = parts[1], end = parts[2] };
        }).ToArray(),
        blockedDays = Array.Empty<string>(),
    };

    private async Task PutTechnicianAsync(string staffId, string[]? hours = null)
    {
        using var response = await Http.PutAsJsonAsync($"{Technicians}/{staffId}", TechnicianBody(hours));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A hall_1 mobile ticket, started and analysed (ready for dispatch).</summary>
    private async Task<string> AnalysedTicketAsync()
    {
        var ticketId = await CreateHallTicketAsync();
        (await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/start", new { })).EnsureSuccessStatusCode();
        (await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/analysis", new { causeCategory = "equipment", findings = "Router dead" })).EnsureSuccessStatusCode();
        return ticketId;
    }

    private static object Window(DateTimeOffset start, string? area = "xh-01") =>
        new { start = start.ToString("O"), end = start.AddHours(2).ToString("O"), area };

    private static string Q(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O"));

    private async Task<List<(DateTimeOffset Start, DateTimeOffset End, int Count)>> SlotsAsync(string ticketId, HttpClient? client = null)
    {
        using var response = await (client ?? Http).GetAsync(
            $"{Tickets}/{ticketId}/appointment-slots?from={Q(MondayStart)}&to={Q(MondayStart.AddDays(1))}&area=xh-01");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        return
        [
            .. body.GetProperty("slots").EnumerateArray().Select(s => (s.GetProperty("start").GetDateTimeOffset(),
                s.GetProperty("end").GetDateTimeOffset(), s.GetProperty("availableTechnicians").GetInt32())),
        ];
    }

    [Fact]
    public async Task Supervisors_create_and_replace_technicians_and_other_roles_or_halls_are_refused()
    {
        using var created = await Http.PutAsJsonAsync($"{Technicians}/tech-a", TechnicianBody());
        using var replaced = await Http.PutAsJsonAsync($"{Technicians}/tech-a", TechnicianBody(["tuesday 14:00-18:00", "monday 09:00-13:00"]));
        using var agent = App.CreateClientAs(Agent);
        using var otherHall = App.CreateClientAs(SupervisorHall2);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var read = await ReadJsonAsync(await Http.GetAsync($"{Technicians}/tech-a"));
        Assert.Equal(["mobile", "broadband"], read.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(
            ["monday 09:00-13:00", "tuesday 14:00-18:00"],
            read.GetProperty("workingHours").EnumerateArray()
                .Select(w => $"{w.GetProperty("day").GetString()} {w.GetProperty("start").GetString()}-{w.GetProperty("end").GetString()}"));
        await AssertProblemAsync(await agent.PutAsJsonAsync($"{Technicians}/tech-a", TechnicianBody()), 403);
        await AssertProblemAsync(await otherHall.PutAsJsonAsync($"{Technicians}/tech-a", TechnicianBody()), 403);
        await AssertProblemAsync(await otherHall.GetAsync($"{Technicians}/tech-a"), 404);
        var otherList = await ReadJsonAsync(await otherHall.GetAsync(Technicians));
        Assert.Equal(0, otherList.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Bad_technician_data_is_400_naming_each_field()
    {
        using var response = await Http.PutAsJsonAsync($"{Technicians}/tech-a", new
        {
            hallId = "Hall 1",
            displayName = new string('x', 101),
            skills = new[] { "plumbing" },
            areas = new[] { "XH 01" },
            workingHours = new[] { new { day = "monday", start = "13:00", end = "09:00" }, new { day = "funday", start = "09:00", end = "10:00" } },
            blockedDays = new[] { "2025-02-30" },
        });

        var problem = await AssertProblemAsync(response, 400);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ToList();
        Assert.Equal(["active", "areas[0]", "blockedDays[0]", "displayName", "hallId", "skills[0]", "workingHours[0]", "workingHours[1]"], fields);
    }

    [Fact]
    public async Task Slot_search_answers_the_free_windows_of_the_calendar_and_refuses_far_or_long_ranges()
    {
        await PutTechnicianAsync("tech-a", ["monday 09:00-13:00", "monday 14:00-15:00"]);
        var ticketId = await AnalysedTicketAsync();

        var slots = await SlotsAsync(ticketId);

        // 14:00-15:00 is shorter than a slot: only the morning's two windows.
        Assert.Equal([(Monday0900, Monday1100, 1), (Monday1100, Monday1300, 1)], slots);
        var tooLong = await AssertProblemAsync(await Http.GetAsync(
            $"{Tickets}/{ticketId}/appointment-slots?from={Q(MondayStart)}&to={Q(MondayStart.AddDays(15))}&area=xh-01"), 400);
        Assert.True(tooLong.GetProperty("errors").TryGetProperty("to", out _));
        var farAhead = await AssertProblemAsync(await Http.GetAsync(
            $"{Tickets}/{ticketId}/appointment-slots?from={Q(MondayStart.AddDays(400))}&area=xh-01"), 400);
        Assert.True(farAhead.GetProperty("errors").TryGetProperty("from", out _));
        var notATime = await AssertProblemAsync(await Http.GetAsync($"{Tickets}/{ticketId}/appointment-slots?from=9999-99-99&area=xh-01"), 400);
        Assert.True(notATime.GetProperty("errors").TryGetProperty("from", out _));
        var noArea = await AssertProblemAsync(await Http.GetAsync($"{Tickets}/{ticketId}/appointment-slots"), 400);
        Assert.True(noArea.GetProperty("errors").TryGetProperty("area", out _));
        await AssertProblemAsync(await Http.GetAsync($"{Tickets}/tt_unknown/appointment-slots?area=xh-01"), 404);
    }

    [Fact]
    public async Task A_dispatch_days_later_joins_the_journeys_trace_the_ticket_was_opened_in()
    {
        var stopped = new System.Collections.Concurrent.ConcurrentBag<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "HallPlatform.Fault",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) =>
                System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        await PutTechnicianAsync("tech-a");
        var ticketId = await AnalysedTicketAsync();
        var journey = System.Diagnostics.ActivityTraceId.CreateRandom();
        await using (var connection = new Npgsql.NpgsqlConnection(DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var update = new Npgsql.NpgsqlCommand("UPDATE trouble_tickets SET journey_trace_parent = @p WHERE ticket_id = @id", connection);
            update.Parameters.AddWithValue("p", $"00-{journey.ToHexString()}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");
            update.Parameters.AddWithValue("id", ticketId);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        using var response = await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/dispatch", Window(Monday0900));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var span = Assert.Single(stopped, a => a.OperationName == "fault.dispatch" && (string?)a.GetTagItem("hall.ticket_id") == ticketId);
        Assert.Equal(journey, span.TraceId);
    }

    [Fact]
    public async Task Dispatch_books_the_window_assigns_the_technician_and_tells_the_customer_and_the_outbox()
    {
        await PutTechnicianAsync("tech-a");
        var ticketId = await AnalysedTicketAsync();

        using var response = await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/dispatch", Window(Monday0900));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var appointment = await ReadJsonAsync(response);
        Assert.Equal("booked", appointment.GetProperty("status").GetString());
        Assert.Equal("tech-a", appointment.GetProperty("technicianId").GetString());
        Assert.Equal(Monday0900, appointment.GetProperty("start").GetDateTimeOffset());
        Assert.Equal("inProgress", appointment.GetProperty("ticketStatus").GetString());
        Assert.Equal([(Monday1100, Monday1300, 1)], await SlotsAsync(ticketId));
        var ticket = await ReadJsonAsync(await Http.GetAsync($"{Tickets}/{ticketId}"));
        Assert.Equal("xh-01", ticket.GetProperty("area").GetString());

        var messages = await ReadJsonAsync(await Http.GetAsync($"{Tickets}/{ticketId}/communications"));
        var booked = Assert.Single(messages.GetProperty("communications").EnumerateArray(),
            m => m.GetProperty("templateCode").GetString() == AppointmentCommunications.BookedCode);
        Assert.Contains("2025-03-03 09:00 - 11:00", booked.GetProperty("body").GetString());
        Assert.Contains("Zhao", booked.GetProperty("body").GetString());
        Assert.DoesNotContain("Lei", booked.GetProperty("body").GetString());

        var events = await WithScopedAsync<FaultDbContext, List<OutboxEvent>>(db =>
            db.Set<OutboxEvent>().Where(e => e.Type == IntegrationEventTypes.TroubleTicketAppointmentChanged).ToListAsync());
        var payload = JsonDocument.Parse(Assert.Single(events).Payload).RootElement;
        Assert.Equal("book", payload.GetProperty("step").GetString());
        Assert.Equal("tech-a", payload.GetProperty("technicianId").GetString());
        Assert.DoesNotContain("Zhao", events[0].Payload);
    }

    [Fact]
    public async Task Two_concurrent_bookings_of_the_only_technicians_window_one_wins_the_other_is_409()
    {
        await PutTechnicianAsync("tech-a");
        var first = await AnalysedTicketAsync();
        var second = await AnalysedTicketAsync();

        var responses = await Task.WhenAll(
            Http.PostAsJsonAsync($"{Tickets}/{first}/dispatch", Window(Monday0900)),
            Http.PostAsJsonAsync($"{Tickets}/{second}/dispatch", Window(Monday0900)));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var booked = await WithScopedAsync<FaultDbContext, int>(db =>
            db.Appointments.CountAsync(a => a.TechnicianId == "tech-a" && a.Start == Monday0900));
        Assert.Equal(1, booked);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Two_concurrent_bookings_of_one_window_with_two_technicians_free_both_win_with_different_technicians()
    {
        await PutTechnicianAsync("tech-a");
        await PutTechnicianAsync("tech-b");
        var first = await AnalysedTicketAsync();
        var second = await AnalysedTicketAsync();

        var responses = await Task.WhenAll(
            Http.PostAsJsonAsync($"{Tickets}/{first}/dispatch", Window(Monday0900)),
            Http.PostAsJsonAsync($"{Tickets}/{second}/dispatch", Window(Monday0900)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var technicians = new List<string>();
        foreach (var response in responses)
        {
            technicians.Add((await ReadJsonAsync(response)).GetProperty("technicianId").GetString()!);
            response.Dispose();
        }
        Assert.Equal(["tech-a", "tech-b"], technicians.Order());
    }

    [Fact]
    public async Task Dispatch_needs_an_analysis_a_valid_window_and_one_appointment_at_a_time()
    {
        await PutTechnicianAsync("tech-a");
        var fresh = await CreateHallTicketAsync();
        var ticketId = await AnalysedTicketAsync();

        await AssertProblemAsync(await Http.PostAsJsonAsync($"{Tickets}/{fresh}/dispatch", Window(Monday0900)), 409);
        var badEnd = await AssertProblemAsync(await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/dispatch",
            new { start = Monday0900.ToString("O"), end = Monday0900.AddHours(3).ToString("O"), area = "xh-01" }), 400);
        Assert.True(badEnd.GetProperty("errors").TryGetProperty("end", out _));
        var far = await AssertProblemAsync(await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/dispatch", Window(Monday0900.AddYears(2))), 400);
        Assert.True(far.GetProperty("errors").TryGetProperty("start", out _));
        var badArea = await AssertProblemAsync(await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/dispatch", Window(Monday0900, "XH 01")), 400);
        Assert.True(badArea.GetProperty("errors").TryGetProperty("area", out _));
        // Off the slot grid (10:00 local): no technician has that window.
        await AssertProblemAsync(await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/dispatch", Window(Monday0900.AddHours(1))), 409);
        Assert.Equal(HttpStatusCode.Created, (await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/dispatch", Window(Monday0900))).StatusCode);
        await AssertProblemAsync(await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/dispatch", Window(Monday1100)), 409);
    }

    [Fact]
    public async Task Reschedule_moves_the_appointment_and_frees_the_old_window_and_cancel_frees_it_too()
    {
        await PutTechnicianAsync("tech-a");
        var ticketId = await AnalysedTicketAsync();
        (await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/dispatch", Window(Monday0900))).EnsureSuccessStatusCode();

        var noReason = await AssertProblemAsync(await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/reschedule",
            new { start = Monday1100.ToString("O"), end = Monday1300.ToString("O") }), 400);
        using var moved = await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/reschedule",
            new { start = Monday1100.ToString("O"), end = Monday1300.ToString("O"), reason = "customer at work until noon" });

        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var appointment = await ReadJsonAsync(moved);
        Assert.Equal(Monday1100, appointment.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(["book", "reschedule"], appointment.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("step").GetString()));
        Assert.Equal([(Monday0900, Monday1100, 1)], await SlotsAsync(ticketId));

        await AssertProblemAsync(await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/cancel", new { reason = "" }), 400);
        using var cancelled = await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/cancel", new { reason = "customer fixed it" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await ReadJsonAsync(cancelled)).GetProperty("status").GetString());
        Assert.Equal([(Monday0900, Monday1100, 1), (Monday1100, Monday1300, 1)], await SlotsAsync(ticketId));
        await AssertProblemAsync(await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/cancel", new { reason = "again" }), 409);
        var codes = (await ReadJsonAsync(await Http.GetAsync($"{Tickets}/{ticketId}/communications"))).GetProperty("communications")
            .EnumerateArray().Select(m => m.GetProperty("templateCode").GetString()).Where(c => c!.StartsWith("fault.appointment", StringComparison.Ordinal));
        Assert.Equal([AppointmentCommunications.BookedCode, AppointmentCommunications.CancelledCode, AppointmentCommunications.RescheduledCode],
            codes.Order());
    }

    [Fact]
    public async Task Cancelling_the_ticket_cancels_its_booked_appointment_and_frees_the_window()
    {
        await PutTechnicianAsync("tech-a");
        var ticketId = await AnalysedTicketAsync();
        (await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/dispatch", Window(Monday0900))).EnsureSuccessStatusCode();

        (await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/cancel", new { reason = "customer moved away" })).EnsureSuccessStatusCode();

        var list = await ReadJsonAsync(await Http.GetAsync($"{Tickets}/{ticketId}/appointments"));
        var appointment = Assert.Single(list.GetProperty("appointments").EnumerateArray());
        Assert.Equal("cancelled", appointment.GetProperty("status").GetString());
        Assert.Equal("ticket cancelled", appointment.GetProperty("cancelReason").GetString());
        var other = await AnalysedTicketAsync();
        Assert.Equal([(Monday0900, Monday1100, 1)], (await SlotsAsync(other)).Take(1));
    }

    [Fact]
    public async Task A_supervisor_records_the_visit_on_the_technicians_behalf()
    {
        await PutTechnicianAsync("tech-a");
        var ticketId = await AnalysedTicketAsync();
        (await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/dispatch", Window(Monday0900))).EnsureSuccessStatusCode();
        using var supervisor = App.CreateClientAs(TestCallers.Staff("sup-1", HallRoles.Supervisor, "hall_1"));

        using var arrived = await supervisor.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/arrival", new { remark = "phoned in by tech-a" });

        Assert.Equal(HttpStatusCode.OK, arrived.StatusCode);
        var history = (await ReadJsonAsync(arrived)).GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("arrive", "sup-1"), (history.GetProperty("step").GetString(), history.GetProperty("changedBy").GetString()));
    }

    [Fact]
    public async Task Only_the_assigned_technician_records_arrival_and_outcome_and_fixed_resolves_the_ticket()
    {
        await PutTechnicianAsync("tech-a");
        var ticketId = await AnalysedTicketAsync();
        (await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/dispatch", Window(Monday0900))).EnsureSuccessStatusCode();
        using var assigned = App.CreateClientAs(TechA);
        using var other = App.CreateClientAs(TechB);
        using var otherHall = App.CreateClientAs(TechHall2);

        await AssertProblemAsync(await other.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/arrival", new { }), 403);
        await AssertProblemAsync(await otherHall.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/arrival", new { }), 404);
        await AssertProblemAsync(await assigned.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/outcome",
            new { outcome = "fixed", workDone = "Replaced router" }), 409);
        Clock.SetUtcNow(Monday0900.AddMinutes(20));
        using var arrived = await assigned.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/arrival", new { });
        Assert.Equal(HttpStatusCode.OK, arrived.StatusCode);
        Assert.Equal(Monday0900.AddMinutes(20), (await ReadJsonAsync(arrived)).GetProperty("arrivedAt").GetDateTimeOffset());
        await AssertProblemAsync(await other.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/outcome",
            new { outcome = "fixed", workDone = "x" }), 403);
        var badOutcome = await AssertProblemAsync(await assigned.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/outcome",
            new { outcome = "maybe", workDone = "" }), 400);
        Assert.Equal(["outcome", "workDone"], badOutcome.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());

        using var fixedResponse = await assigned.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/outcome",
            new { outcome = "fixed", workDone = "Replaced the router" });

        Assert.Equal(HttpStatusCode.OK, fixedResponse.StatusCode);
        var body = await ReadJsonAsync(fixedResponse);
        Assert.Equal("fixed", body.GetProperty("status").GetString());
        Assert.Equal("resolved", body.GetProperty("ticketStatus").GetString());
        var ticket = await ReadJsonAsync(await Http.GetAsync($"{Tickets}/{ticketId}"));
        Assert.Equal("resolved", ticket.GetProperty("status").GetString());
        Assert.Equal("Replaced the router", ticket.GetProperty("resolution").GetString());
        Assert.Equal("tech-a", ticket.GetProperty("statusChangeHistory").EnumerateArray().Last().GetProperty("changedBy").GetString());
    }

    [Fact]
    public async Task Not_fixed_needs_a_reason_keeps_the_ticket_in_progress_and_allows_another_appointment()
    {
        await PutTechnicianAsync("tech-a");
        var ticketId = await AnalysedTicketAsync();
        (await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/dispatch", Window(Monday0900))).EnsureSuccessStatusCode();
        using var assigned = App.CreateClientAs(TechA);
        (await assigned.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/arrival", new { })).EnsureSuccessStatusCode();

        var noReason = await AssertProblemAsync(await assigned.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/outcome",
            new { outcome = "notFixed", workDone = "Checked the line" }), 400);
        using var notFixed = await assigned.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/outcome",
            new { outcome = "notFixed", workDone = "Checked the line", reason = "needs a new cable run" });

        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.OK, notFixed.StatusCode);
        Assert.Equal("inProgress", (await ReadJsonAsync(notFixed)).GetProperty("ticketStatus").GetString());
        Clock.Advance(TimeSpan.FromMinutes(5));
        using var again = await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/dispatch", Window(Monday1100));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var list = await ReadJsonAsync(await Http.GetAsync($"{Tickets}/{ticketId}/appointments"));
        Assert.Equal(["booked", "notFixed"], list.GetProperty("appointments").EnumerateArray().Select(a => a.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Concurrent_overlapping_bookings_of_one_technician_cut_from_different_grids_only_one_is_stored()
    {
        // 09:00-11:00 from the grid of a 09:00 window, 10:00-12:00 from the grid after the hours moved to 10:00: different
        // starts, so only the exclusion constraint (technician, tstzrange(start, end)) can refuse one of them.
        var oldGrid = Appointment.Book("tt_grid_1", "hall_1", "xh-01", new Slot(Monday0900, Monday1100), "tech-a", Clock.GetUtcNow(), "tech", null);
        var newGrid = Appointment.Book("tt_grid_2", "hall_1", "xh-01", new Slot(Monday0900.AddHours(1), Monday1100.AddHours(1)), "tech-a",
            Clock.GetUtcNow(), "tech", null);
        using var firstScope = App.Services.CreateScope();
        using var secondScope = App.Services.CreateScope();
        var first = firstScope.ServiceProvider.GetRequiredService<FaultDbContext>();
        var second = secondScope.ServiceProvider.GetRequiredService<FaultDbContext>();
        first.Appointments.Add(oldGrid);
        second.Appointments.Add(newGrid);

        var saves = await Task.WhenAll(SaveAsync(first), SaveAsync(second));

        var refused = Assert.Single(saves, e => e is not null);
        Assert.Single(saves, e => e is null);
        var violation = Assert.IsType<PostgresException>(refused!.InnerException);
        Assert.Equal((PostgresErrorCodes.ExclusionViolation, DispatchModel.TechnicianOverlapConstraintName),
            (violation.SqlState, violation.ConstraintName));
        var stored = await WithScopedAsync<FaultDbContext, int>(db => db.Appointments.CountAsync(a => a.TechnicianId == "tech-a"));
        Assert.Equal(1, stored);

        static async Task<DbUpdateException?> SaveAsync(FaultDbContext db)
        {
            try
            {
                await db.SaveChangesAsync();
                return null;
            }
            catch (DbUpdateException exception)
            {
                return exception;
            }
        }
    }

    [Fact]
    public async Task After_the_hours_move_a_window_overlapping_a_booking_of_the_old_grid_is_neither_offered_nor_booked_and_a_freed_one_is()
    {
        await PutTechnicianAsync("tech-a");
        var first = await AnalysedTicketAsync();
        (await Http.PostAsJsonAsync($"{Tickets}/{first}/dispatch", Window(Monday0900))).EnsureSuccessStatusCode();
        await PutTechnicianAsync("tech-a", ["monday 10:00-14:00"]);
        var second = await AnalysedTicketAsync();

        var slots = await SlotsAsync(second);
        var refused = await AssertProblemAsync(await Http.PostAsJsonAsync($"{Tickets}/{second}/dispatch", Window(Monday0900.AddHours(1))), 409);

        Assert.Equal([(Monday1100.AddHours(1), Monday1300.AddHours(1), 1)], slots);
        Assert.Equal("No technician free in this window", refused.GetProperty("title").GetString());
        (await Http.PostAsJsonAsync($"{Tickets}/{first}/appointment/cancel", new { reason = "customer away" })).EnsureSuccessStatusCode();
        using var booked = await Http.PostAsJsonAsync($"{Tickets}/{second}/dispatch", Window(Monday0900.AddHours(1)));
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
    }

    [Fact]
    public async Task Resolving_the_ticket_while_the_technician_is_on_site_ends_the_appointment_with_the_ticket_audited_and_evented()
    {
        await PutTechnicianAsync("tech-a");
        var ticketId = await AnalysedTicketAsync();
        (await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/dispatch", Window(Monday0900))).EnsureSuccessStatusCode();
        using var assigned = App.CreateClientAs(TechA);
        (await assigned.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/arrival", new { })).EnsureSuccessStatusCode();

        (await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/resolve", new { reason = "Fixed remotely at the exchange" })).EnsureSuccessStatusCode();

        var list = await ReadJsonAsync(await Http.GetAsync($"{Tickets}/{ticketId}/appointments"));
        var appointment = Assert.Single(list.GetProperty("appointments").EnumerateArray());
        Assert.Equal(("endedWithTicket", "ticket resolved"),
            (appointment.GetProperty("status").GetString(), appointment.GetProperty("cancelReason").GetString()));
        Assert.Equal(["book", "arrive", "endWithTicket"],
            appointment.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("step").GetString()));
        var outcome = await AssertProblemAsync(await assigned.PostAsJsonAsync($"{Tickets}/{ticketId}/appointment/outcome",
            new { outcome = "fixed", workDone = "Nothing left to do" }), 409);
        Assert.Contains("allowed: none", outcome.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var steps = await WithScopedAsync<FaultDbContext, List<string>>(db => db.Set<OutboxEvent>().AsNoTracking()
            .Where(e => e.SubjectId == ticketId && e.Type == AppointmentEvents.ChangedType).OrderBy(e => e.Position)
            .Select(e => e.Payload).ToListAsync());
        Assert.Equal(["book", "arrive", "endWithTicket"], steps.Select(p => JsonDocument.Parse(p).RootElement.GetProperty("step").GetString()));
        var actions = await WithScopedAsync<FaultDbContext, List<string>>(db => db.Set<HallPlatform.Audit.AuditEntry>().AsNoTracking()
            .Where(e => e.RecordId == ticketId && EF.Functions.Like(e.Action, "trouble-ticket.appointment%")).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal([DispatchAudit.AppointmentBookedAction, DispatchAudit.AppointmentArrivedAction, DispatchAudit.AppointmentEndedWithTicketAction],
            actions);
        // The technician's window is free again.
        var other = await AnalysedTicketAsync();
        Assert.Equal([(Monday0900, Monday1100, 1)], (await SlotsAsync(other)).Take(1));
    }
}
