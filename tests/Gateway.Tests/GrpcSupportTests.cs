using System.Net;
using System.Net.Http.Headers;
using Grpc.Health.V1;
using Grpc.Net.Client;
using HallPlatform.Gateway.Tests.Routes;

namespace HallPlatform.Gateway.Tests;

/// <summary>gRPC health and reflection on the partner port: the gateway answers health itself; reflection needs a policy.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GrpcSupportTests(GatewayFixture fixture)
{
    private const string ReflectionPath = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

    [Fact]
    public async Task The_gateway_answers_grpc_health_for_itself_as_its_health_endpoint_does()
    {
        using var http = fixture.Factory.CreateClient();
        using var health = await http.GetAsync("/health");
        using var channel = GrpcChannel.ForAddress(fixture.Factory.Server.BaseAddress,
            new GrpcChannelOptions { HttpHandler = fixture.Factory.Server.CreateHandler() });

        // Anonymous, like /health: load balancers and orchestrators probe it.
        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());

        var expected = health.StatusCode == HttpStatusCode.OK
            ? HealthCheckResponse.Types.ServingStatus.Serving
            : HealthCheckResponse.Types.ServingStatus.NotServing;
        Assert.Equal(expected, reply.Status);
    }

    [Theory]
    [InlineData(null, "16")]
    [InlineData(GatewayCredentials.ReportOnlyKey, "7")]
    public async Task Reflection_is_refused_to_callers_without_the_reflection_scope(string? apiKey, string grpcStatus)
    {
        using var client = fixture.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, ReflectionPath)
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.Add(GatewayRoute.ServiceHeaderName, "reception");
        if (apiKey is not null)
        {
            request.WithApiKey(apiKey);
        }

        var forwardedBefore = fixture.Reception.Received.Count(r => r.PathAndQuery == ReflectionPath);
        using var response = await client.SendAsync(request);

        Assert.Equal(grpcStatus, Assert.Single(response.Headers.GetValues("grpc-status")));
        Assert.Equal(forwardedBefore, fixture.Reception.Received.Count(r => r.PathAndQuery == ReflectionPath));
    }
}
