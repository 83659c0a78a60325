using System.Net;
using System.Net.Http.Json;
using System.Text;
using Grpc.Core;
using HallPlatform.Contracts.Reception.V1;
using HallPlatform.Identity;
using HallPlatform.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>Inputs that used to reach PostgreSQL or arithmetic unchecked answer 400 naming the field, never 500.</summary>
[Collection(ServerCollection.Name)]
public sealed class InputHardeningTests(RealServersFixture servers)
{
    [Theory]
    [InlineData("customerName")]
    [InlineData("customerPhone")]
    [InlineData("serviceType")]
    [InlineData("hallId")]
    public async Task A_nul_character_in_a_body_string_is_a_400_naming_the_field(string field)
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var values = new Dictionary<string, string>
        {
            ["customerName"] = "Li Lei",
            ["customerPhone"] = "13800138000",
            ["serviceType"] = "new-line",
            ["hallId"] = ReceptionApp.Hall,
        };
        values[field] += "\0";

        using var response = await client.PostAsync("/api/v1/visits",
            new StringContent(System.Text.Json.JsonSerializer.Serialize(values), Encoding.UTF8, "application/json"));

        await ProblemAssert.HasFieldErrorAsync(response, "$." + field);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM visits"));
    }

    [Theory]
    [InlineData("/api/v1/counters?hallId=hall%00", "hallId")]
    [InlineData("/api/v1/service-types?hallId=%00", "hallId")]
    [InlineData("/api/v1/visits/vis_1/events?page=1%00", "page")]
    public async Task A_nul_character_in_a_query_value_is_a_400_naming_the_parameter(string url, string field)
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        using var response = await client.GetAsync(url);

        await ProblemAssert.IsValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task A_nul_character_in_a_grpc_string_field_is_invalid_argument_naming_the_field()
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckInAsync(new CheckInRequest
        {
            CustomerName = "Li\0Lei", CustomerPhone = "13800138000", ServiceType = "new-line", Channel = "kiosk",
        }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["customerName"], error.Trailers.GetAll("invalid-field").Select(e => e.Value));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM visits"));
    }

    [Theory]
    [InlineData("/api/v1/service-types")]
    [InlineData("/api/v1/counters")]
    [InlineData("/api/v1/visits/vis_unknown/events")]
    [InlineData("/api/v1/reception/audit-entries")]
    public async Task The_largest_page_number_is_a_400_naming_page(string route)
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"{route}?page={int.MaxValue}&pageSize=100");

        await ProblemAssert.IsValidationProblemAsync(response, "page");
    }

    [Fact]
    public async Task Twenty_concurrent_puts_of_one_new_service_type_create_it_once_and_none_fails()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            client.PutAsJsonAsync("/api/v1/service-types/passport", new { hallId = ReceptionApp.Hall, name = "Passport", prefix = "P" })));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.All(statuses, status => Assert.Contains(status, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        Assert.Single(statuses, HttpStatusCode.Created);
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM service_types WHERE code = 'passport'"));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Twenty_concurrent_puts_of_one_new_counter_create_it_once_and_none_fails()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            client.PutAsJsonAsync("/api/v1/counters/c42", new { hallId = ReceptionApp.Hall, name = "Counter 42", serviceTypes = new[] { "billing" } })));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.All(statuses, status => Assert.Contains(status, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        Assert.Single(statuses, HttpStatusCode.Created);
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM counters WHERE id = 'c42'"));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Theory]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("9999-12-31T23:59:59-05:00")]
    public async Task An_appointment_beyond_the_booking_horizon_is_a_400_naming_starts_at(string startsAt)
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/v1/appointments", new StringContent(
            $$"""{"serviceType":"new-line","customerName":"Li Lei","customerPhone":"13800138000","startsAt":"{{startsAt}}"}""",
            Encoding.UTF8, "application/json"));

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM appointments"));
    }

    [Fact]
    public async Task An_appointment_ninety_one_days_ahead_is_a_400_naming_starts_at()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();

        using var response = await client.PostAsJsonAsync("/api/v1/appointments", new
        {
            serviceType = "new-line", customerName = "Li Lei", customerPhone = "13800138000", startsAt = now.AddDays(91),
        });

        await ProblemAssert.IsValidationProblemAsync(response, "startsAt");
    }

    [Theory]
    [InlineData("from=0001-01-01T00:00:00Z", "from")]
    [InlineData("to=9999-12-31T23:59:59Z", "to")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-13-01", "to")]
    public async Task Kpis_for_an_extreme_or_unreadable_period_are_a_400_naming_the_bound(string query, string field)
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/v1/halls/{ReceptionApp.Hall}/kpis?{query}");

        await ProblemAssert.IsValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task Another_halls_counters_answer_as_an_unknown_hall_and_counter_would()
    {
        await using var app = new ReceptionApp(servers);
        using var admin = app.CreateClient();
        using var hallPut = await admin.PutAsJsonAsync("/api/v1/halls/hall-002", new { name = "East hall" });
        Assert.Equal(HttpStatusCode.Created, hallPut.StatusCode);
        using var typePut = await admin.PutAsJsonAsync("/api/v1/service-types/billing", new { hallId = "hall-002", name = "Billing", prefix = "C" });
        Assert.Equal(HttpStatusCode.Created, typePut.StatusCode);
        using var counterPut = await admin.PutAsJsonAsync("/api/v1/counters/east-01", new { hallId = "hall-002", name = "East 1", serviceTypes = new[] { "billing" } });
        Assert.Equal(HttpStatusCode.Created, counterPut.StatusCode);
        using var staff = app.CreateClientAs(TestCallers.Staff("s-001", HallRoles.Administrator, ReceptionApp.Hall));

        using var otherList = await staff.GetAsync("/api/v1/counters?hallId=hall-002");
        using var unknownList = await staff.GetAsync("/api/v1/counters?hallId=hall-999");
        using var otherPut = await staff.PutAsJsonAsync("/api/v1/counters/east-01", new { name = "Mine now", serviceTypes = new[] { "billing" } });
        using var otherOpen = await staff.PostAsJsonAsync("/api/v1/counters/east-01/open", new { staffId = "s-001" });
        using var unknownOpen = await staff.PostAsJsonAsync("/api/v1/counters/nowhere/open", new { staffId = "s-001" });

        var other = await ProblemAssert.IsValidationProblemAsync(otherList, "hallId");
        await ProblemAssert.IsValidationProblemAsync(unknownList, "hallId");
        Assert.DoesNotContain("east-01", other.ToString(), StringComparison.Ordinal);
        var put = await ProblemAssert.IsProblemAsync(otherPut, HttpStatusCode.NotFound);
        Assert.DoesNotContain("hall-002", put.ToString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(otherOpen, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(unknownOpen, HttpStatusCode.NotFound);
        Assert.Equal("East 1", await app.ScalarAsync<string>("SELECT name FROM counters WHERE id = 'east-01'"));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("../etc")]
    [InlineData("hall\u0007")]
    [InlineData("hall-0000000000000000000000000000000000000001")]
    public async Task A_hall_id_outside_the_one_pattern_creates_no_hall(string hallId)
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        using var type = await client.PutAsJsonAsync("/api/v1/service-types/passport", new { hallId, name = "Passport", prefix = "P" });
        using var counter = await client.PutAsJsonAsync("/api/v1/counters/c77", new { hallId, name = "Counter 77", serviceTypes = new[] { "billing" } });

        await ProblemAssert.IsValidationProblemAsync(type, "hallId");
        await ProblemAssert.IsValidationProblemAsync(counter, "hallId");
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM service_types WHERE code = 'passport'"));
    }

    [Fact]
    public async Task Halls_are_created_explicitly_and_a_catalogue_put_for_an_unknown_hall_is_a_404()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        using var beforeHall = await client.PutAsJsonAsync("/api/v1/service-types/passport", new { hallId = "hall-002", name = "Passport", prefix = "P" });
        using var created = await client.PutAsJsonAsync("/api/v1/halls/hall-002", new { name = "East hall" });
        using var renamed = await client.PutAsJsonAsync("/api/v1/halls/hall-002", new { name = "East hall (new)" });
        using var afterHall = await client.PutAsJsonAsync("/api/v1/service-types/passport", new { hallId = "hall-002", name = "Passport", prefix = "P" });
        using var badId = await client.PutAsJsonAsync("/api/v1/halls/Hall%20Two", new { name = "Two" });
        using var noName = await client.PutAsJsonAsync("/api/v1/halls/hall-003", new { });

        await ProblemAssert.IsProblemAsync(beforeHall, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("East hall (new)", (await renamed.ReadJsonAsync()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.Created, afterHall.StatusCode);
        await ProblemAssert.IsValidationProblemAsync(badId, "hallId");
        await ProblemAssert.IsValidationProblemAsync(noName, "name");
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT count(*) FROM halls"));
    }

    [Fact]
    public async Task Twenty_concurrent_puts_of_one_new_hall_create_it_once()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            client.PutAsJsonAsync("/api/v1/halls/hall-077", new { name = "Hall 77" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode == HttpStatusCode.Created ? HttpStatusCode.OK : r.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
