using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using HallPlatform.Identity;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HallPlatform.Gateway.Tests;

/// <summary>Bearer tokens, API keys, and the verified caller the gateway hands to the services.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AuthenticationTests(GatewayFixture fixture)
{
    private const string CounterRoute = "/api/v1/orders";

    private readonly HttpClient _client = fixture.Factory.CreateClient();

    public static TheoryData<string, string> BadTokens() => new()
    {
        { "expired", GatewayCredentials.StaffToken("usr_1", [HallRoles.Administrator], ["*"], expires: DateTimeOffset.UtcNow.AddMinutes(-5)) },
        { "wrong issuer", GatewayCredentials.StaffToken("usr_1", [HallRoles.Administrator], ["*"], issuer: "someone-else") },
        { "wrong audience", GatewayCredentials.StaffToken("usr_1", [HallRoles.Administrator], ["*"], audience: "another-api") },
        { "wrong key", GatewayCredentials.StaffToken("usr_1", [HallRoles.Administrator], ["*"], signingKey: "an-attackers-own-key-that-is-long-enough-000") },
        { "not a token", "not-a-jwt" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_bearer_token_is_a_401_problem_with_a_bearer_challenge(string why, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, CounterRoute);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await _client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.True(response.Headers.WwwAuthenticate.Any(c => c.Scheme == "Bearer"), why);
        Assert.DoesNotContain(fixture.Business.Received, r => r.PathAndQuery == CounterRoute && r.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task No_credential_on_a_staff_route_is_a_401_problem_with_a_challenge()
    {
        using var response = await _client.GetAsync(CounterRoute);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task An_unknown_api_key_is_a_401_problem_with_an_api_key_challenge()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/trouble-tickets");
        request.WithApiKey("hpk_not_a_key_anyone_was_given_0000000000000");

        using var response = await _client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, c => c.Scheme == "ApiKey");
    }

    [Fact]
    public async Task A_partner_without_the_scope_is_a_403_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/trouble-tickets");
        request.WithApiKey(GatewayCredentials.ReportOnlyKey);

        using var response = await _client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_token_and_a_key_together_are_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/trouble-tickets");
        request.WithApiKey(GatewayCredentials.DevCallCentreKey);
        request.AsStaff(HallRoles.Technician, "hall-1");

        using var response = await _client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_grpc_call_without_the_needed_credential_gets_unauthenticated_or_permission_denied()
    {
        using var anonymous = GrpcRequest("/hall.business.v1.OrderService/GetOrder");
        using var wrongRole = GrpcRequest("/hall.business.v1.OrderService/GetOrder");
        wrongRole.AsStaff(HallRoles.Technician, "hall-1");

        using var unauthenticated = await _client.SendAsync(anonymous);
        using var denied = await _client.SendAsync(wrongRole);

        Assert.Equal("16", unauthenticated.Headers.GetValues("grpc-status").Single());
        Assert.Equal("7", denied.Headers.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task A_staff_caller_reaches_the_service_as_a_signed_caller_without_the_token()
    {
        var orderId = "ord_" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{orderId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            GatewayCredentials.StaffToken("usr_agent7", [HallRoles.CounterAgent, HallRoles.Receptionist], ["hall-1", "hall-3"]));

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = fixture.Business.ReceivedOnce($"/api/v1/orders/{orderId}");
        Assert.False(received.Headers.ContainsKey("Authorization"));
        var caller = VerifyForwardedCaller(received);
        Assert.Equal(CallerKind.Staff, caller.Kind);
        Assert.Equal("usr_agent7", caller.Id);
        Assert.Equal([HallRoles.CounterAgent, HallRoles.Receptionist], caller.Roles.Order(StringComparer.Ordinal));
        Assert.Equal(["hall-1", "hall-3"], caller.Halls.Order(StringComparer.Ordinal));
        Assert.Empty(caller.Scopes);
    }

    [Fact]
    public async Task A_partner_reaches_the_service_as_a_signed_partner_without_the_key()
    {
        using var request = GrpcRequest("/hall.reception.v1.ReceptionService/GetVisit");
        request.WithApiKey(GatewayCredentials.DevCallCentreKey);
        var marker = Guid.NewGuid().ToString("N");
        request.Headers.Add("X-Test-Marker", marker);

        using var response = await _client.SendAsync(request);

        Assert.Equal("0", response.Headers.GetValues("grpc-status").Single());
        var received = Assert.Single(fixture.Reception.Received, r => r.Headers.TryGetValue("X-Test-Marker", out var m) && m == marker);
        Assert.False(received.Headers.ContainsKey("X-Api-Key"));
        var caller = VerifyForwardedCaller(received);
        Assert.Equal(CallerKind.Partner, caller.Kind);
        Assert.Equal("callcentre-dev", caller.Id);
        // Every business scope; the dev keys are not given gRPC reflection (tooling, granted key by key).
        Assert.Equal(PartnerScopes.All.Where(s => s != PartnerScopes.GrpcReflection).Order(StringComparer.Ordinal), caller.Scopes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_forged_caller_from_the_client_is_replaced_by_the_gateways_anonymous_caller()
    {
        var visitId = "vis_" + Guid.NewGuid().ToString("N");
        // Even a correctly signed header (a leaked one) is not accepted from a client: the gateway strips it.
        var (forged, forgedSignature) = HallCallerSignature.Sign(TestCallers.Administrator, TestCallers.SigningKey, DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/visits/{visitId}");
        request.Headers.Add(HallCallerSignature.CallerHeader, forged);
        request.Headers.Add(HallCallerSignature.SignatureHeader, forgedSignature);

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = fixture.Reception.ReceivedOnce($"/api/v1/visits/{visitId}");
        Assert.NotEqual(forged, received.Headers[HallCallerSignature.CallerHeader]);
        var caller = VerifyForwardedCaller(received);
        Assert.Equal(CallerKind.Anonymous, caller.Kind);
        Assert.Empty(caller.Roles);
    }

    [Fact]
    public async Task The_dev_token_endpoint_issues_a_token_the_gateway_accepts()
    {
        using var issued = await _client.PostAsJsonAsync("/dev/tokens", new
        {
            sub = "usr_dev",
            roles = new[] { HallRoles.CounterAgent },
            halls = new[] { "hall-1" },
        });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var body = await issued.ReadJsonAsync();
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        using var request = new HttpRequestMessage(HttpMethod.Get, CounterRoute);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_dev_token_endpoint_refuses_unknown_roles_and_missing_fields()
    {
        using var response = await _client.PostAsJsonAsync("/dev/tokens", new { roles = new[] { "root" } });

        await ProblemAssert.IsValidationProblemAsync(response, "sub", "roles", "halls");
    }

    [Fact]
    public async Task Outside_development_there_is_no_dev_token_endpoint_and_the_api_description_needs_staff()
    {
        await using var production = fixture.Factory.WithWebHostBuilder(web => web.UseEnvironment("Production"));
        using var client = production.CreateClient();

        using var tokens = await client.PostAsJsonAsync("/dev/tokens", new { sub = "x", roles = new[] { HallRoles.Administrator }, halls = new[] { "*" } });
        using var openApi = await client.GetAsync("/openapi/v1.json");

        await ProblemAssert.IsProblemAsync(tokens, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(openApi, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Without_a_token_key_or_authority_the_gateway_refuses_to_start()
    {
        await using var unkeyed = fixture.Factory.WithWebHostBuilder(web => web.UseSetting("Gateway:Auth:Jwt:SigningKey", ""));

        var failure = Assert.ThrowsAny<Exception>(() => unkeyed.Server);

        Assert.Contains("Gateway:Auth:Jwt", failure.ToString(), StringComparison.Ordinal);
    }

    private static HallCaller VerifyForwardedCaller(ReceivedRequest received)
    {
        var caller = HallCallerSignature.Verify(
            received.Headers.GetValueOrDefault(HallCallerSignature.CallerHeader),
            received.Headers.GetValueOrDefault(HallCallerSignature.SignatureHeader),
            Encoding.UTF8.GetBytes(TestCallers.SigningKey), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), out var failure);
        Assert.True(caller is not null, failure);
        return caller;
    }

    private static HttpRequestMessage GrpcRequest(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent([0, 0, 0, 0, 0]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        return request;
    }
}
