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
    public async Task A_client_holding_its_limit_of_board_streams_is_refused_another_while_other_clients_still_get_one()
    {
        const string stream = "/api/v1/halls/hall_1/board/stream";
        using var greedy = edge.NewClient();
        using var other = edge.NewClient();
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < EdgeFixture.OpenBoardStreamsLimit; i++)
            {
                open.Add(await greedy.GetAsync(stream, HttpCompletionOption.ResponseHeadersRead));
                Assert.Equal(HttpStatusCode.OK, open[^1].StatusCode);
            }

            using var refused = await greedy.GetAsync(stream, HttpCompletionOption.ResponseHeadersRead);
            using var neighbour = await other.GetAsync(stream, HttpCompletionOption.ResponseHeadersRead);
            // A short request from the same client is not a stream and is not held back by the cap.
            using var board = await greedy.GetAsync("/api/v1/service-types");

            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
            Assert.Equal("10", Assert.Single(refused.Headers.GetValues("Retry-After")));
            Assert.Contains($"already has {EdgeFixture.OpenBoardStreamsLimit} requests open", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, neighbour.StatusCode);
            Assert.Equal(HttpStatusCode.OK, board.StatusCode);
        }
        finally
        {
            open.ForEach(response => response.Dispose());
        }

        // Once a stream closes, its place is free again.
        await AssertEventuallyAsync(async () =>
        {
            using var again = await greedy.GetAsync(stream, HttpCompletionOption.ResponseHeadersRead);
            return again.StatusCode == HttpStatusCode.OK;
        });
    }

    private static async Task AssertEventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + EdgeBackend.StreamPause + TimeSpan.FromSeconds(5);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(200);
        }
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
