using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using HallPlatform.Fault.Application;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Fault.Tests;

/// <summary>One POST the receiver got: its signature header and exact body.</summary>
public sealed record ReceivedDelivery(string? Signature, string? EventIdHeader, byte[] Body, DateTimeOffset ReceivedAt)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string EventType => Json.GetProperty("eventType").GetString()!;

    public string TicketId => Json.GetProperty("event").GetProperty("troubleTicket").GetProperty("id").GetString()!;

    public string? Status => Json.GetProperty("event").GetProperty("troubleTicket").TryGetProperty("status", out var s) ? s.GetString() : null;

    public bool IsSignedWith(string secret, DateTimeOffset now) =>
        PartnerHubSignature.Verify(secret, Signature, Body, now, TimeSpan.FromMinutes(5));
}

/// <summary>
/// A partner's callback on 127.0.0.1 (Kestrel on a free port): records every POST, and answers 500 to the first
/// <see cref="FailFirst"/> of them (a partner having trouble), 204 after.
/// </summary>
public sealed class HubReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private HubReceiver(WebApplication app) => _app = app;

    public int FailFirst { get; set; }

    public ConcurrentQueue<ReceivedDelivery> Received { get; } = new();

    /// <summary>Every POST that reached the receiver, failed ones included.</summary>
    public int Requests => _requests;

    public string Url { get; private set; } = "";

    public static async Task<HubReceiver> StartAsync(int failFirst = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Not the Fault service's appsettings.json (copied beside the tests): its Kestrel endpoints are Fault's ports.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new HubReceiver(app) { FailFirst = failFirst };
        app.MapPost("/events", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var count = Interlocked.Increment(ref receiver._requests);
            if (count <= receiver.FailFirst)
            {
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            }
            receiver.Received.Enqueue(new ReceivedDelivery(
                context.Request.Headers[PartnerHubSignature.HeaderName].ToString(),
                context.Request.Headers["X-Hall-Event-Id"].ToString(), buffer.ToArray(), DateTimeOffset.UtcNow));
            return Results.NoContent();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/events";
        return receiver;
    }

    public async Task<IReadOnlyList<ReceivedDelivery>> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Received.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        return [.. Received];
    }

    public override string ToString() => Url;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The body as text, for messages.</summary>
    public static string Text(ReceivedDelivery delivery) => Encoding.UTF8.GetString(delivery.Body);
}
