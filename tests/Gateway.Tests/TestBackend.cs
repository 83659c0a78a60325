using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Gateway.Tests;

/// <summary>What the backend saw of one request, as the gateway forwarded it.</summary>
public sealed record ReceivedRequest(
    string Method, string PathAndQuery, string Protocol, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// A tiny real Kestrel server standing in for one service: an HTTP/1.1 listener (REST) and an HTTP/2-only listener
/// (gRPC), both on 127.0.0.1 with random ports. It records every request and answers by path:
/// <c>/openapi/v1.json</c> its document, <c>.../missing</c> a problem+json 404, <c>.../empty-conflict...</c> a
/// body-less 409, <c>.../slow...</c> never, a gRPC request a trailers-only OK, anything else an echo.
/// </summary>
public sealed class TestBackend : IAsyncDisposable
{
    public const string ProblemBody =
        """{"type":"https://example.test/visit-not-found","title":"Visit not found","status":404,"detail":"No visit vis_missing.","serviceMarker":"from-the-service"}""";

    private readonly WebApplication app;
    private readonly string? openApiDocument;
    private ListenOptions? httpListener;
    private ListenOptions? grpcListener;

    private TestBackend(string name, string? openApiDocument)
    {
        Name = name;
        this.openApiDocument = openApiDocument;
        var builder = WebApplication.CreateSlimBuilder();
        // The test output holds the gateway's appsettings.json, whose fixed Kestrel endpoints are not ours.
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

    public string Name { get; }

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    // Kestrel writes the bound port back into the listen options when it binds port 0.
    public Uri HttpAddress => new($"http://127.0.0.1:{httpListener!.IPEndPoint!.Port}");

    public Uri GrpcAddress => new($"http://127.0.0.1:{grpcListener!.IPEndPoint!.Port}");

    public static async Task<TestBackend> StartAsync(string name, string? openApiDocument = null)
    {
        var backend = new TestBackend(name, openApiDocument);
        await backend.app.StartAsync();
        return backend;
    }

    public ReceivedRequest ReceivedOnce(string pathAndQuery) =>
        Assert.Single(Received, r => r.PathAndQuery == pathAndQuery);

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var path = context.Request.Path.Value ?? string.Empty;
        Received.Enqueue(new ReceivedRequest(
            context.Request.Method,
            path + context.Request.QueryString,
            context.Request.Protocol,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray()));

        var response = context.Response;
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = "0";
            response.Headers["x-backend"] = Name;
            return;
        }
        if (path == "/openapi/v1.json" && openApiDocument is not null)
        {
            response.ContentType = "application/json";
            await response.WriteAsync(openApiDocument);
            return;
        }
        if (path.EndsWith("/missing", StringComparison.Ordinal))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "application/problem+json; charset=utf-8";
            await response.WriteAsync(ProblemBody);
            return;
        }
        if (path.Contains("/empty-conflict", StringComparison.Ordinal))
        {
            response.StatusCode = StatusCodes.Status409Conflict;
            return;
        }
        if (path.Contains("/slow", StringComparison.Ordinal))
        {
            // Never answers: the gateway's activity timeout must fire first. Ends when the gateway gives up.
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        response.Headers["x-backend"] = Name;
        response.ContentType = "application/json";
        await response.WriteAsJsonAsync(new { backend = Name, method = context.Request.Method, path });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
