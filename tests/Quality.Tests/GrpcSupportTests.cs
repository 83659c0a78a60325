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
public sealed class GrpcSupportTests(RealServersFixture servers) : IAsyncDisposable
{
    private readonly QualityApp _app = new(servers) { SignsUnsignedRequests = false };

    public ValueTask DisposeAsync() => _app.DisposeAsync();

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
}
