using System.Net;
using System.Net.Http.Json;
using System.Text;
using HallPlatform.Identity;
using HallPlatform.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace HallPlatform.Complaint.Tests;

[Collection(ServersCollection.Name)]
public sealed class ComplaintRestTests : IAsyncLifetime
{
    private const string Complaints = "/api/v1/complaints";

    private readonly ComplaintApp _app;
    private readonly HttpClient _client;

    public ComplaintRestTests(RealServersFixture servers)
    {
        _app = new ComplaintApp(servers);
        _client = _app.CreateClient();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static object NewComplaint(string? externalId = null, string subject = "Overcharged for roaming", string category = "billing") => new
    {
        channel = "phone",
        externalId,
        subject,
        description = "I was billed twice for roaming in March.",
        remedySought = "Refund the second charge",
        category,
        hallId = "hall-001",
        customerPhone = "138 1234 5678",
    };

    [Fact]
    public async Task Registering_acknowledges_at_once_masks_the_phone_and_answers_201_with_location()
    {
        // A receptionist takes complaints in but does not call customers back: the phone comes back masked.
        using var receptionist = _app.CreateClientAs(TestCallers.Staff("usr_desk", HallRoles.Receptionist, HallCaller.AllHalls));
        using var response = await receptionist.PostAsJsonAsync(Complaints, NewComplaint());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var id = body.GetProperty("complaintId").GetString()!;
        Assert.StartsWith("cmp_", id, StringComparison.Ordinal);
        Assert.Equal($"{Complaints}/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("acknowledged", body.GetProperty("status").GetString());
        Assert.Equal("phone", body.GetProperty("channel").GetString());
        Assert.Equal("billing", body.GetProperty("category").GetString());
        Assert.Equal("138****5678", body.GetProperty("customerPhone").GetString());
        var receivedAt = body.GetProperty("receivedAt").GetDateTimeOffset();
        Assert.Equal(receivedAt, body.GetProperty("acknowledgedAt").GetDateTimeOffset());
        Assert.Equal(receivedAt.AddDays(15), body.GetProperty("responseDueAt").GetDateTimeOffset());
        var history = Assert.Single(body.GetProperty("statusChangeHistory").EnumerateArray());
        Assert.Equal("received", history.GetProperty("from").GetString());
        Assert.Equal("acknowledged", history.GetProperty("to").GetString());
        Assert.DoesNotContain("12345678", body.GetRawText(), StringComparison.Ordinal);

        using var read = await receptionist.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var stored = await read.ReadJsonAsync();
        Assert.Equal(id, stored.GetProperty("complaintId").GetString());
        Assert.Equal(receivedAt, stored.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal("138****5678", stored.GetProperty("customerPhone").GetString());
    }

    [Theory]
    [InlineData(HallRoles.ComplaintHandler, "hall-001", true)]
    [InlineData(HallRoles.Supervisor, "hall-001", true)]
    [InlineData(HallRoles.Receptionist, "hall-001", false)]
    [InlineData(HallRoles.QualityAnalyst, "hall-001", false)]
    // Staff of another hall do not get the complaint at all (HallScopeTests).
    public async Task Only_staff_of_the_hall_who_call_customers_back_see_the_phone_in_clear(string role, string hall, bool inClear)
    {
        using var created = await _client.PostAsJsonAsync(Complaints, NewComplaint());
        var id = (await created.ReadJsonAsync()).GetProperty("complaintId").GetString()!;
        using var caller = _app.CreateClientAs(TestCallers.Staff("usr_reader", role, hall));

        var complaint = await (await caller.GetAsync($"{Complaints}/{id}")).ReadJsonAsync();

        Assert.Equal(inClear ? "13812345678" : "138****5678", complaint.GetProperty("customerPhone").GetString());
    }

    [Fact]
    public async Task A_retry_with_the_same_external_id_returns_the_same_complaint_with_200()
    {
        using var first = await _client.PostAsJsonAsync(Complaints, NewComplaint("partner-42"));
        using var retry = await _client.PostAsJsonAsync(Complaints, NewComplaint("partner-42"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var original = await first.ReadJsonAsync();
        var replayed = await retry.ReadJsonAsync();
        Assert.Equal(original.GetProperty("complaintId").GetString(), replayed.GetProperty("complaintId").GetString());
        Assert.Equal(original.GetProperty("receivedAt").GetDateTimeOffset(), replayed.GetProperty("receivedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_same_external_id_with_different_content_is_a_409()
    {
        using var first = await _client.PostAsJsonAsync(Complaints, NewComplaint("partner-43"));
        using var clash = await _client.PostAsJsonAsync(Complaints, NewComplaint("partner-43", subject: "Something else"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(clash, HttpStatusCode.Conflict);
        Assert.Contains("partner-43", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_external_id_every_registration_is_a_new_complaint()
    {
        using var first = await _client.PostAsJsonAsync(Complaints, NewComplaint());
        using var second = await _client.PostAsJsonAsync(Complaints, NewComplaint());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.NotEqual(
            (await first.ReadJsonAsync()).GetProperty("complaintId").GetString(),
            (await second.ReadJsonAsync()).GetProperty("complaintId").GetString());
    }

    [Fact]
    public async Task Ten_concurrent_identical_registrations_store_one_complaint()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => _client.PostAsJsonAsync(Complaints, NewComplaint("partner-race"))));
        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var response in responses)
            {
                ids.Add((await response.ReadJsonAsync()).GetProperty("complaintId").GetString()!);
            }
            Assert.Single(ids);
            Assert.Equal(1, await _app.WithDbAsync(db => db.Complaints.CountAsync(c => c.ExternalId == "partner-race")));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task An_empty_body_object_names_every_required_field()
    {
        using var response = await _client.PostAsJsonAsync(Complaints, new { });

        await ProblemAssert.IsValidationProblemAsync(response,
            "channel", "subject", "description", "remedySought", "category", "hallId", "customerPhone");
    }

    [Fact]
    public async Task Unknown_codes_and_a_bad_phone_are_field_errors()
    {
        using var response = await _client.PostAsJsonAsync(Complaints, new
        {
            channel = "fax",
            subject = "s",
            description = "d",
            remedySought = "r",
            category = "weather",
            hallId = "hall-001",
            customerPhone = "call me",
        });

        var problem = await ProblemAssert.IsValidationProblemAsync(response, "channel", "category", "customerPhone");
        Assert.DoesNotContain("call me", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_too_long_subject_is_a_field_error()
    {
        using var response = await _client.PostAsJsonAsync(Complaints, new
        {
            channel = "hall",
            subject = new string('x', 201),
            description = "d",
            remedySought = "r",
            category = "other",
            hallId = "hall-001",
            customerPhone = "13812345678",
        });

        await ProblemAssert.IsValidationProblemAsync(response, "subject");
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_not_a_500()
    {
        using var content = new StringContent("{\"channel\": \"phone\", \"subject\": ", Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(Complaints, content);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task A_wrongly_typed_field_is_a_400_naming_the_field()
    {
        using var content = new StringContent("{\"channel\": 5}", Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(Complaints, content);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.channel", out _));
    }

    [Fact]
    public async Task An_unknown_complaint_is_a_404_problem()
    {
        using var response = await _client.GetAsync($"{Complaints}/cmp_doesnotexist");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_complaint_walks_the_whole_process_including_a_reopen()
    {
        var id = await RegisterAsync();

        Assert.Equal("assessed", (await ComplaintSteps.AssessAsync(_client, id)).GetProperty("status").GetString());
        Assert.Equal("assigned", (await ComplaintSteps.AssignAsync(_client, id)).GetProperty("status").GetString());
        Assert.Equal("investigating", (await ComplaintSteps.StatusAsync(_client, id, "investigating")).GetProperty("status").GetString());
        Assert.Equal("responded", (await ComplaintSteps.RespondAsync(_client, id)).GetProperty("status").GetString());
        Assert.Equal("reopened", (await ComplaintSteps.ConfirmAsync(_client, id, false, "reopen")).GetProperty("status").GetString());
        Assert.Equal("investigating", (await ComplaintSteps.StatusAsync(_client, id, "investigating")).GetProperty("status").GetString());
        Assert.Equal("responded", (await ComplaintSteps.RespondAsync(_client, id, refundFen: 3000)).GetProperty("status").GetString());
        var closed = await ComplaintSteps.ConfirmAsync(_client, id, true);
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("satisfied", closed.GetProperty("outcome").GetString());

        using var read = await _client.GetAsync($"{Complaints}/{id}");
        var body = await read.ReadJsonAsync();
        var history = body.GetProperty("statusChangeHistory").EnumerateArray()
            .Select(change => $"{change.GetProperty("from").GetString()}->{change.GetProperty("to").GetString()}")
            .ToArray();
        Assert.Equal(
            [
                "received->acknowledged", "acknowledged->assessed", "assessed->assigned", "assigned->investigating",
                "investigating->responded", "responded->reopened", "reopened->investigating", "investigating->responded",
                "responded->closed",
            ],
            history);
        Assert.Equal(3000, body.GetProperty("remedy").GetProperty("refundFen").GetInt64());
        Assert.True(body.GetProperty("clocks").GetProperty("answeredWithinDeadline").GetBoolean());
        Assert.Equal("billing-error", body.GetProperty("rootCauseCode").GetString());
    }

    [Fact]
    public async Task The_status_route_refuses_moves_that_have_their_own_route()
    {
        var id = await RegisterAsync();

        using var response = await _client.PostAsJsonAsync($"{Complaints}/{id}/status", new { status = "assessed" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("/assessment", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forbidden_transition_is_a_409_naming_the_current_state_and_the_attempt()
    {
        var id = await RegisterAsync();
        using var withdraw = await _client.PostAsJsonAsync($"{Complaints}/{id}/status", new { status = "withdrawn", note = "Customer withdrew" });
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);

        using var response = await _client.PostAsJsonAsync($"{Complaints}/{id}/status", new { status = "investigating" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("'withdrawn'", detail, StringComparison.Ordinal);
        Assert.Contains("'investigating'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skipping_a_step_is_a_409()
    {
        var id = await RegisterAsync();

        using var response = await _client.PostAsJsonAsync($"{Complaints}/{id}/confirmation", new { satisfied = true });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Concurrent_identical_status_changes_apply_once()
    {
        var id = await RegisterAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5)
            .Select(_ => _client.PostAsJsonAsync($"{Complaints}/{id}/assessment", new { category = "billing", severity = "low" })));
        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
        using var read = await _client.GetAsync($"{Complaints}/{id}");
        var history = (await read.ReadJsonAsync()).GetProperty("statusChangeHistory").EnumerateArray().ToArray();
        Assert.Equal(2, history.Length);
    }

    [Fact]
    public async Task Status_changes_validate_the_body_and_the_id()
    {
        var id = await RegisterAsync();

        using var unknownStatus = await _client.PostAsJsonAsync($"{Complaints}/{id}/status", new { status = "escalating" });
        await ProblemAssert.IsValidationProblemAsync(unknownStatus, "status");

        using var missingStatus = await _client.PostAsJsonAsync($"{Complaints}/{id}/status", new { note = "n" });
        await ProblemAssert.IsValidationProblemAsync(missingStatus, "status");

        using var unknownId = await _client.PostAsJsonAsync($"{Complaints}/cmp_missing/status", new { status = "withdrawn" });
        await ProblemAssert.IsProblemAsync(unknownId, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_list_filters_by_status_and_category_and_pages()
    {
        var billing1 = await RegisterAsync(category: "billing");
        await RegisterAsync(category: "billing");
        await RegisterAsync(category: "network");
        await ComplaintSteps.AssessAsync(_client, billing1);

        var all = await GetJsonAsync(Complaints);
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal(1, all.GetProperty("page").GetInt32());
        Assert.Equal(20, all.GetProperty("pageSize").GetInt32());
        Assert.Equal(3, all.GetProperty("items").GetArrayLength());

        var billing = await GetJsonAsync($"{Complaints}?category=billing");
        Assert.Equal(2, billing.GetProperty("total").GetInt32());
        Assert.All(billing.GetProperty("items").EnumerateArray(), item => Assert.Equal("billing", item.GetProperty("category").GetString()));

        var assessed = await GetJsonAsync($"{Complaints}?status=assessed&category=billing");
        Assert.Equal(billing1, Assert.Single(assessed.GetProperty("items").EnumerateArray()).GetProperty("complaintId").GetString());

        var secondPage = await GetJsonAsync($"{Complaints}?page=2&pageSize=2");
        Assert.Equal(3, secondPage.GetProperty("total").GetInt32());
        Assert.Equal(1, secondPage.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_list_rejects_bad_filters_and_paging_by_field()
    {
        using var response = await _client.GetAsync($"{Complaints}?status=lost&category=x&page=0&pageSize=101");

        await ProblemAssert.IsValidationProblemAsync(response, "status", "category", "page", "pageSize");
    }

    [Fact]
    public async Task The_openapi_document_describes_every_route()
    {
        using var response = await _client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.ReadJsonAsync()).GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/v1/complaints", out var collection));
        Assert.True(collection.TryGetProperty("post", out _));
        Assert.True(collection.TryGetProperty("get", out _));
        Assert.True(paths.TryGetProperty("/api/v1/complaints/{complaintId}", out _));
        Assert.True(paths.TryGetProperty("/api/v1/complaints/{complaintId}/status", out _));
    }

    private async Task<string> RegisterAsync(string category = "billing")
    {
        using var response = await _client.PostAsJsonAsync(Complaints, NewComplaint(category: category));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("complaintId").GetString()!;
    }

    private async Task<System.Text.Json.JsonElement> GetJsonAsync(string url)
    {
        using var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("../hall-001")]
    [InlineData("HALL-001")]
    [InlineData("hall-0000000000000000000000000000001")]
    public async Task A_hall_id_outside_the_one_pattern_is_a_field_error(string hallId)
    {
        using var response = await _client.PostAsJsonAsync(Complaints, new
        {
            channel = "hall", subject = "s", description = "d", remedySought = "r", category = "other", hallId, customerPhone = "13812345678",
        });

        await ProblemAssert.IsValidationProblemAsync(response, "hallId");
    }

    [Fact]
    public async Task A_nul_character_or_the_largest_page_is_a_400_naming_the_field()
    {
        using var nul = await _client.PostAsync(Complaints, new StringContent(
            """{"channel":"hall","subject":"s\u0000","description":"d","remedySought":"r","category":"other","hallId":"hall-001","customerPhone":"13812345678"}""",
            Encoding.UTF8, "application/json"));
        using var page = await _client.GetAsync($"{Complaints}?page={int.MaxValue}");

        await ProblemAssert.IsValidationProblemAsync(nul, "$.subject");
        await ProblemAssert.IsValidationProblemAsync(page, "page");
    }
}
