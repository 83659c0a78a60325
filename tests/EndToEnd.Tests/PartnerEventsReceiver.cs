using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>One POST a partner's callback received: the signature header and the exact body bytes.</summary>
internal sealed record ReceivedPartnerEvent(string? Signature, byte[] Body)
{
    private JsonElement Root => JsonDocument.Parse(Body).RootElement;

    private JsonElement Ticket => Root.GetProperty("event").GetProperty("troubleTicket");

    public string EventType => Root.GetProperty("eventType").GetString()!;

    public string TicketId => Ticket.GetProperty("id").GetString()!;

    /// <summary>The ticket status the event is about (state events), or null (appointment events carry none).</summary>
    public string? Status => Ticket.TryGetProperty("status", out var status) ? status.GetString() : null;

    /// <summary>The related entities the event carries (appointment events), or an empty list.</summary>
    public IReadOnlyList<JsonElement> RelatedEntity =>
        Ticket.TryGetProperty("relatedEntity", out var entities) ? [.. entities.EnumerateArray()] : [];

    /// <summary>As a partner verifies (docs/fault-partners.md): HMAC-SHA256(secret, "t.body"), hex, within 5 minutes.</summary>
    public bool IsSignedWith(string secret)
    {
        var parts = (Signature ?? "").Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1)
            || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }
        var mac = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.ASCII.GetBytes(t + "."), .. Body]));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(mac), Encoding.ASCII.GetBytes(v1));
    }
}

/// <summary>A partner's callback: an HttpListener on a free 127.0.0.1 port that records every POST and answers 204.</summary>
internal sealed class PartnerEventsReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedPartnerEvent> _received = new();
    private readonly CancellationTokenSource _stop = new();

    private PartnerEventsReceiver(int port)
    {
        Url = $"http://127.0.0.1:{port}/partner-events/";
        _listener.Prefixes.Add(Url);
    }

    public string Url { get; }

    public static PartnerEventsReceiver Start()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var receiver = new PartnerEventsReceiver(port);
        receiver._listener.Start();
        _ = receiver.ServeAsync();
        return receiver;
    }

    /// <summary>Everything received once <paramref name="done"/> holds for it, or whatever came before the timeout.</summary>
    public async Task<IReadOnlyList<ReceivedPartnerEvent>> WaitUntilAsync(Func<IReadOnlyList<ReceivedPartnerEvent>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done([.. _received]) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        return [.. _received];
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _received.Enqueue(new ReceivedPartnerEvent(context.Request.Headers["X-Hall-Signature"], body.ToArray()));
            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }
}
