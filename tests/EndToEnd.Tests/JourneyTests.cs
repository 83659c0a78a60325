using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>The first journey slice, driven only through the gateway against the real AppHost.</summary>
[Collection(PlatformCollection.Name)]
public sealed class JourneyTests(PlatformFixture platform)
{
    // c03 serves billing and fault reports; no other end-to-end test queues either, so its queue is ours.
    private const string FaultCounter = "c03";

    [Fact]
    public void Every_resource_is_healthy()
    {
        foreach (var name in PlatformFixture.ResourceNames)
        {
            Assert.True(platform.App.ResourceNotifications.TryGetCurrentState(name, out var resourceEvent), name);
            Assert.Equal("Healthy", resourceEvent!.Snapshot.HealthStatus?.ToString());
        }
    }

    [Fact]
    public async Task A_called_fault_report_becomes_a_trouble_ticket_in_fault_carrying_the_journey()
    {
        var checkIn = await platform.Gateway.PostAsJsonAsync("/api/v1/visits", new
        {
            customerName = "Zhang Wei",
            customerPhone = "13812345678",
            serviceType = "fault-report",
        });
        Assert.Equal(HttpStatusCode.Created, checkIn.StatusCode);
        var visit = await checkIn.Content.ReadFromJsonAsync<JsonElement>();
        var visitId = visit.GetProperty("visitId").GetString()!;
        var journeyId = visit.GetProperty("journeyId").GetString()!;
        var ticketNumber = visit.GetProperty("ticketNumber").GetString()!;
        Assert.StartsWith("D", ticketNumber, StringComparison.Ordinal);
        Assert.Matches("^j_[0-9a-f]{26}$", journeyId);
        Assert.Equal(("waiting", "fault", "none"),
            (visit.GetProperty("status").GetString(), visit.GetProperty("caseOwner").GetString(), visit.GetProperty("caseState").GetString()));
        Assert.True(visit.GetProperty("position").GetInt32() >= 1);
        Assert.True(visit.GetProperty("estimatedWaitSeconds").GetInt32() > 0);
        Assert.Equal($"/api/v1/visits/{visitId}", checkIn.Headers.Location?.OriginalString);
        Assert.DoesNotContain("Zhang Wei", await checkIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var called = await CallNextUntilAsync(FaultCounter, visitId);
        Assert.Equal(ticketNumber, called.GetProperty("ticketNumber").GetString());
        // Not a business order: Fault owns fault reports.
        Assert.Equal(JsonValueKind.Null, called.GetProperty("orderId").ValueKind);

        var after = await OpenedCaseAsync(visitId);
        Assert.Equal(("called", "fault", FaultCounter), (after.GetProperty("status").GetString(), after.GetProperty("caseOwner").GetString(),
            after.GetProperty("counterId").GetString()));
        Assert.Equal(JsonValueKind.Null, after.GetProperty("orderId").ValueKind);
        var ticketId = after.GetProperty("caseId").GetString()!;
        Assert.StartsWith("tt_", ticketId, StringComparison.Ordinal);

        var ticket = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/v1/trouble-tickets/{ticketId}");
        Assert.Equal(("hall", visitId, journeyId, "acknowledged"), (ticket.GetProperty("channel").GetString(),
            ticket.GetProperty("visitId").GetString(), ticket.GetProperty("journeyId").GetString(), ticket.GetProperty("status").GetString()));
        var orders = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/v1/orders?visitId={visitId}");
        Assert.Equal(0, orders.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_called_business_visit_becomes_an_order_carrying_the_journey()
    {
        var checkIn = await platform.Gateway.PostAsJsonAsync("/api/v1/visits", new
        {
            customerName = "Li Na",
            customerPhone = "13812345679",
            serviceType = "billing",
        });
        Assert.Equal(HttpStatusCode.Created, checkIn.StatusCode);
        var visit = await checkIn.Content.ReadFromJsonAsync<JsonElement>();
        var visitId = visit.GetProperty("visitId").GetString()!;
        var journeyId = visit.GetProperty("journeyId").GetString()!;

        var called = await CallNextUntilAsync(FaultCounter, visitId);
        var orderId = called.GetProperty("orderId").GetString();
        Assert.False(string.IsNullOrEmpty(orderId));

        var order = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{orderId}");
        Assert.Equal((visitId, journeyId, "acknowledged"),
            (order.GetProperty("visitId").GetString(), order.GetProperty("journeyId").GetString(), order.GetProperty("state").GetString()));

        var after = await OpenedCaseAsync(visitId);
        Assert.Equal(("called", "business", orderId, orderId), (after.GetProperty("status").GetString(), after.GetProperty("caseOwner").GetString(),
            after.GetProperty("orderId").GetString(), after.GetProperty("caseId").GetString()));
    }

    [Fact]
    public async Task Fifty_concurrent_check_ins_get_fifty_distinct_ticket_numbers()
    {
        var requests = Enumerable.Range(0, 50).Select(i => platform.Gateway.PostAsJsonAsync("/api/v1/visits", new
        {
            customerName = $"Customer {i}",
            customerPhone = $"1390000{i:D4}",
            serviceType = "new-line",
        }));
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        var visits = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        var numbers = visits.Select(v => v.GetProperty("ticketNumber").GetString()).ToList();
        Assert.Equal(50, numbers.Distinct().Count());
        Assert.All(numbers, number => Assert.StartsWith("A", number, StringComparison.Ordinal));
        Assert.Equal(50, visits.Select(v => v.GetProperty("visitId").GetString()).Distinct().Count());
    }

    [Theory]
    [InlineData("""{"customerName":"Li Na","serviceType":"billing"}""", "customerPhone")]
    [InlineData("""{"customerName":"Li Na","customerPhone":"13812345678","serviceType":"no-such-service"}""", "serviceType")]
    [InlineData("""{"customerName":"Li Na","customerPhone":"13812345678","serviceType":""", "$")]
    public async Task Bad_check_in_gets_400_problem_with_the_field(string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await platform.Gateway.PostAsync("/api/v1/visits", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), e => e.Name.StartsWith(field, StringComparison.OrdinalIgnoreCase));
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task Unknown_route_gets_404_problem_from_the_gateway()
    {
        var response = await platform.Gateway.GetAsync("/api/v1/no-such-resource");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Gateway_serves_one_openapi_document_for_all_services()
    {
        var document = await platform.Gateway.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/v1/visits", paths);
        Assert.Contains("/api/v1/orders/{orderId}", paths);
        Assert.Contains("/api/v1/trouble-tickets", paths);
        Assert.Contains("/api/v1/complaints", paths);
        Assert.Contains("/api/v1/survey-responses", paths);
    }

    /// <summary>The visit once its case is opened (the owner is asked right after the call; retried if it was not up).</summary>
    private async Task<JsonElement> OpenedCaseAsync(string visitId)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var view = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{visitId}");
            if (view.GetProperty("caseState").GetString() == "opened")
            {
                return view;
            }
            Assert.Equal("pending", view.GetProperty("caseState").GetString());
            Assert.True(DateTime.UtcNow < until, $"The case of visit {visitId} was not opened in time.");
            await Task.Delay(200);
        }
    }

    private async Task<JsonElement> CallNextUntilAsync(string counterId, string visitId)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var response = await platform.Gateway.PostAsync($"/api/v1/counters/{counterId}/call-next", content: null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var called = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(called.TryGetProperty("customerName", out _), "call-next must not expose customer names");
            if (called.GetProperty("visitId").GetString() == visitId)
            {
                return called;
            }
        }
        throw new Xunit.Sdk.XunitException($"Counter {counterId} never called visit {visitId}.");
    }
}
