using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HallPlatform.Identity;
using HallPlatform.Testing;

namespace HallPlatform.Fault.Tests;

[Collection(RealServersCollection.Name)]
public sealed class TroubleTicketsRestTests(RealServersFixture servers) : FaultServiceTestBase(servers)
{
    private const string Tickets = "/api/v1/trouble-tickets";

    [Theory]
    [InlineData(HallRoles.Technician, "hall_1", true)]
    [InlineData(HallRoles.Supervisor, "hall_1", true)]
    [InlineData(HallRoles.CounterAgent, "hall_1", false)]
    // A technician of another hall does not see the ticket at all (FaultHandlingTests).
    public async Task Only_staff_of_the_hall_who_arrange_repairs_see_the_phone_in_clear(string role, string hall, bool inClear)
    {
        var created = await ReadJsonAsync(await Http.PostAsJsonAsync(Tickets, HallReport()));
        using var caller = App.CreateClientAs(TestCallers.Staff("usr_reader", role, hall));

        var ticket = await caller.GetFromJsonAsync<JsonElement>($"{Tickets}/{created.GetProperty("ticketId").GetString()}");

        Assert.Equal(inClear ? "13812345678" : "138****5678", ticket.GetProperty("customerPhone").GetString());
    }

    [Fact]
    public async Task Reporting_in_the_hall_answers_201_with_location_and_a_masked_phone()
    {
        // A receptionist registers the fault but does not arrange the repair: the phone comes back masked.
        using var receptionist = App.CreateClientAs(TestCallers.Staff("usr_desk", HallRoles.Receptionist, "hall_1"));
        var response = await receptionist.PostAsJsonAsync(Tickets, HallReport());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ticket = await ReadJsonAsync(response);
        var ticketId = ticket.GetProperty("ticketId").GetString();
        Assert.Equal($"{Tickets}/{ticketId}", response.Headers.Location?.ToString());
        Assert.Equal("hall", ticket.GetProperty("channel").GetString());
        Assert.Equal(JsonValueKind.Null, ticket.GetProperty("externalId").ValueKind);
        Assert.Equal("acknowledged", ticket.GetProperty("status").GetString());
        Assert.Equal("major", ticket.GetProperty("severity").GetString());
        Assert.Equal("mobile", ticket.GetProperty("ticketType").GetString());
        Assert.Equal("hall_1", ticket.GetProperty("hallId").GetString());
        Assert.Equal("138****5678", ticket.GetProperty("customerPhone").GetString());
        Assert.Equal(Start, ticket.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(Start.AddHours(48), ticket.GetProperty("expectedResolutionDate").GetDateTimeOffset());
        var history = ticket.GetProperty("statusChangeHistory");
        Assert.Equal(1, history.GetArrayLength());
        Assert.Equal("submitted", history[0].GetProperty("from").GetString());
        Assert.Equal("acknowledged", history[0].GetProperty("to").GetString());
    }

    [Fact]
    public async Task The_full_phone_number_is_neither_returned_to_a_counter_agent_nor_logged()
    {
        using var counterAgent = App.CreateClientAs(TestCallers.Staff("usr_agent", HallRoles.CounterAgent, "hall_1"));
        var created = await counterAgent.PostAsJsonAsync(Tickets, HallReport());
        var ticketId = (await ReadJsonAsync(created)).GetProperty("ticketId").GetString();
        var read = await counterAgent.GetAsync($"{Tickets}/{ticketId}");
        var listed = await counterAgent.GetAsync(Tickets);
        await counterAgent.PostAsJsonAsync(Tickets, HallReport(customerPhone: "not a phone 13812345678"));

        Assert.DoesNotContain(Reports.Phone, await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Reports.Phone, await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Reports.Phone, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(Logs.Lines, line => line.Contains(ticketId!, StringComparison.Ordinal));
        Assert.DoesNotContain(Logs.Lines, line => line.Contains(Reports.Phone, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_of_the_location_returns_the_ticket()
    {
        using var counterAgent = App.CreateClientAs(TestCallers.Staff("usr_agent", HallRoles.CounterAgent, "hall_1"));
        var created = await counterAgent.PostAsJsonAsync(Tickets, HallReport());

        var read = await counterAgent.GetAsync(created.Headers.Location);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal((await ReadJsonAsync(created)).GetRawText(), (await ReadJsonAsync(read)).GetRawText());
    }

    [Fact]
    public async Task A_write_answer_is_masked_even_for_a_technician_while_their_read_shows_the_phone()
    {
        using var technician = App.CreateClientAs(TestCallers.Staff("usr_tech", HallRoles.Technician, "hall_1"));
        var created = await technician.PostAsJsonAsync(Tickets, HallReport());

        var read = await technician.GetFromJsonAsync<JsonElement>(created.Headers.Location);

        Assert.Equal("138****5678", (await ReadJsonAsync(created)).GetProperty("customerPhone").GetString());
        Assert.Equal(Reports.Phone, read.GetProperty("customerPhone").GetString());
    }

    [Fact]
    public async Task Get_of_an_unknown_ticket_is_404_problem() =>
        await AssertProblemAsync(await Http.GetAsync($"{Tickets}/tt_nothing"), 404);

    [Fact]
    public async Task A_partner_retry_answers_200_with_the_same_ticket()
    {
        var report = new
        {
            channel = "phone", externalId = NewExternalId(), name = "No dial tone", severity = "minor",
            ticketType = "fixed-line", customerPhone = Reports.Phone,
        };
        var first = await Http.PostAsJsonAsync(Tickets, report);
        Clock.Advance(TimeSpan.FromMinutes(1));

        var retry = await Http.PostAsJsonAsync(Tickets, report);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((await ReadJsonAsync(first)).GetRawText(), (await ReadJsonAsync(retry)).GetRawText());
    }

    [Fact]
    public async Task Reusing_a_reference_with_different_content_is_409_naming_the_ticket()
    {
        var externalId = NewExternalId();
        var first = await Http.PostAsJsonAsync(Tickets, new
        {
            channel = "online", externalId, name = "Slow", severity = "minor", ticketType = "broadband",
        });
        var ticketId = (await ReadJsonAsync(first)).GetProperty("ticketId").GetString();

        var problem = await AssertProblemAsync(await Http.PostAsJsonAsync(Tickets, new
        {
            channel = "online", externalId, name = "Down", severity = "critical", ticketType = "broadband",
        }), 409);

        Assert.Equal(ticketId, problem.GetProperty("ticketId").GetString());
    }

    [Fact]
    public async Task Hall_reports_without_a_reference_are_never_merged()
    {
        var first = await CreateHallTicketAsync();
        var second = await CreateHallTicketAsync();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task An_empty_report_is_400_with_every_missing_field()
    {
        var problem = await AssertProblemAsync(await Http.PostAsJsonAsync(Tickets, new { }), 400);

        var errors = problem.GetProperty("errors");
        Assert.Equal(["channel", "name", "severity", "ticketType"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("channel", "fax")]
    [InlineData("severity", "catastrophic")]
    [InlineData("ticketType", "satellite")]
    [InlineData("customerPhone", "call me")]
    public async Task A_report_with_an_unknown_code_or_bad_value_is_400_naming_the_field(string field, string value)
    {
        var report = new Dictionary<string, string>
        {
            ["channel"] = "hall", ["name"] = "No signal", ["severity"] = "major", ["ticketType"] = "mobile", ["hallId"] = "hall_1",
            [field] = value,
        };

        var problem = await AssertProblemAsync(await Http.PostAsJsonAsync(Tickets, report), 400);

        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task A_partner_report_without_its_reference_is_400()
    {
        var problem = await AssertProblemAsync(await Http.PostAsJsonAsync(Tickets, new
        {
            channel = "online", name = "Down", severity = "critical", ticketType = "broadband",
        }), 400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("externalId", out _));
    }

    [Fact]
    public async Task Malformed_json_is_400_problem()
    {
        using var body = new StringContent("{\"channel\": \"hall\",", Encoding.UTF8, "application/json");

        var problem = await AssertProblemAsync(await Http.PostAsync(Tickets, body), 400);

        Assert.Equal(JsonValueKind.Object, problem.GetProperty("errors").ValueKind);
    }

    [Fact]
    public async Task A_wrongly_typed_field_is_400_naming_it()
    {
        using var body = new StringContent("{\"channel\": \"hall\", \"severity\": 3}", Encoding.UTF8, "application/json");

        var problem = await AssertProblemAsync(await Http.PostAsync(Tickets, body), 400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("$.severity", out _));
    }

    [Fact]
    public async Task A_ticket_walks_to_closed_and_every_step_is_recorded()
    {
        var ticketId = await CreateHallTicketAsync();

        foreach (var status in new[] { "inProgress", "pending", "inProgress", "resolved", "inProgress", "resolved" })
        {
            Clock.Advance(TimeSpan.FromMinutes(10));
            var response = await ChangeStatusAsync(ticketId, status, $"to {status}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var moved = await ReadJsonAsync(response);
            Assert.Equal(status, moved.GetProperty("status").GetString());
            Assert.Equal(Clock.GetUtcNow(), moved.GetProperty("statusChangeDate").GetDateTimeOffset());
            Assert.Equal($"to {status}", moved.GetProperty("statusChangeReason").GetString());
        }
        Clock.Advance(TimeSpan.FromMinutes(10));
        using (var confirmed = await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/confirm", new { satisfactionScore = 4, reason = "to closed" }))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }

        var ticket = await ReadJsonAsync(await Http.GetAsync($"{Tickets}/{ticketId}"));
        Assert.Equal("closed", ticket.GetProperty("status").GetString());
        Assert.Equal(8, ticket.GetProperty("statusChangeHistory").GetArrayLength());
        Assert.Equal("closed", ticket.GetProperty("statusChangeHistory")[7].GetProperty("to").GetString());
        Assert.Equal(4, ticket.GetProperty("satisfactionScore").GetInt32());
        Assert.Equal("test-admin", ticket.GetProperty("statusChangeHistory")[7].GetProperty("changedBy").GetString());
        // The deadline is set at registration and moves only by the 10 minutes pending on the customer.
        Assert.Equal(Start.AddHours(48).AddMinutes(10), ticket.GetProperty("expectedResolutionDate").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("resolved")]
    [InlineData("closed")]
    [InlineData("acknowledged")]
    public async Task A_forbidden_move_from_acknowledged_is_409_naming_both_statuses(string target)
    {
        var ticketId = await CreateHallTicketAsync();

        var problem = await AssertProblemAsync(await ChangeStatusAsync(ticketId, target), 409);

        Assert.Equal("acknowledged", problem.GetProperty("currentStatus").GetString());
        Assert.Equal(target, problem.GetProperty("targetStatus").GetString());
        Assert.Contains("acknowledged", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_ticket_cannot_be_reopened()
    {
        var ticketId = await CreateHallTicketAsync();
        await ChangeStatusAsync(ticketId, "inProgress");
        await ChangeStatusAsync(ticketId, "resolved");
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsJsonAsync($"{Tickets}/{ticketId}/confirm", new { satisfactionScore = 5 })).StatusCode);

        var problem = await AssertProblemAsync(await ChangeStatusAsync(ticketId, "inProgress"), 409);

        Assert.Equal("closed", problem.GetProperty("currentStatus").GetString());
    }

    [Theory]
    [InlineData("submitted")]
    [InlineData("done")]
    [InlineData("")]
    public async Task An_unknown_target_status_is_400(string status)
    {
        var ticketId = await CreateHallTicketAsync();

        var problem = await AssertProblemAsync(await ChangeStatusAsync(ticketId, status), 400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task A_status_change_of_an_unknown_ticket_is_404() =>
        await AssertProblemAsync(await ChangeStatusAsync("tt_nothing", "inProgress"), 404);

    [Fact]
    public async Task Concurrent_status_changes_let_exactly_one_win()
    {
        var ticketId = await CreateHallTicketAsync();
        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 10).Select(async _ =>
        {
            await start.WaitAsync();
            return await ChangeStatusAsync(ticketId, "inProgress");
        }).ToArray();
        start.Release(calls.Length);

        var responses = await Task.WhenAll(calls);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var ticket = await ReadJsonAsync(await Http.GetAsync($"{Tickets}/{ticketId}"));
        Assert.Equal(2, ticket.GetProperty("statusChangeHistory").GetArrayLength());
    }

    [Fact]
    public async Task List_filters_by_status_and_channel_and_pages()
    {
        var hallTickets = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            hallTickets.Add(await CreateHallTicketAsync());
        }
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Grpc.ReportFaultAsync(PartnerRequest(NewExternalId()));
        await ChangeStatusAsync(hallTickets[0], "inProgress");

        var inProgress = await ReadJsonAsync(await Http.GetAsync($"{Tickets}?status=inProgress"));
        Assert.Equal(1, inProgress.GetProperty("total").GetInt32());
        Assert.Equal(hallTickets[0], inProgress.GetProperty("items")[0].GetProperty("ticketId").GetString());

        var hall = await ReadJsonAsync(await Http.GetAsync($"{Tickets}?channel=hall&page=1&pageSize=2"));
        Assert.Equal(3, hall.GetProperty("total").GetInt32());
        Assert.Equal(2, hall.GetProperty("pageSize").GetInt32());
        // Newest first.
        Assert.Equal([hallTickets[2], hallTickets[1]],
            hall.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("ticketId").GetString()));
        var secondPage = await ReadJsonAsync(await Http.GetAsync($"{Tickets}?channel=hall&page=2&pageSize=2"));
        Assert.Equal([hallTickets[0]], secondPage.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("ticketId").GetString()));

        var all = await ReadJsonAsync(await Http.GetAsync(Tickets));
        Assert.Equal(4, all.GetProperty("total").GetInt32());
        Assert.Equal(1, all.GetProperty("page").GetInt32());
        Assert.Equal(20, all.GetProperty("pageSize").GetInt32());
    }

    [Theory]
    [InlineData("status=submitted", "status")]
    [InlineData("status=open", "status")]
    [InlineData("channel=fax", "channel")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=500", "pageSize")]
    [InlineData("pageSize=x", "pageSize")]
    public async Task List_with_bad_query_is_400_naming_the_field(string query, string field)
    {
        var problem = await AssertProblemAsync(await Http.GetAsync($"{Tickets}?{query}"), 400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api_and_health_is_green()
    {
        var document = await Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var paths = (await ReadJsonAsync(document)).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/trouble-tickets/{ticketId}/status", out _));

        var health = await Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
