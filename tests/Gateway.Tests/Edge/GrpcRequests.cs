using System.Net.Http.Headers;

namespace HallPlatform.Gateway.Tests.Edge;

/// <summary>Raw gRPC requests (one empty length-prefixed message) through the gateway's routes.</summary>
internal static class GrpcRequests
{
    public const string CheckInPath = "/hall.reception.v1.ReceptionService/CheckIn";

    public static HttpRequestMessage CheckIn(byte[]? frame = null, string? idempotencyKey = null, string? marker = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, CheckInPath)
        {
            Content = new ByteArrayContent(frame ?? [0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        if (marker is not null)
        {
            request.Headers.Add("x-test-marker", marker);
        }
        return request;
    }
}
