using System.Net;

namespace HallPlatform.Gateway.Tests.Edge;

[Collection(EdgeCollection.Name)]
public sealed class CorsTests(EdgeFixture edge)
{
    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered_and_cached()
    {
        using var client = edge.NewClient();

        using var response = await client.SendAsync(Preflight(EdgeFixture.AllowedOrigin, "POST", "content-type,idempotency-key,authorization"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(EdgeFixture.AllowedOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var allowedHeaders = string.Join(',', response.Headers.GetValues("Access-Control-Allow-Headers"));
        Assert.Contains("Idempotency-Key", allowedHeaders, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Authorization", allowedHeaders, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("POST", string.Join(',', response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.Equal("600", Assert.Single(response.Headers.GetValues("Access-Control-Max-Age")));
        Assert.DoesNotContain(edge.Backend.Received, r => r.Method == "OPTIONS");
    }

    [Fact]
    public async Task A_preflight_from_another_origin_is_refused()
    {
        using var client = edge.NewClient();

        using var response = await client.SendAsync(Preflight("https://evil.example", "POST", "content-type"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task A_preflight_asking_for_a_header_not_allowed_does_not_get_it_allowed()
    {
        using var client = edge.NewClient();

        using var response = await client.SendAsync(Preflight(EdgeFixture.AllowedOrigin, "POST", "x-hall-caller"));

        // The browser compares the list with what it asked for and refuses the request itself.
        var allowed = response.Headers.TryGetValues("Access-Control-Allow-Headers", out var values) ? string.Join(',', values) : "";
        Assert.DoesNotContain("x-hall-caller", allowed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_configured_origins_there_are_no_cors_headers()
    {
        using var client = edge.Gateway.Factory.CreateClient();

        using var response = await client.SendAsync(Preflight(EdgeFixture.AllowedOrigin, "POST", "content-type"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_cross_origin_response_exposes_the_edge_headers_to_the_browser()
    {
        using var client = edge.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/service-types");
        request.Headers.Add("Origin", EdgeFixture.AllowedOrigin);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(EdgeFixture.AllowedOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var exposed = string.Join(',', response.Headers.GetValues("Access-Control-Expose-Headers"));
        foreach (var header in new[] { "Idempotent-Replayed", "Retry-After", "Location" })
        {
            Assert.Contains(header, exposed, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static HttpRequestMessage Preflight(string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/visits");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }
}
