using System.Collections;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Fault.Data;
using HallPlatform.Identity;
using HallPlatform.Notifications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using OpenTelemetry.Trace;

namespace HallPlatform.Fault.Tests;

/// <summary>
/// Trouble ticket progress messages (docs/notifications.md): one communication record per status change, delivered by
/// the dispatcher through the registered sender with retries, readable on the ticket's communications route, and the
/// customer's phone never in clear outside the sender.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class CustomerCommunicationTests(RealServersFixture servers) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(30);
    private const string MaskedPhone = "138****5678";

    private readonly List<IAsyncDisposable> _apps = [];
    private string _databaseConnectionString = "";

    private FakeTimeProvider Clock { get; } = new(Start);

    private CapturedLogs Logs { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_status_change_produces_exactly_one_communication_also_when_the_change_is_retried()
    {
        var app = StartService(sender: null, dispatcher: false);
        using var http = app.CreateClient();
        var ticketId = await CreateTicketAsync(http);

        Clock.Advance(TimeSpan.FromMinutes(1));
        var move = await http.PostAsJsonAsync($"/api/v1/trouble-tickets/{ticketId}/status", new { status = "inProgress", reason = "on it" });
        Assert.Equal(HttpStatusCode.OK, move.StatusCode);
        // The same change sent again (a client retry) is refused and adds nothing.
        var retry = await http.PostAsJsonAsync($"/api/v1/trouble-tickets/{ticketId}/status", new { status = "inProgress", reason = "on it" });
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);

        Clock.Advance(TimeSpan.FromMinutes(1));
        // Racing copies of one change: exactly one wins, and only its message exists.
        var racing = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            http.PostAsJsonAsync($"/api/v1/trouble-tickets/{ticketId}/status", new { status = "resolved", reason = "fixed" })));
        Assert.Single(racing, response => response.StatusCode == HttpStatusCode.OK);
        Assert.All(racing, response => Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));

        var messages = await MessagesAsync(app, ticketId);
        Assert.Equal(["fault.acknowledged", "fault.inProgress", "fault.resolved"], messages.Select(m => m.TemplateCode));
        Assert.All(messages, m => Assert.Equal(CommunicationState.Pending, m.State));
        Assert.All(messages, m => Assert.Equal(CommunicationChannel.Sms, m.Channel));
        Assert.All(messages, m => Assert.Equal(Reports.Phone, m.Recipient));
        Assert.All(messages, m => Assert.Equal(MaskedPhone, m.RecipientMasked));
        Assert.All(messages, m => Assert.Equal("hall_1", m.HallId));
        Assert.Equal(3, messages.Select(m => m.SourceKey).Distinct().Count());

        // At rest: the recipient column is ciphertext, the template parameters hold no phone.
        await using var connection = new NpgsqlConnection(_databaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT recipient, template_parameters::text FROM communication_messages", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            Assert.DoesNotContain(Reports.Phone, reader.GetString(0), StringComparison.Ordinal);
            Assert.DoesNotContain(Reports.Phone, reader.GetString(1), StringComparison.Ordinal);
            Assert.Contains(ticketId, reader.GetString(1), StringComparison.Ordinal);
        }
        Assert.Equal(3, rows);
    }

    [Fact]
    public async Task A_ticket_without_a_customer_phone_gets_no_communication()
    {
        var app = StartService(sender: null, dispatcher: false);
        using var http = app.CreateClient();
        var response = await http.PostAsJsonAsync("/api/v1/trouble-tickets", new
        {
            channel = "hall", name = "No signal", severity = "minor", ticketType = "mobile", hallId = "hall_1",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ticketId = (await response.ReadJsonAsync()).GetProperty("ticketId").GetString()!;
        Assert.Empty(await MessagesAsync(app, ticketId));
    }

    [Fact]
    public async Task The_local_mailbox_sends_the_message_and_the_route_shows_it_sent_with_the_recipient_masked()
    {
        // The real background dispatcher, the default sender and the real clock.
        var app = StartService(sender: null, dispatcher: true, fakeClock: false);
        using var http = app.CreateClient();
        var ticketId = await CreateTicketAsync(http);

        var body = await Eventually.ReturnsAsync(
            () => ReadCommunicationsAsync(http, ticketId),
            json => json.GetProperty("communications").EnumerateArray().Any(m => m.GetProperty("state").GetString() == "sent"));

        Assert.Equal(ticketId, body.GetProperty("ticketId").GetString());
        var message = Assert.Single(body.GetProperty("communications").EnumerateArray());
        Assert.Equal("sent", message.GetProperty("state").GetString());
        Assert.Equal("sms", message.GetProperty("channel").GetString());
        Assert.Equal("fault.acknowledged", message.GetProperty("templateCode").GetString());
        Assert.Equal(MaskedPhone, message.GetProperty("recipient").GetString());
        Assert.Equal(1, message.GetProperty("attempts").GetInt32());
        Assert.Contains(ticketId, message.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(JsonValueKind.Null, message.GetProperty("sentAt").ValueKind);
        Assert.DoesNotContain(Reports.Phone, body.GetRawText(), StringComparison.Ordinal);

        // The mailbox line of the dashboard log: masked recipient, template and ticket; never the phone in clear.
        Assert.Contains(Logs.Lines, line => line.Contains("Local mailbox", StringComparison.Ordinal)
            && line.Contains(MaskedPhone, StringComparison.Ordinal) && line.Contains(ticketId, StringComparison.Ordinal)
            && line.Contains("fault.acknowledged", StringComparison.Ordinal));
        Assert.DoesNotContain(Logs.Lines, line => line.Contains(Reports.Phone, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Polling_opens_no_trace_and_the_delivery_joins_the_trace_of_the_change()
    {
        var spans = new ExportedSpans();
        var app = StartService(sender: null, dispatcher: true, fakeClock: false, exportedSpans: spans);
        using var http = app.CreateClient();
        var traceId = ActivityTraceId.CreateRandom();
        using var report = new HttpRequestMessage(HttpMethod.Post, "/api/v1/trouble-tickets") { Content = JsonContent.Create(TicketBody) };
        report.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await http.SendAsync(report);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ticketId = (await response.ReadJsonAsync()).GetProperty("ticketId").GetString()!;

        // The span of the statement that records the delivery ends last: once it is exported, so is the send span.
        var exported = await Eventually.ReturnsAsync(
            () => Task.FromResult(spans.Snapshot()),
            snapshot => snapshot.Any(s => IsSendOf(s, ticketId)
                && snapshot.Any(child => child.ParentSpanId == s.SpanId && Mentions(child, "communication_messages"))));

        var send = Assert.Single(exported, s => IsSendOf(s, ticketId));
        Assert.Equal(traceId, send.TraceId);
        Assert.DoesNotContain(send.TagObjects, tag => tag.Value?.ToString()?.Contains(Reports.Phone, StringComparison.Ordinal) == true);
        // Database statements are traced (the one recording the delivery, under the send span)...
        Assert.Contains(exported, s => s.ParentSpanId == send.SpanId && Mentions(s, "communication_messages"));
        // ...but not the claims of the polling rounds, including the round that found this message.
        Assert.DoesNotContain(exported, s => Mentions(s, "SKIP LOCKED"));
    }

    [Fact]
    public async Task A_sender_that_fails_twice_then_succeeds_ends_sent_after_three_attempts_with_backoff()
    {
        var sender = new ScriptedCommunicationSender { FailuresBeforeSuccess = 2 };
        var app = StartService(sender, dispatcher: false);
        using var http = app.CreateClient();
        var ticketId = await CreateTicketAsync(http);
        var dispatcher = app.Services.GetRequiredService<CommunicationDispatcher<FaultDbContext>>();

        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
        var afterFirst = Assert.Single(await MessagesAsync(app, ticketId));
        Assert.Equal((CommunicationState.Pending, 1), (afterFirst.State, afterFirst.Attempts));
        Assert.Equal(Clock.GetUtcNow() + Backoff, afterFirst.NextAttemptAt);
        Assert.NotNull(afterFirst.LastError);
        Assert.DoesNotContain(Reports.Phone, afterFirst.LastError, StringComparison.Ordinal);
        Assert.Contains(MaskedPhone, afterFirst.LastError, StringComparison.Ordinal);

        // Not due before its backoff.
        Clock.Advance(Backoff - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
        var afterSecond = Assert.Single(await MessagesAsync(app, ticketId));
        Assert.Equal((CommunicationState.Pending, 2), (afterSecond.State, afterSecond.Attempts));
        // Exponential: twice the first wait.
        Assert.Equal(Clock.GetUtcNow() + (2 * Backoff), afterSecond.NextAttemptAt);

        Clock.Advance(2 * Backoff);
        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
        var sent = Assert.Single(await MessagesAsync(app, ticketId));
        Assert.Equal((CommunicationState.Sent, 3), (sent.State, sent.Attempts));
        Assert.Equal(Clock.GetUtcNow(), sent.SentAt);
        var accepted = Assert.Single(sender.Accepted);
        Assert.Equal(Reports.Phone, accepted.Recipient);
        Assert.Equal(3, sender.Calls);

        // Nothing left to send.
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));
        Assert.DoesNotContain(Logs.Lines, line => line.Contains(Reports.Phone, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sender_that_always_fails_leaves_the_message_failed_after_the_last_attempt_and_visible()
    {
        var sender = new ScriptedCommunicationSender { FailuresBeforeSuccess = int.MaxValue };
        var app = StartService(sender, dispatcher: false);
        using var http = app.CreateClient();
        var ticketId = await CreateTicketAsync(http);
        var dispatcher = app.Services.GetRequiredService<CommunicationDispatcher<FaultDbContext>>();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
            Clock.Advance(TimeSpan.FromHours(1));
        }
        // No fourth attempt.
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(3, sender.Calls);

        var failed = Assert.Single(await MessagesAsync(app, ticketId));
        Assert.Equal((CommunicationState.Failed, 3), (failed.State, failed.Attempts));
        Assert.Contains("SMS gateway refused call 3", failed.LastError, StringComparison.Ordinal);

        var body = await ReadCommunicationsAsync(http, ticketId);
        var message = Assert.Single(body.GetProperty("communications").EnumerateArray());
        Assert.Equal("failed", message.GetProperty("state").GetString());
        Assert.Contains(MaskedPhone, message.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Reports.Phone, body.GetRawText(), StringComparison.Ordinal);

        Assert.Contains(Logs.Lines, line => line.Contains("failed after 3 attempts", StringComparison.Ordinal)
            && line.Contains(ticketId, StringComparison.Ordinal));
        Assert.DoesNotContain(Logs.Lines, line => line.Contains(Reports.Phone, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_communications_route_is_for_staff_of_the_tickets_hall()
    {
        var app = StartService(sender: null, dispatcher: false);
        using var http = app.CreateClient();
        var ticketId = await CreateTicketAsync(http);

        using var sameHall = app.CreateClientAs(TestCallers.Staff("usr_tech", HallRoles.Technician, "hall_1"));
        Assert.Equal(HttpStatusCode.OK, (await sameHall.GetAsync($"/api/v1/trouble-tickets/{ticketId}/communications")).StatusCode);

        using var otherHall = app.CreateClientAs(TestCallers.Staff("usr_other", HallRoles.Technician, "hall_2"));
        await ProblemAssert.IsProblemAsync(
            await otherHall.GetAsync($"/api/v1/trouble-tickets/{ticketId}/communications"), HttpStatusCode.NotFound);

        using var partner = app.CreateClientAs(TestCallers.Partner("callcentre", PartnerScopes.ReadOwnFaults));
        await ProblemAssert.IsProblemAsync(
            await partner.GetAsync($"/api/v1/trouble-tickets/{ticketId}/communications"), HttpStatusCode.Forbidden);

        await ProblemAssert.IsProblemAsync(await http.GetAsync("/api/v1/trouble-tickets/tt_unknown/communications"), HttpStatusCode.NotFound);
    }

    /// <summary>The Fault service with a short backoff and 3 attempts; the given sender replaces the local mailbox.</summary>
    private WebApplicationFactory<Program> StartService(
        ICommunicationSender? sender, bool dispatcher, bool fakeClock = true, ICollection<Activity>? exportedSpans = null)
    {
        var app = new FaultApp(servers)
        {
            Settings = new Dictionary<string, string>
            {
                ["HallPlatform:Notifications:DispatcherEnabled"] = dispatcher ? "true" : "false",
                ["HallPlatform:Notifications:PollInterval"] = "00:00:00.100",
                ["HallPlatform:Notifications:MaxAttempts"] = "3",
                ["HallPlatform:Notifications:InitialBackoff"] = "00:00:30",
                ["HallPlatform:Notifications:MaxBackoff"] = "00:10:00",
            },
        };
        _apps.Add(app);
        _databaseConnectionString = app.DatabaseConnectionString;
        // Disposed with its parent.
        var configured = app.WithWebHostBuilder(builder =>
        {
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
            builder.ConfigureTestServices(services =>
            {
                if (fakeClock)
                {
                    services.AddSingleton<TimeProvider>(Clock);
                }
                if (sender is not null)
                {
                    services.AddSingleton(sender);
                }
                if (exportedSpans is not null)
                {
                    services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exportedSpans));
                }
            });
        });
        return configured;
    }

    private static readonly object TicketBody = new
    {
        channel = "hall", name = "No signal", description = "No mobile signal", severity = "major", ticketType = "mobile",
        hallId = "hall_1", customerPhone = Reports.Phone,
    };

    private static bool IsSendOf(Activity span, string ticketId) =>
        span.Source.Name == CommunicationTelemetry.Name && Equals(span.GetTagItem("communication.subject_id"), ticketId);

    private static bool Mentions(Activity span, string text) =>
        span.TagObjects.Any(tag => tag.Value?.ToString()?.Contains(text, StringComparison.OrdinalIgnoreCase) == true)
        || span.DisplayName.Contains(text, StringComparison.OrdinalIgnoreCase);

    private static async Task<string> CreateTicketAsync(HttpClient http)
    {
        var response = await http.PostAsJsonAsync("/api/v1/trouble-tickets", TicketBody);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("ticketId").GetString()!;
    }

    private static async Task<JsonElement> ReadCommunicationsAsync(HttpClient http, string ticketId)
    {
        var response = await http.GetAsync($"/api/v1/trouble-tickets/{ticketId}/communications");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static async Task<List<CommunicationMessage>> MessagesAsync(WebApplicationFactory<Program> app, string ticketId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaultDbContext>();
        return await db.Set<CommunicationMessage>().AsNoTracking()
            .Where(m => m.SubjectId == ticketId).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync();
    }
}

/// <summary>The spans the in-memory exporter receives, safe to read while the service is still exporting.</summary>
internal sealed class ExportedSpans : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public List<Activity> Snapshot()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item) => Snapshot().Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
