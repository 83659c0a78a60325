using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Grpc.Net.Client;
using HallPlatform.Contracts.Fault.V1;
using HallPlatform.Identity;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HallPlatform.Fault.Tests;

/// <summary>
/// A service trusts only callers signed with the shared key: the gateway's, or another service's. Nothing is
/// signed automatically here, so the service sees exactly what the client sends.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class CallerVerificationTests(RealServersFixture servers) : IAsyncLifetime
{
    private readonly FaultApp _app = new(servers) { SignsUnsignedRequests = false };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Rest_without_a_signed_caller_is_a_401_problem_with_a_challenge()
    {
        using var client = _app.CreateClient();

        using var response = await client.GetAsync("/api/v1/trouble-tickets");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Theory]
    [InlineData("forged-signature")]
    [InlineData("")]
    public async Task A_caller_with_a_wrong_signature_is_refused(string signature)
    {
        using var client = _app.CreateClient();
        var (caller, _) = HallCallerSignature.Sign(TestCallers.Administrator, TestCallers.SigningKey, DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/trouble-tickets");
        request.Headers.Add(HallCallerSignature.CallerHeader, caller);
        request.Headers.Add(HallCallerSignature.SignatureHeader, signature);

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_caller_signed_with_another_key_is_refused()
    {
        using var client = _app.CreateClient();
        var (caller, signature) = HallCallerSignature.Sign(
            TestCallers.Administrator, "another-key-that-is-long-enough-0123456789", DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/trouble-tickets");
        request.Headers.Add(HallCallerSignature.CallerHeader, caller);
        request.Headers.Add(HallCallerSignature.SignatureHeader, signature);

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_tampered_caller_is_refused()
    {
        using var client = _app.CreateClient();
        var (_, signature) = HallCallerSignature.Sign(TestCallers.Partner("callcentre", PartnerScopes.ReportFaults), TestCallers.SigningKey, DateTimeOffset.UtcNow);
        var (adminCaller, _) = HallCallerSignature.Sign(TestCallers.Administrator, TestCallers.SigningKey, DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/trouble-tickets");
        request.Headers.Add(HallCallerSignature.CallerHeader, adminCaller);
        request.Headers.Add(HallCallerSignature.SignatureHeader, signature);

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_expired_signed_caller_is_refused()
    {
        using var client = _app.CreateClient();
        var window = _app.Services.GetRequiredService<IOptions<HallIdentityOptions>>().Value.ValidityWindow;
        var (caller, signature) = HallCallerSignature.Sign(
            TestCallers.Administrator, TestCallers.SigningKey, DateTimeOffset.UtcNow - window - TimeSpan.FromSeconds(5));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/trouble-tickets");
        request.Headers.Add(HallCallerSignature.CallerHeader, caller);
        request.Headers.Add(HallCallerSignature.SignatureHeader, signature);

        using var response = await client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_validly_signed_caller_is_served()
    {
        using var client = _app.CreateClientAs(TestCallers.Staff("usr_tech", HallRoles.Technician, "hall_1"));

        using var response = await client.GetAsync("/api/v1/trouble-tickets");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Grpc_without_a_signed_caller_is_unauthenticated_and_with_one_is_served()
    {
        using var unsignedChannel = _app.CreateGrpcChannel();
        using var signedChannel = _app.CreateGrpcChannelAs(TestCallers.Partner("callcentre", PartnerScopes.ReportFaults));
        var request = new ReportFaultRequest
        {
            Channel = "phone",
            ExternalId = "ext-" + Guid.NewGuid().ToString("N"),
            Name = "No signal",
            Description = "No mobile signal at home",
            Severity = "major",
            TicketType = "mobile",
        };

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            new TroubleTicketService.TroubleTicketServiceClient(unsignedChannel).ReportFaultAsync(request).ResponseAsync);
        var reply = await new TroubleTicketService.TroubleTicketServiceClient(signedChannel).ReportFaultAsync(request);

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal("acknowledged", reply.Status);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_probes_need_no_caller(string path)
    {
        using var client = _app.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_signing_key_the_service_refuses_to_start()
    {
        await using var app = new FaultApp(servers) { SignsUnsignedRequests = false };
        await using var unkeyed = app.WithWebHostBuilder(web => web.UseSetting(TestCallers.SigningKeySetting, ""));

        var failure = Assert.ThrowsAny<Exception>(() => unkeyed.Server);

        Assert.Contains("SigningKey", failure.ToString(), StringComparison.Ordinal);
    }
}
