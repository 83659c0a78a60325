using HallPlatform.Gateway.Proxy;
using Yarp.ReverseProxy.Forwarder;

namespace HallPlatform.Gateway.Tests;

public sealed class ForwardingFailureTests
{
    [Theory]
    [InlineData(ForwarderError.NoAvailableDestinations, 503, 14)]
    [InlineData(ForwarderError.RequestTimedOut, 504, 4)]
    [InlineData(ForwarderError.Request, 502, 14)]
    [InlineData(ForwarderError.ResponseHeaders, 502, 14)]
    [InlineData(ForwarderError.RequestCreation, 502, 14)]
    [InlineData(ForwarderError.RequestBodyClient, 400, 3)]
    public void Each_forwarding_error_has_an_http_and_a_grpc_status(ForwarderError error, int httpStatus, int grpcStatus)
    {
        var failure = ForwardingFailure.Describe(error, "fault");

        Assert.Equal(httpStatus, failure.HttpStatus);
        Assert.Equal(grpcStatus, failure.GrpcStatus);
        Assert.False(string.IsNullOrWhiteSpace(failure.Title));
        Assert.StartsWith("https://", failure.Type, StringComparison.Ordinal);
    }
}
