using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HallPlatform.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class GatewayBehaviourTests(GatewayFixture fixture)
{
    private const string ProblemJson = "application/problem+json";

    private readonly HttpClient client = fixture.Factory.CreateClient();

    /// <summary>For routes that are not anonymous: an administrator of every hall gets past authorization everywhere.</summary>
    private readonly HttpClient administrator = AdministratorClient(fixture);

    [Fact]
    public async Task A_rest_request_is_forwarded_with_method_path_query_and_body()
    {
        var marker = Guid.NewGuid().ToString("N");
        var json = $$"""{"serviceTypeCode":"MOBILE","marker":"{{marker}}"}""";

        using var response = await client.PostAsync(
            $"/api/v1/visits?marker={marker}", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("reception", response.Headers.GetValues("x-backend").Single());
        var received = fixture.Reception.ReceivedOnce($"/api/v1/visits?marker={marker}");
        Assert.Equal("POST", received.Method);
        Assert.Equal(json, Encoding.UTF8.GetString(received.Body));
        Assert.StartsWith("application/json", received.Headers["Content-Type"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_parameters_reach_the_right_service()
    {
        var orderId = "ord_" + Guid.NewGuid().ToString("N");

        using var response = await administrator.PostAsync($"/api/v1/orders/{orderId}/complete", content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST", fixture.Business.ReceivedOnce($"/api/v1/orders/{orderId}/complete").Method);
        Assert.DoesNotContain(fixture.Reception.Received, r => r.PathAndQuery.Contains(orderId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Identity_and_connection_listed_headers_from_the_client_are_stripped()
    {
        var visitId = "vis_" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/visits/{visitId}");
        request.Headers.Add("X-Hall-User", "usr_admin");
        request.Headers.Add("X-Hall-Roles", "admin");
        request.Headers.Add("X-Hall-Partner", "callcentre");
        request.Headers.Add("x-hall-anything-else", "forged");
        request.Headers.Add("X-Client-Note", "kept");
        request.Headers.Add("X-Custom-Hop", "hop-only");
        request.Headers.Connection.Add("X-Custom-Hop");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic Zm9yZ2VkOg==");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var headers = fixture.Reception.ReceivedOnce($"/api/v1/visits/{visitId}").Headers;
        // Only the gateway's own signed caller remains of the X-Hall-* family.
        Assert.Equal(
            ["X-Hall-Caller", "X-Hall-Caller-Signature"],
            headers.Keys.Where(name => name.StartsWith("X-Hall-", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.OrdinalIgnoreCase));
        Assert.False(headers.ContainsKey("X-Custom-Hop"));
        Assert.False(headers.ContainsKey("Keep-Alive"));
        Assert.False(headers.ContainsKey("Proxy-Authorization"));
        Assert.False(headers.ContainsKey("Connection"));
        Assert.Equal("kept", headers["X-Client-Note"]);
    }

    [Theory]
    [InlineData("GET", "/api/v1/unknown")]
    [InlineData("GET", "/api/v1/visits/vis_1/extra")]
    [InlineData("GET", "/api/v2/visits/vis_1")]
    [InlineData("GET", "/")]
    [InlineData("POST", "/hall.business.v1.OrderService/OpenOrder")]
    [InlineData("POST", "/hall.fault.v1.TroubleTicketService/OpenTicketForVisit")]
    [InlineData("POST", "/hall.complaint.v1.ComplaintService/OpenComplaintForVisit")]
    public async Task An_unrouted_path_is_a_404_problem_with_a_trace_id(string method, string path)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain(fixture.Reception.Received, r => r.PathAndQuery == path);
        Assert.DoesNotContain(fixture.Business.Received, r => r.PathAndQuery == path);
    }

    [Fact]
    public async Task A_method_the_route_does_not_allow_is_a_405_problem()
    {
        using var response = await client.DeleteAsync("/api/v1/visits/vis_1");

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_service_that_is_down_is_a_502_problem()
    {
        using var response = await administrator.PostAsJsonAsync("/api/v1/trouble-tickets", new { description = "no signal" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Contains("fault", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_that_does_not_answer_in_time_is_a_504_problem()
    {
        using var response = await administrator.PostAsync("/api/v1/orders/slow/start", content: null);

        var problem = await AssertProblemAsync(response, HttpStatusCode.GatewayTimeout);
        Assert.Contains("business", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_problem_body_from_the_service_passes_through_untouched()
    {
        using var response = await client.GetAsync("/api/v1/visits/missing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(TestBackend.ProblemBody, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_empty_error_response_from_the_service_gets_no_gateway_body()
    {
        using var response = await administrator.PostAsync("/api/v1/orders/empty-conflict/cancel", content: null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Single(fixture.Business.Received, r => r.PathAndQuery == "/api/v1/orders/empty-conflict/cancel");
    }

    [Fact]
    public async Task A_grpc_call_is_passed_through_over_http2_to_the_grpc_endpoint()
    {
        byte[] frame = [0, 0, 0, 0, 2, 0x0a, 0x00];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hall.reception.v1.ReceptionService/GetVisit")
        {
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.Add("X-Hall-Partner", "forged");
        var marker = Guid.NewGuid().ToString("N");
        request.Headers.Add("X-Test-Marker", marker);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0", response.Headers.GetValues("grpc-status").Single());
        var received = Assert.Single(fixture.Reception.Received, r => r.Headers.TryGetValue("X-Test-Marker", out var m) && m == marker);
        Assert.Equal("/hall.reception.v1.ReceptionService/GetVisit", received.PathAndQuery);
        Assert.Equal("HTTP/2", received.Protocol);
        Assert.Equal(frame, received.Body);
        Assert.False(received.Headers.ContainsKey("X-Hall-Partner"));
    }

    [Fact]
    public async Task A_grpc_call_to_a_service_that_is_down_gets_grpc_status_unavailable()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hall.fault.v1.TroubleTicketService/ReportFault")
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.WithApiKey(GatewayCredentials.DevCallCentreKey);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("14", response.Headers.GetValues("grpc-status").Single());
        Assert.Contains("fault service", Uri.UnescapeDataString(response.Headers.GetValues("grpc-message").Single()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_aggregates_routed_paths_of_the_services_that_are_up()
    {
        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("http://localhost", document["servers"]![0]!["url"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject();
        Assert.Equal(["/api/v1/orders/{id}", "/api/v1/visits", "/api/v1/visits/{visitId}"], paths.Select(p => p.Key));
        Assert.Equal(["post"], paths["/api/v1/visits"]!.AsObject().Select(o => o.Key));
        var schemas = document["components"]!["schemas"]!.AsObject();
        Assert.Equal(["Visit", "business.Money", "reception.Money"], schemas.Select(s => s.Key));
        Assert.Equal("#/components/schemas/reception.Money", schemas["Visit"]!["properties"]!["fee"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_openapi_document_fetches_each_service_document_once_within_the_cache_duration()
    {
        using var first = await client.GetAsync("/openapi/v1.json");
        using var second = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Single(fixture.Reception.Received, r => r.PathAndQuery == "/openapi/v1.json");
        Assert.Single(fixture.Business.Received, r => r.PathAndQuery == "/openapi/v1.json");
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        using var health = await client.GetAsync("/health");
        using var alive = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Scalar_is_served_in_development()
    {
        using var response = await client.GetAsync("/scalar");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    private static HttpClient AdministratorClient(GatewayFixture fixture)
    {
        var http = fixture.Factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", GatewayCredentials.StaffToken("usr_admin", [HallPlatform.Identity.HallRoles.Administrator], ["*"]));
        return http;
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var problem = json.RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()));
        return problem;
    }
}
