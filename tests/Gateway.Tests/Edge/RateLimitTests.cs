using System.Globalization;
using System.Net;
using HallPlatform.Testing;

namespace HallPlatform.Gateway.Tests.Edge;

[Collection(EdgeCollection.Name)]
public sealed class RateLimitTests(EdgeFixture edge)
{
    [Fact]
    public async Task A_client_over_its_limit_gets_a_429_problem_with_retry_after_while_another_client_is_unaffected()
    {
        using var flooding = edge.NewClient();
        using var other = edge.NewClient();
        var marker = Guid.NewGuid().ToString("N");
        var path = $"/api/v1/service-types?marker={marker}";

        for (var i = 0; i < EdgeFixture.AnonymousLimit; i++)
        {
            using var allowed = await flooding.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var refused = await flooding.GetAsync(path);
        using var unaffected = await other.GetAsync(path);

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 600);
        Assert.Contains(retryAfter.ToString(CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, unaffected.StatusCode);
        // The refused request never reached the service.
        Assert.Equal(EdgeFixture.AnonymousLimit + 1, edge.Backend.CountWithMarker(marker));
    }

    [Fact]
    public async Task A_route_override_is_stricter_than_the_callers_general_limit()
    {
        using var client = edge.NewClient();

        for (var i = 0; i < EdgeFixture.WaitTimesLimit; i++)
        {
            using var allowed = await client.GetAsync("/api/v1/halls/hall_1/wait-times");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var refused = await client.GetAsync("/api/v1/halls/hall_1/wait-times");
        using var otherRoute = await client.GetAsync("/api/v1/service-types");

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, otherRoute.StatusCode);
    }

    [Fact]
    public async Task A_staff_user_is_limited_per_user_not_per_address()
    {
        var address = EdgeFixture.NewAddress();
        using var client = edge.Factory.CreateClient();
        var busyUser = "usr_busy_" + Guid.NewGuid().ToString("N");
        var otherUser = "usr_other_" + Guid.NewGuid().ToString("N");

        for (var i = 0; i < EdgeFixture.StaffLimit; i++)
        {
            using var allowed = await client.SendAsync(ServiceTypes(address, busyUser));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var refused = await client.SendAsync(ServiceTypes(address, busyUser));
        using var colleague = await client.SendAsync(ServiceTypes(address, otherUser));
        using var anonymousNeighbour = await client.SendAsync(ServiceTypes(address, staffSub: null));

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("staff caller", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, colleague.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anonymousNeighbour.StatusCode);
    }

    [Fact]
    public async Task A_partner_is_limited_per_key_whatever_address_it_calls_from()
    {
        using var client = edge.Factory.CreateClient();

        for (var i = 0; i < EdgeFixture.PartnerLimit; i++)
        {
            using var allowed = await client.SendAsync(ServiceTypes(EdgeFixture.NewAddress(), partnerKey: GatewayCredentials.ReportOnlyKey));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var refused = await client.SendAsync(ServiceTypes(EdgeFixture.NewAddress(), partnerKey: GatewayCredentials.ReportOnlyKey));

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("partner caller", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_probes_are_never_rate_limited()
    {
        using var client = edge.NewClient();

        for (var i = 0; i < EdgeFixture.AnonymousLimit + 5; i++)
        {
            using var alive = await client.GetAsync("/alive");
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }
    }

    [Fact]
    public async Task A_grpc_caller_over_its_limit_gets_resource_exhausted()
    {
        using var client = edge.NewClient();
        HttpResponseMessage? last = null;
        for (var i = 0; i <= EdgeFixture.AnonymousLimit; i++)
        {
            last?.Dispose();
            last = await client.SendAsync(GrpcRequests.CheckIn());
        }

        using var refused = last!;
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("8", Assert.Single(refused.Headers.GetValues("grpc-status")));
        Assert.True(refused.Headers.Contains("Retry-After"));
    }

    private static HttpRequestMessage ServiceTypes(string address, string? staffSub = null, string? partnerKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/service-types");
        request.Headers.Add(EdgeFixture.ClientAddressHeader, address);
        if (staffSub is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Bearer", GatewayCredentials.StaffToken(staffSub, ["receptionist"], ["hall_1"]));
        }
        if (partnerKey is not null)
        {
            request.Headers.Add("X-Api-Key", partnerKey);
        }
        return request;
    }
}
