using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using HallPlatform.Identity;
using HallPlatform.Testing;
using Xunit;

namespace HallPlatform.Quality.Tests;

/// <summary>What every service's gRPC endpoint serves besides its contract (HallPlatform.Application's GrpcHosting).</summary>
[Collection(ServersCollection.Name)]
public sealed class GrpcSupportTests(RealServersFixture servers) : IAsyncLifetime
{
    private readonly QualityApp _app = new(servers) { SignsUnsignedRequests = false };

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task Health_answers_serving_to_an_unsigned_probe()
    {
        using var channel = _app.CreateGrpcChannel();

        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Reflection_lists_the_services_methods_to_a_signed_caller()
    {
        using var channel = _app.CreateGrpcChannelAs(TestCallers.Staff("admin-1", HallRoles.Administrator, "hall-001"));
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext());
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "hall.quality.v1.QualityService" });
        Assert.True(await call.ResponseStream.MoveNext());
        var file = Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto[0]);
        await call.RequestStream.CompleteAsync();

        Assert.Contains("hall.quality.v1.QualityService", services);
        Assert.Contains("grpc.health.v1.Health", services);
        var methods = file.Service.Single(s => s.Name == "QualityService").Method.Select(m => m.Name);
        Assert.Contains("RecordSurveyResponse", methods);
        Assert.Contains("GetSatisfactionSummary", methods);
    }

    [Fact]
    public async Task Reflection_is_refused_to_an_unsigned_caller()
    {
        using var channel = _app.CreateGrpcChannel();
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
            await call.ResponseStream.MoveNext();
        });

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Theory]
    // A field tag and then a varint that never ends: not a protobuf message at all.
    [InlineData(new byte[] { 0x20, 0xFF, 0xFF, 0xFF })]
    // case_type (field 1, length-delimited) holding two bytes that are not UTF-8.
    [InlineData(new byte[] { 0x0A, 0x02, 0xC3, 0x28 })]
    public async Task An_unreadable_request_message_is_InvalidArgument_not_Unknown(byte[] message)
    {
        await using var app = new QualityApp(servers);
        using var client = app.CreateClient();
        byte[] frame = [0, 0, 0, 0, (byte)message.Length, .. message];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hall.quality.v1.QualityService/RecordSurveyResponse")
        {
            Version = new Version(2, 0),
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");

        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer : response.Headers.GetValues("grpc-status");
        Assert.Equal(((int)StatusCode.InvalidArgument).ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(status));
        var detail = response.TrailingHeaders.TryGetValues("grpc-message", out var text) ? text : response.Headers.GetValues("grpc-message");
        Assert.StartsWith("The request message could not be read", Uri.UnescapeDataString(Assert.Single(detail)), StringComparison.Ordinal);
    }
}
