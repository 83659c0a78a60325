using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HallPlatform.Testing;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>Every bad request is a 400/404 problem+json naming what is wrong; never a 500, never a ticket.</summary>
[Collection(ServerCollection.Name)]
public sealed class BadInputTests(RealServersFixture servers)
{
    public static TheoryData<string, string> BadCheckIns() => new()
    {
        { """{"customerName":"Li Lei","serviceType":"new-line"}""", "customerPhone" },
        { """{"customerName":"Li Lei","customerPhone":"138-0013-800O","serviceType":"new-line"}""", "customerPhone" },
        { """{"customerName":"Li Lei","customerPhone":"138/0013/8000","serviceType":"new-line"}""", "customerPhone" },
        { """{"customerName":"Li Lei","customerPhone":"1234","serviceType":"new-line"}""", "customerPhone" },
        { """{"customerPhone":"13800138000","serviceType":"new-line"}""", "customerName" },
        { """{"customerName":"   ","customerPhone":"13800138000","serviceType":"new-line"}""", "customerName" },
        { $$"""{"customerName":"{{new string('x', 101)}}","customerPhone":"13800138000","serviceType":"new-line"}""", "customerName" },
        { """{"customerName":"Li Lei","customerPhone":"13800138000"}""", "serviceType" },
        { """{"customerName":"Li Lei","customerPhone":"13800138000","serviceType":"passport"}""", "serviceType" },
        { """{"customerName":"Li Lei","customerPhone":"13800138000","serviceType":"new-line","channel":"fax"}""", "channel" },
        { """{"hallId":"hall-999","customerName":"Li Lei","customerPhone":"13800138000","serviceType":"new-line"}""", "hallId" },
        { """{"customerName":"Li Lei","customerPhone":13800138000,"serviceType":"new-line"}""", "$.customerPhone" },
        { """{"customerName":"Li Lei","customerPhone":"13800138000","serviceType":"new-line" """, "$" },
        { """not json""", "$" },
        { """{"customerName":"Li Lei","customerPhone":"13800138000","serviceType":"new-line","priorityClass":"gold"}""", "priorityClass" },
        { """{"customerName":"Li Lei","customerPhone":"13800138000","serviceType":"new-line","priorityClass":"appointment"}""", "priorityClass" },
        { """{"customerName":"Li Lei","customerPhone":"13800138000","serviceType":"new-line","idDocumentType":"library-card","idDocumentNumber":"12345678"}""", "idDocumentType" },
        { """{"customerName":"Li Lei","customerPhone":"13800138000","serviceType":"new-line","idDocumentType":"passport"}""", "idDocumentNumber" },
        { """{"appointmentId":"apt_unknown"}""", "appointmentId" },
    };

    [Theory]
    [MemberData(nameof(BadCheckIns))]
    public async Task A_bad_check_in_is_a_400_naming_the_field_and_issues_no_ticket(string body, string field)
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/v1/visits", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssert.HasFieldErrorAsync(response, field);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM visits"));
        Assert.Equal(0, await app.QueueLengthAsync("new-line"));
    }

    [Fact]
    public async Task All_field_errors_are_reported_at_once()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/visits", new { channel = "fax" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(["channel", "customerName", "customerPhone", "serviceType"], fields);
    }

    [Fact]
    public async Task A_check_in_without_a_body_is_a_400_problem()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/v1/visits", new StringContent("", Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_bad_idempotency_key_is_a_field_error()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/visits") { Content = JsonContent.Create(ReceptionApp.CheckInBody("new-line")) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 101));

        using var response = await client.SendAsync(request);

        await ProblemAssert.HasFieldErrorAsync(response, "idempotencyKey");
    }

    [Fact]
    public async Task Unknown_visits_and_counters_are_404_problems()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        using var visit = await client.GetAsync("/api/v1/visits/vis_doesnotexist");
        using var counter = await client.PostAsync("/api/v1/counters/c99/call-next", null);

        var visitProblem = await ProblemAssert.IsProblemAsync(visit, HttpStatusCode.NotFound);
        Assert.Contains("vis_doesnotexist", visitProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var counterProblem = await ProblemAssert.IsProblemAsync(counter, HttpStatusCode.NotFound);
        Assert.Contains("c99", counterProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/service-types?hallId=hall-999", "hallId")]
    [InlineData("/api/v1/counters?hallId=hall-999", "hallId")]
    [InlineData("/api/v1/counters?pageSize=101", "pageSize")]
    [InlineData("/api/v1/service-types?page=0", "page")]
    [InlineData("/api/v1/service-types?page=abc", "page")]
    public async Task Bad_catalogue_queries_are_400_problems(string url, string field)
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        using var response = await client.GetAsync(url);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        // Our own checks name the field; a value that cannot even be bound is reported by the shared handler, whose
        // message names the parameter.
        var errors = problem.GetProperty("errors").EnumerateObject().ToList();
        Assert.Contains(errors, e => e.Name == field || e.Value.EnumerateArray().Any(m => m.GetString()!.Contains(field, StringComparison.Ordinal)));
    }
}
