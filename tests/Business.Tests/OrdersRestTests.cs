using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HallPlatform.Testing;

namespace HallPlatform.Business.Tests;

[Collection(RealServersCollection.Name)]
public sealed class OrdersRestTests(RealServersFixture servers) : BusinessServiceTestBase(servers)
{
    [Fact]
    public async Task Get_returns_the_order_with_its_history()
    {
        var opened = await OpenOrderAsync();

        var response = await Http.GetAsync($"/api/v1/orders/{opened.OrderId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var order = await ReadJsonAsync(response);
        Assert.Equal(opened.OrderId, order.GetProperty("orderId").GetString());
        Assert.Equal(opened.VisitId, order.GetProperty("visitId").GetString());
        Assert.Equal("acknowledged", order.GetProperty("state").GetString());
        Assert.Equal(0, order.GetProperty("stateChangeHistory").GetArrayLength());
    }

    [Fact]
    public async Task Get_of_an_unknown_order_is_404_problem()
    {
        var problem = await AssertProblemAsync(await Http.GetAsync("/api/v1/orders/ord_nothing"), 404);

        Assert.Contains("ord_nothing", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_then_complete_walks_the_lifecycle_and_records_each_step()
    {
        var opened = await OpenOrderAsync();

        var started = await Http.ReadyZeroTotalAsync(opened.OrderId);
        Assert.Equal("inProgress", started.GetProperty("state").GetString());

        var completed = await Http.PostAsync($"/api/v1/orders/{opened.OrderId}/complete", null);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var order = await ReadJsonAsync(completed);
        Assert.Equal("completed", order.GetProperty("state").GetString());
        var history = order.GetProperty("stateChangeHistory");
        Assert.Equal(2, history.GetArrayLength());
        Assert.Equal("acknowledged", history[0].GetProperty("from").GetString());
        Assert.Equal("inProgress", history[0].GetProperty("to").GetString());
        Assert.Equal("inProgress", history[1].GetProperty("from").GetString());
        Assert.Equal("completed", history[1].GetProperty("to").GetString());
        Assert.Equal(TestCallers.Administrator.Id, history[1].GetProperty("changedBy").GetString());

        // The history survives the round trip through the database, not only the tracked entity.
        var reread = await Grpc.GetOrderAsync(new() { OrderId = opened.OrderId });
        Assert.Equal("completed", reread.State);
        var restHistory = (await ReadJsonAsync(await Http.GetAsync($"/api/v1/orders/{opened.OrderId}"))).GetProperty("stateChangeHistory");
        Assert.Equal(2, restHistory.GetArrayLength());
    }

    [Fact]
    public async Task Complete_before_start_is_409_naming_current_and_target_state()
    {
        var opened = await OpenOrderAsync();

        var problem = await AssertProblemAsync(await Http.PostAsync($"/api/v1/orders/{opened.OrderId}/complete", null), 409);

        Assert.Equal("acknowledged", problem.GetProperty("currentState").GetString());
        Assert.Equal("completed", problem.GetProperty("targetState").GetString());
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("acknowledged", detail, StringComparison.Ordinal);
        Assert.Contains("completed", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_twice_is_409_the_second_time()
    {
        var opened = await OpenOrderAsync();
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync($"/api/v1/orders/{opened.OrderId}/start", null)).StatusCode);

        var problem = await AssertProblemAsync(await Http.PostAsync($"/api/v1/orders/{opened.OrderId}/start", null), 409);

        Assert.Equal("inProgress", problem.GetProperty("currentState").GetString());
    }

    [Fact]
    public async Task Cancel_of_an_acknowledged_order_cancels_it_with_the_reason()
    {
        var opened = await OpenOrderAsync();

        var response = await Http.PostAsJsonAsync($"/api/v1/orders/{opened.OrderId}/cancel", new { reason = "customer left" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var order = await ReadJsonAsync(response);
        Assert.Equal("cancelled", order.GetProperty("state").GetString());
        Assert.Equal("customer left", order.GetProperty("stateChangeReason").GetString());
    }

    [Fact]
    public async Task Cancel_of_an_order_in_progress_is_409()
    {
        var opened = await OpenOrderAsync();
        await Http.PostAsync($"/api/v1/orders/{opened.OrderId}/start", null);

        var problem = await AssertProblemAsync(
            await Http.PostAsJsonAsync($"/api/v1/orders/{opened.OrderId}/cancel", new { reason = "changed mind" }), 409);

        Assert.Equal("inProgress", problem.GetProperty("currentState").GetString());
        Assert.Equal("cancelled", problem.GetProperty("targetState").GetString());
    }

    [Fact]
    public async Task Cancel_without_a_reason_is_400_with_the_field()
    {
        var opened = await OpenOrderAsync();

        var problem = await AssertProblemAsync(
            await Http.PostAsJsonAsync($"/api/v1/orders/{opened.OrderId}/cancel", new { reason = " " }), 400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task Cancel_with_malformed_json_is_400_problem()
    {
        var opened = await OpenOrderAsync();
        using var body = new StringContent("{\"reason\": ", Encoding.UTF8, "application/json");

        var problem = await AssertProblemAsync(await Http.PostAsync($"/api/v1/orders/{opened.OrderId}/cancel", body), 400);

        Assert.Equal(JsonValueKind.Object, problem.GetProperty("errors").ValueKind);
    }

    [Fact]
    public async Task Cancel_with_a_wrongly_typed_reason_is_400_naming_the_field()
    {
        var opened = await OpenOrderAsync();
        using var body = new StringContent("{\"reason\": 42}", Encoding.UTF8, "application/json");

        var problem = await AssertProblemAsync(await Http.PostAsync($"/api/v1/orders/{opened.OrderId}/cancel", body), 400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("$.reason", out _));
    }

    [Fact]
    public async Task Transitions_of_an_unknown_order_are_404()
    {
        await AssertProblemAsync(await Http.PostAsync("/api/v1/orders/ord_nothing/start", null), 404);
        await AssertProblemAsync(await Http.PostAsync("/api/v1/orders/ord_nothing/complete", null), 404);
        await AssertProblemAsync(await Http.PostAsJsonAsync("/api/v1/orders/ord_nothing/cancel", new { reason = "x" }), 404);
    }

    [Fact]
    public async Task Concurrent_starts_of_one_order_let_exactly_one_win()
    {
        var opened = await OpenOrderAsync();
        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 10).Select(async _ =>
        {
            await start.WaitAsync();
            return await Http.PostAsync($"/api/v1/orders/{opened.OrderId}/start", null);
        }).ToArray();
        start.Release(calls.Length);

        var responses = await Task.WhenAll(calls);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var order = await ReadJsonAsync(await Http.GetAsync($"/api/v1/orders/{opened.OrderId}"));
        Assert.Equal(1, order.GetProperty("stateChangeHistory").GetArrayLength());
    }

    [Fact]
    public async Task List_filters_by_state_and_pages()
    {
        var orders = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            orders.Add((await OpenOrderAsync()).OrderId);
        }
        await Http.PostAsync($"/api/v1/orders/{orders[0]}/start", null);

        var inProgress = await ReadJsonAsync(await Http.GetAsync("/api/v1/orders?state=inProgress"));
        Assert.Equal(1, inProgress.GetProperty("total").GetInt32());
        Assert.Equal(orders[0], inProgress.GetProperty("items")[0].GetProperty("orderId").GetString());

        var firstPage = await ReadJsonAsync(await Http.GetAsync("/api/v1/orders?page=1&pageSize=2"));
        Assert.Equal(3, firstPage.GetProperty("total").GetInt32());
        Assert.Equal(1, firstPage.GetProperty("page").GetInt32());
        Assert.Equal(2, firstPage.GetProperty("pageSize").GetInt32());
        Assert.Equal(2, firstPage.GetProperty("items").GetArrayLength());
        var secondPage = await ReadJsonAsync(await Http.GetAsync("/api/v1/orders?page=2&pageSize=2"));
        Assert.Equal(1, secondPage.GetProperty("items").GetArrayLength());

        var all = await ReadJsonAsync(await Http.GetAsync("/api/v1/orders"));
        Assert.Equal(20, all.GetProperty("pageSize").GetInt32());
        var seen = all.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()).ToHashSet();
        Assert.True(seen.SetEquals(orders));
    }

    [Theory]
    [InlineData("state=done", "state")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    public async Task List_with_bad_query_is_400_naming_the_field(string query, string field)
    {
        var problem = await AssertProblemAsync(await Http.GetAsync($"/api/v1/orders?{query}"), 400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api_and_health_is_green()
    {
        var document = await Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var paths = (await ReadJsonAsync(document)).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/orders/{orderId}/cancel", out _));

        var health = await Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
