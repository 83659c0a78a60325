using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Testing;

namespace HallPlatform.Reception.Tests.Service;

[Collection(ServerCollection.Name)]
public sealed class CatalogueTests(RealServersFixture servers)
{
    [Fact]
    public async Task A_list_links_its_next_page_until_the_last()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        var codes = new List<string>();
        var next = "/api/v1/service-types?pageSize=2";
        var links = new List<string?>();
        while (next is not null)
        {
            var page = await client.GetFromJsonAsync<JsonElement>(next);
            codes.AddRange(page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("code").GetString()!));
            next = page.GetProperty("next").GetString();
            links.Add(next);
        }

        Assert.Equal(["/api/v1/service-types?page=2&pageSize=2", "/api/v1/service-types?page=3&pageSize=2", null], links);
        Assert.Equal(["billing", "complaint", "fault-report", "new-line", "plan-change"], codes.Order());
    }

    [Fact]
    public async Task The_seeded_hall_lists_its_service_types_with_the_counters_that_serve_them()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/v1/service-types");
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((1, 20, 5), (page.GetProperty("page").GetInt32(), page.GetProperty("pageSize").GetInt32(), page.GetProperty("total").GetInt32()));
        var types = page.GetProperty("items").EnumerateArray().ToDictionary(t => t.GetProperty("code").GetString()!);
        Assert.Equal(["billing", "complaint", "fault-report", "new-line", "plan-change"], types.Keys.Order());
        Assert.Equal("A", types["new-line"].GetProperty("prefix").GetString());
        Assert.Equal("New line / SIM card", types["new-line"].GetProperty("name").GetString());
        Assert.True(types["billing"].GetProperty("selfService").GetBoolean());
        Assert.False(types["fault-report"].GetProperty("selfService").GetBoolean());
        Assert.Equal(["c02", "c03", "c05"], types["billing"].GetProperty("counterIds").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["c01", "c04", "c05"], types["plan-change"].GetProperty("counterIds").EnumerateArray().Select(c => c.GetString()));
        // Who opens a called visit's case: fault reports go to Fault, complaints to Complaint, the rest to Business.
        Assert.Equal(["business", "business", "business", "complaint", "fault"],
            types.Values.Select(t => t.GetProperty("caseOwner").GetString()).Order());
        Assert.Equal("fault", types["fault-report"].GetProperty("caseOwner").GetString());
        Assert.Equal(["c03", "c05"], types["complaint"].GetProperty("counterIds").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task The_seeded_hall_lists_five_open_counters_paged()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        using var all = await client.GetAsync("/api/v1/counters?hallId=hall-001");
        using var second = await client.GetAsync("/api/v1/counters?page=2&pageSize=2");
        var allPage = await all.Content.ReadFromJsonAsync<JsonElement>();
        var secondPage = await second.Content.ReadFromJsonAsync<JsonElement>();

        var counters = allPage.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["c01", "c02", "c03", "c04", "c05"], counters.Select(c => c.GetProperty("counterId").GetString()));
        Assert.All(counters, c => Assert.True(c.GetProperty("isOpen").GetBoolean()));
        Assert.Equal(["new-line", "plan-change", "billing", "fault-report", "complaint"], counters[4].GetProperty("serviceTypes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["c03", "c04"], secondPage.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("counterId").GetString()));
        Assert.Equal(5, secondPage.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_openapi_document_lists_the_queue_routes()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var route in new[]
        {
            "/api/v1/counters/{counterId}/open", "/api/v1/counters/{counterId}/call", "/api/v1/visits/{visitId}/transfer",
            "/api/v1/visits/{visitId}/complete", "/api/v1/halls/{hallId}/board/stream", "/api/v1/halls/{hallId}/kpis",
            "/api/v1/halls/{hallId}/close-day", "/api/v1/appointments", "/api/v1/service-types/{code}",
        })
        {
            Assert.Contains(route, paths);
        }
    }
}
