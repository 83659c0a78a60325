using System.Net;
using System.Text;
using HallPlatform.Testing;

namespace HallPlatform.Gateway.Tests.Edge;

[Collection(EdgeCollection.Name)]
public sealed class SizeAndTimeoutTests(EdgeFixture edge)
{
    private const int DefaultMaxBodyBytes = 64 * 1024;

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem_and_is_not_forwarded()
    {
        using var client = edge.NewClient();
        var marker = Guid.NewGuid().ToString("N");

        using var response = await client.PostAsync($"/api/v1/visits?marker={marker}",
            new StringContent(new string('x', DefaultMaxBodyBytes + 1), Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, edge.Backend.CountWithMarker(marker));
        // The body was read and dropped, so the same connection carries the client's next request.
        Assert.NotEqual(true, response.Headers.ConnectionClose);
        using var next = await client.PostAsync($"/api/v1/visits?marker={marker}",
            new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
    }

    [Fact]
    public async Task A_body_far_over_the_limit_is_refused_unread_and_the_connection_closed()
    {
        using var client = edge.NewClient();
        var marker = Guid.NewGuid().ToString("N");
        // Past the drain bound (1 MiB): not worth reading.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/visits?marker={marker}")
        {
            Content = new ByteArrayContent(new byte[2 * 1024 * 1024]) { Headers = { ContentType = new("application/json") } },
        };

        HttpResponseMessage? response = null;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            // A client still uploading may see the closed connection before the answer: that is the documented cost.
        }
        if (response is not null)
        {
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
            Assert.True(response.Headers.ConnectionClose);
            response.Dispose();
        }
        Assert.Equal(0, edge.Backend.CountWithMarker(marker));
    }

    [Fact]
    public async Task A_body_at_the_limit_is_forwarded()
    {
        using var client = edge.NewClient();
        var marker = Guid.NewGuid().ToString("N");

        using var response = await client.PostAsync($"/api/v1/visits?marker={marker}",
            new StringContent(new string('x', DefaultMaxBodyBytes), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, edge.Backend.CountWithMarker(marker));
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_with_an_idempotency_key_is_a_413_problem()
    {
        using var client = edge.NewClient();
        var marker = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/visits?marker={marker}")
        {
            // No length: the gateway only finds out while reading.
            Content = new StreamContent(new UnknownLengthStream(new byte[DefaultMaxBodyBytes + 1])),
        };
        request.Headers.Add("Idempotency-Key", "chunked-" + marker);

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, edge.Backend.CountWithMarker(marker));
    }

    [Fact]
    public async Task A_grpc_call_over_its_size_limit_is_resource_exhausted()
    {
        using var client = edge.NewClient();

        using var response = await client.SendAsync(GrpcRequests.CheckIn(new byte[EdgeFixture.MaxGrpcRequestBodyBytes + 1]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("8", Assert.Single(response.Headers.GetValues("grpc-status")));
    }

    [Fact]
    public async Task A_slow_service_is_cut_at_the_route_timeout_with_a_504_problem()
    {
        using var client = edge.NewClient();

        using var response = await client.GetAsync("/api/v1/halls/hall_1/board?behaviour=slow");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout);
        Assert.Equal("Gateway timeout", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_board_stream_is_not_cut_by_the_default_timeout()
    {
        // The service pauses longer than the default timeout between its two events.
        Assert.True(EdgeBackend.StreamPause > EdgeFixture.DefaultTimeout);
        using var client = edge.NewClient();

        using var response = await client.GetAsync("/api/v1/halls/hall_1/board/stream", HttpCompletionOption.ResponseHeadersRead);
        var events = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("data: first\n\ndata: second\n\n", events);
    }

    /// <summary>A readable stream that does not tell its length, so the request is sent without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
