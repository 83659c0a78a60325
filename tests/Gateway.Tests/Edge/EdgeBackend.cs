using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Gateway.Tests.Edge;

/// <summary>
/// A real Kestrel server standing in for the services behind the edge tests (HTTP/1.1 for REST, HTTP/2 for gRPC).
/// It records every request and answers by the <c>behaviour</c> query parameter: none = 201 (POST; else 200) with a
/// Location and a
/// body carrying a fresh sequence number (so a re-executed request is visibly different from a replay),
/// <c>delay</c> = the same after 500 ms, <c>hold</c> = the same once the test
/// releases its marker, <c>fail-once</c> = 500 the first time per <c>marker</c>, <c>conflict</c> =
/// a 409 problem, <c>big</c> = 200 with <c>size</c> bytes, <c>slow</c> = never. A board stream path sends one event,
/// then a second one <see cref="StreamPause"/> later.
/// </summary>
public sealed class EdgeBackend : IAsyncDisposable
{
    public static readonly TimeSpan StreamPause = TimeSpan.FromSeconds(4);

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, bool> failedOnce = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> held = new();
    private ListenOptions? httpListener;
    private ListenOptions? grpcListener;
    private int sequence;

    private EdgeBackend()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => (httpListener = listen).Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, 0, listen => (grpcListener = listen).Protocols = HttpProtocols.Http2);
        });
        app = builder.Build();
        app.Run(HandleAsync);
    }

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public Uri HttpAddress => new($"http://127.0.0.1:{httpListener!.IPEndPoint!.Port}");

    public Uri GrpcAddress => new($"http://127.0.0.1:{grpcListener!.IPEndPoint!.Port}");

    public static async Task<EdgeBackend> StartAsync()
    {
        var backend = new EdgeBackend();
        await backend.app.StartAsync();
        return backend;
    }

    /// <summary>How many requests carrying this marker in their query string reached the backend.</summary>
    public int CountWithMarker(string marker) =>
        Received.Count(r => r.PathAndQuery.Contains("marker=" + marker, StringComparison.Ordinal));

    /// <summary>Lets a request with <c>behaviour=hold</c> and this marker answer.</summary>
    public void Release(string marker) => Gate(marker).TrySetResult();

    private TaskCompletionSource Gate(string marker) =>
        held.GetOrAdd(marker, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var request = context.Request;
        var path = request.Path.Value ?? "";
        Received.Enqueue(new ReceivedRequest(
            request.Method, path + request.QueryString, request.Protocol,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray()));

        var response = context.Response;
        if (request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = "0";
            return;
        }
        if (path.EndsWith("/board/stream", StringComparison.Ordinal))
        {
            response.ContentType = "text/event-stream";
            await response.WriteAsync("data: first\n\n", context.RequestAborted);
            await response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(StreamPause, context.RequestAborted);
            await response.WriteAsync("data: second\n\n", context.RequestAborted);
            return;
        }

        var behaviour = request.Query["behaviour"].ToString();
        var marker = request.Query["marker"].ToString();
        switch (behaviour)
        {
            case "slow":
                // Ends only when the gateway gives up on the request.
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case "hold":
                await Gate(marker).Task.WaitAsync(context.RequestAborted);
                break;
            case "delay":
                await Task.Delay(TimeSpan.FromMilliseconds(500), context.RequestAborted);
                break;
            case "fail-once" when failedOnce.TryAdd(marker, true):
                response.StatusCode = StatusCodes.Status500InternalServerError;
                response.ContentType = "application/problem+json";
                await response.WriteAsync("""{"title":"Boom","status":500}""");
                return;
            case "conflict":
                response.StatusCode = StatusCodes.Status409Conflict;
                response.ContentType = "application/problem+json";
                await response.WriteAsync($$"""{"title":"Already done","status":409,"sequence":{{Interlocked.Increment(ref sequence)}}}""");
                return;
            case "big":
                response.ContentType = "application/octet-stream";
                await response.Body.WriteAsync(Encoding.ASCII.GetBytes(new string('x', int.Parse(request.Query["size"]!, System.Globalization.CultureInfo.InvariantCulture))));
                return;
        }

        var id = Interlocked.Increment(ref sequence);
        response.StatusCode = HttpMethods.IsPost(request.Method) ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        response.Headers.Location = $"/api/v1/things/thing_{id}";
        response.Headers["x-backend-sequence"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsJsonAsync(new { id = $"thing_{id}", path, bodyLength = body.Length });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
