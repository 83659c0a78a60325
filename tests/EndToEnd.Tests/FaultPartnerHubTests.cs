using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>
/// The partner hub through the gateway (docs/fault-partners.md): the call centre subscribes a receiver on 127.0.0.1,
/// reports over the TMF621 API, a technician moves the ticket, and the receiver gets the ticket's events, each signed
/// with the subscription's secret.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FaultPartnerHubTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_partner_receives_its_tickets_events_signed_after_reporting_over_TMF621()
    {
        using var receiver = SignedEventsReceiver.Start();
        var (subscriptionId, secret) = await SubscribeAsync(receiver.Url);

        // The call centre reports over the TMF621 API with its own key.
        var externalId = "CC-" + Guid.NewGuid().ToString("N")[..12];
        using var create = new HttpRequestMessage(HttpMethod.Post, "/tmf-api/troubleTicket/v4/troubleTicket")
        {
            Content = JsonContent.Create(new
            {
                name = "No broadband",
                description = "The router shows no link.",
                severity = "major",
                ticketType = "broadband",
                externalId,
                channel = new { id = "phone" },
            }),
        };
        create.Headers.Add("X-Api-Key", PlatformFixture.DevCallCentreKey);
        using var created = await platform.Anonymous.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = await created.Content.ReadFromJsonAsync<JsonElement>();
        var ticketId = ticket.GetProperty("id").GetString()!;
        Assert.Equal("TroubleTicket", ticket.GetProperty("@type").GetString());

        // A technician takes it on (TMF merge patch) and resolves it (REST).
        using var technician = platform.App.CreateHttpClient("gateway", "http");
        technician.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", await platform.StaffTokenAsync("e2e-technician", ["technician"], ["*"]));
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/tmf-api/troubleTicket/v4/troubleTicket/{ticketId}")
        {
            Content = new StringContent("""{"status":"inProgress","statusChangeReason":"line test running"}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        using var patched = await technician.SendAsync(patch);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        using var resolved = await technician.PostAsJsonAsync($"/api/v1/trouble-tickets/{ticketId}/status", new { status = "resolved", reason = "port reset" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);

        var received = await receiver.WaitForAsync(4, TimeSpan.FromSeconds(60));
        Assert.Equal(
            [("TroubleTicketCreateEvent", "acknowledged"), ("TroubleTicketStateChangeEvent", "inProgress"),
             ("TroubleTicketStateChangeEvent", "resolved"), ("TroubleTicketResolvedEvent", "resolved")],
            received.Select(r => (r.EventType, r.Status)).ToArray());
        Assert.All(received, r =>
        {
            Assert.True(r.IsSignedWith(secret), $"signature {r.Signature} does not verify");
            Assert.False(r.IsSignedWith(secret + "0"));
            Assert.Equal(ticketId, r.TicketId);
        });

        // The partner sees them delivered.
        using var deliveries = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/trouble-tickets/hub/{subscriptionId}/deliveries?state=delivered");
        deliveries.Headers.Add("X-Api-Key", PlatformFixture.DevCallCentreKey);
        using var page = await platform.Anonymous.SendAsync(deliveries);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(4, (await page.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32());

        // Another partner's key does not see the subscription.
        using var foreign = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/trouble-tickets/hub/{subscriptionId}");
        foreign.Headers.Add("X-Api-Key", PlatformFixture.DevOnlineKey);
        using var refused = await platform.Anonymous.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    private async Task<(string Id, string Secret)> SubscribeAsync(string callback)
    {
        using var subscribe = new HttpRequestMessage(HttpMethod.Post, "/api/v1/trouble-tickets/hub")
        {
            Content = JsonContent.Create(new { callback }),
        };
        subscribe.Headers.Add("X-Api-Key", PlatformFixture.DevCallCentreKey);
        using var response = await platform.Anonymous.SendAsync(subscribe);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    private sealed record Received(string? Signature, byte[] Body)
    {
        private JsonElement Ticket => JsonDocument.Parse(Body).RootElement.GetProperty("event").GetProperty("troubleTicket");

        public string EventType => JsonDocument.Parse(Body).RootElement.GetProperty("eventType").GetString()!;

        public string TicketId => Ticket.GetProperty("id").GetString()!;

        public string? Status => Ticket.GetProperty("status").GetString();

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
    private sealed class SignedEventsReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<Received> _received = new();
        private readonly CancellationTokenSource _stop = new();

        private SignedEventsReceiver(int port)
        {
            Url = $"http://127.0.0.1:{port}/partner-events/";
            _listener.Prefixes.Add(Url);
        }

        public string Url { get; }

        public static SignedEventsReceiver Start()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var receiver = new SignedEventsReceiver(port);
            receiver._listener.Start();
            _ = receiver.ServeAsync();
            return receiver;
        }

        public async Task<IReadOnlyList<Received>> WaitForAsync(int count, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (_received.Count < count && DateTime.UtcNow < deadline)
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
                _received.Enqueue(new Received(context.Request.Headers["X-Hall-Signature"], body.ToArray()));
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
}
