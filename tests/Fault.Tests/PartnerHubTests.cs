using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Fault.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.Identity;
using HallPlatform.Fault.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace HallPlatform.Fault.Tests;

/// <summary>
/// The partner hub (docs/fault-partners.md): subscriptions per partner, TMF events fanned out from the outbox and POSTed
/// signed to a receiver on 127.0.0.1, retried with backoff while it fails, delivered after a restart, and never to
/// another partner.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class PartnerHubTests(RealServersFixture servers) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(30);

    private static readonly HallCaller CallCentre = TestCallers.Partner("callcentre",
        PartnerScopes.ReportFaults, PartnerScopes.ReadOwnFaults, PartnerScopes.SubscribeEvents);

    private static readonly HallCaller OnlineShop = TestCallers.Partner("online",
        PartnerScopes.ReportFaults, PartnerScopes.ReadOwnFaults, PartnerScopes.SubscribeEvents);

    private readonly List<IAsyncDisposable> _disposables = [];

    private FakeTimeProvider Clock { get; } = new(Start);

    private CapturedLogs Logs { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task Events_of_a_partners_ticket_reach_its_callback_signed_with_its_secret()
    {
        var receiver = await StartReceiverAsync();
        var app = StartService();
        using var partner = app.CreateClientAs(CallCentre);
        var (subscriptionId, secret) = await SubscribeAsync(partner, receiver.Url);
        var ticketId = await ReportAsync(partner, "phone");
        using var staff = app.CreateClient();
        foreach (var status in new[] { "inProgress", "pending", "inProgress", "resolved" })
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(HttpStatusCode.OK, (await ChangeStatusAsync(staff, ticketId, status)).StatusCode);
        }

        await RunDispatcherAsync(app);

        var received = receiver.Received.ToList();
        // Every event of the ticket, in the order it happened: created, then each change (pending also asks for
        // information, resolved also says resolved).
        (string Type, string? Status)[] expected =
        [
            ("TroubleTicketCreateEvent", "acknowledged"),
            ("TroubleTicketStateChangeEvent", "inProgress"),
            ("TroubleTicketStateChangeEvent", "pending"),
            ("TroubleTicketInformationRequiredEvent", "pending"),
            ("TroubleTicketStateChangeEvent", "inProgress"),
            ("TroubleTicketStateChangeEvent", "resolved"),
            ("TroubleTicketResolvedEvent", "resolved"),
        ];
        Assert.Equal(expected, received.Select(r => (r.EventType, r.Status)).ToArray());
        Assert.All(received, r =>
        {
            Assert.True(r.IsSignedWith(secret, Clock.GetUtcNow()), $"bad signature {r.Signature} on {HubReceiver.Text(r)}");
            Assert.False(r.IsSignedWith("another-secret", Clock.GetUtcNow()));
            Assert.Equal(ticketId, r.TicketId);
            var ticket = r.Json.GetProperty("event").GetProperty("troubleTicket");
            Assert.Equal("TroubleTicket", ticket.GetProperty("@type").GetString());
            Assert.Equal($"/tmf-api/troubleTicket/v4/troubleTicket/{ticketId}", ticket.GetProperty("href").GetString());
            Assert.Equal(r.EventIdHeader, r.Json.GetProperty("eventId").GetString());
            // Codes and ids only: the customer's phone and the fault text stay out of the event.
            Assert.DoesNotContain(Reports.Phone, HubReceiver.Text(r), StringComparison.Ordinal);
            Assert.DoesNotContain("Router shows no link", HubReceiver.Text(r), StringComparison.Ordinal);
        });
        Assert.Equal(received.Count, received.Select(r => r.Json.GetProperty("eventId").GetString()).Distinct().Count());

        var deliveries = await ReadJsonAsync(await partner.GetAsync($"/api/v1/trouble-tickets/hub/{subscriptionId}/deliveries"));
        Assert.Equal(7, deliveries.GetProperty("total").GetInt32());
        Assert.All(deliveries.GetProperty("items").EnumerateArray(), d =>
        {
            Assert.Equal("delivered", d.GetProperty("state").GetString());
            Assert.Equal(1, d.GetProperty("attempts").GetInt32());
            Assert.Equal(204, d.GetProperty("lastStatusCode").GetInt32());
        });
    }

    [Fact]
    public async Task A_failing_callback_is_retried_with_doubling_backoff_until_it_accepts()
    {
        var receiver = await StartReceiverAsync(failFirst: 2);
        var app = StartService();
        using var partner = app.CreateClientAs(CallCentre);
        var (subscriptionId, secret) = await SubscribeAsync(partner, receiver.Url, "eventType=TroubleTicketCreateEvent");
        await ReportAsync(partner, "phone");

        await RunDispatcherAsync(app);
        var first = await SingleDeliveryAsync(partner, subscriptionId);
        Assert.Equal("pending", first.GetProperty("state").GetString());
        Assert.Equal(1, first.GetProperty("attempts").GetInt32());
        Assert.Equal(500, first.GetProperty("lastStatusCode").GetInt32());
        Assert.Contains("500", first.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(Start + InitialBackoff, first.GetProperty("nextAttemptAt").GetDateTimeOffset());

        // Not due yet: nothing is sent.
        Clock.Advance(InitialBackoff - TimeSpan.FromSeconds(1));
        await RunDispatcherAsync(app);
        Assert.Equal(1, receiver.Requests);

        Clock.Advance(TimeSpan.FromSeconds(1));
        await RunDispatcherAsync(app);
        var second = await SingleDeliveryAsync(partner, subscriptionId);
        Assert.Equal(2, second.GetProperty("attempts").GetInt32());
        // Doubled after the second failure.
        Assert.Equal(Clock.GetUtcNow() + (2 * InitialBackoff), second.GetProperty("nextAttemptAt").GetDateTimeOffset());

        Clock.Advance(2 * InitialBackoff);
        await RunDispatcherAsync(app);
        var third = await SingleDeliveryAsync(partner, subscriptionId);
        Assert.Equal("delivered", third.GetProperty("state").GetString());
        Assert.Equal(3, third.GetProperty("attempts").GetInt32());
        Assert.Equal(3, receiver.Requests);
        var delivered = Assert.Single(receiver.Received);
        Assert.True(delivered.IsSignedWith(secret, Clock.GetUtcNow()));
        // Logs name the delivery, never its body.
        Assert.DoesNotContain(Logs.Lines, m => m.Contains("troubleTicket", StringComparison.Ordinal) && m.Contains("eventId", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_delivery_that_keeps_failing_is_kept_as_failed_not_dropped()
    {
        var receiver = await StartReceiverAsync(failFirst: int.MaxValue);
        var app = StartService(maxAttempts: 2);
        using var partner = app.CreateClientAs(CallCentre);
        var (subscriptionId, _) = await SubscribeAsync(partner, receiver.Url, "eventType=TroubleTicketCreateEvent");
        await ReportAsync(partner, "phone");

        await RunDispatcherAsync(app);
        Clock.Advance(InitialBackoff);
        await RunDispatcherAsync(app);
        Clock.Advance(TimeSpan.FromHours(2));
        await RunDispatcherAsync(app);

        Assert.Equal(2, receiver.Requests);
        var failed = await ReadJsonAsync(await partner.GetAsync($"/api/v1/trouble-tickets/hub/{subscriptionId}/deliveries?state=failed"));
        var delivery = Assert.Single(failed.GetProperty("items").EnumerateArray());
        Assert.Equal(2, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("nextAttemptAt").ValueKind);
        Assert.Contains(Logs.Lines, m => m.Contains("failed after 2 attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Undelivered_events_are_delivered_after_fault_restarts()
    {
        var receiver = await StartReceiverAsync();
        // The first instance records the events but never delivers them (its dispatcher is off), then stops.
        var first = StartService();
        string ticketId;
        string secret;
        using (var partner = first.CreateClientAs(CallCentre))
        {
            (_, secret) = await SubscribeAsync(partner, receiver.Url);
            ticketId = await ReportAsync(partner, "phone");
            using var staff = first.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await ChangeStatusAsync(staff, ticketId, "inProgress")).StatusCode);
            // Half done: fanned out to deliveries, none sent.
            await first.Services.GetRequiredService<PartnerHubDispatcher>().FanOutAsync(CancellationToken.None);
            Assert.Equal(HttpStatusCode.OK, (await ChangeStatusAsync(staff, ticketId, "resolved")).StatusCode);
        }
        var database = _disposables.OfType<FaultApp>().Single().DatabaseConnectionString;
        await first.DisposeAsync();
        Assert.Empty(receiver.Received);

        // The second instance, on the same database, with its background dispatcher running on the real clock.
        var second = StartService(databaseOf: database, dispatcher: true, fakeClock: false);
        // Starts the host (and so its dispatcher).
        using var client = second.CreateClient();

        var received = await receiver.WaitForAsync(4, TimeSpan.FromSeconds(20));
        Assert.Equal(
            ["TroubleTicketCreateEvent", "TroubleTicketStateChangeEvent", "TroubleTicketStateChangeEvent", "TroubleTicketResolvedEvent"],
            received.Select(r => r.EventType).ToArray());
        Assert.All(received, r => Assert.True(r.IsSignedWith(secret, DateTimeOffset.UtcNow)));
        Assert.All(received, r => Assert.Equal(ticketId, r.TicketId));
    }

    [Fact]
    public async Task A_partner_receives_only_its_own_tickets_events()
    {
        var callCentreReceiver = await StartReceiverAsync();
        var onlineReceiver = await StartReceiverAsync();
        var app = StartService();
        using var callCentre = app.CreateClientAs(CallCentre);
        using var online = app.CreateClientAs(OnlineShop);
        using var staff = app.CreateClient();
        await SubscribeAsync(callCentre, callCentreReceiver.Url);
        await SubscribeAsync(online, onlineReceiver.Url);
        var callCentreTicket = await ReportAsync(callCentre, "phone");
        var onlineTicket = await ReportAsync(online, "online");
        var hallResponse = await staff.PostAsJsonAsync("/api/v1/trouble-tickets", new
        {
            channel = "hall", name = "No signal", severity = "major", ticketType = "mobile", hallId = "hall_1",
        });
        var hallTicket = (await ReadJsonAsync(hallResponse)).GetProperty("ticketId").GetString()!;
        foreach (var ticket in new[] { callCentreTicket, onlineTicket, hallTicket })
        {
            Assert.Equal(HttpStatusCode.OK, (await ChangeStatusAsync(staff, ticket, "inProgress")).StatusCode);
        }

        await RunDispatcherAsync(app);

        Assert.Equal([callCentreTicket, callCentreTicket], callCentreReceiver.Received.Select(r => r.TicketId).ToArray());
        Assert.Equal([onlineTicket, onlineTicket], onlineReceiver.Received.Select(r => r.TicketId).ToArray());
    }

    [Fact]
    public async Task Appointment_changes_reach_the_reporting_partner_as_attribute_value_change_events_and_no_other_partner()
    {
        var callCentreReceiver = await StartReceiverAsync();
        var onlineReceiver = await StartReceiverAsync();
        var app = StartService();
        using var callCentre = app.CreateClientAs(CallCentre);
        using var online = app.CreateClientAs(OnlineShop);
        using var staff = app.CreateClient();
        var (_, secret) = await SubscribeAsync(callCentre, callCentreReceiver.Url, "eventType=TroubleTicketAttributeValueChangeEvent");
        await SubscribeAsync(online, onlineReceiver.Url);
        var ticketId = await ReportAsync(callCentre, "phone");
        (await staff.PutAsJsonAsync("/api/v1/technicians/tech-hub", new
        {
            hallId = "hall_1", displayName = "Zhao Lei", skills = new[] { "broadband" }, areas = new[] { "xh-01" }, active = true,
            workingHours = new[] { new { day = "monday", start = "09:00", end = "13:00" } }, blockedDays = Array.Empty<string>(),
        })).EnsureSuccessStatusCode();
        (await staff.PostAsJsonAsync($"/api/v1/trouble-tickets/{ticketId}/start", new { })).EnsureSuccessStatusCode();
        (await staff.PostAsJsonAsync($"/api/v1/trouble-tickets/{ticketId}/analysis",
            new { causeCategory = "equipment", findings = "Router dead", area = "xh-01" })).EnsureSuccessStatusCode();
        // Monday 2025-03-03 09:00-11:00, then 11:00-13:00, hall time.
        var dispatched = await staff.PostAsJsonAsync($"/api/v1/trouble-tickets/{ticketId}/dispatch",
            new { start = "2025-03-03T01:00:00Z", end = "2025-03-03T03:00:00Z" });
        Assert.Equal(HttpStatusCode.Created, dispatched.StatusCode);
        var appointmentId = (await ReadJsonAsync(dispatched)).GetProperty("appointmentId").GetString()!;
        Clock.Advance(TimeSpan.FromMinutes(1));
        (await staff.PostAsJsonAsync($"/api/v1/trouble-tickets/{ticketId}/appointment/reschedule",
            new { start = "2025-03-03T03:00:00Z", end = "2025-03-03T05:00:00Z", reason = "customer asked" })).EnsureSuccessStatusCode();

        await RunDispatcherAsync(app);

        var received = callCentreReceiver.Received.ToList();
        Assert.Equal(2, received.Count);
        Assert.Empty(onlineReceiver.Received);
        Assert.All(received, r => Assert.True(r.IsSignedWith(secret, Clock.GetUtcNow()), $"bad signature {r.Signature}"));
        var first = received[0].Json;
        // The stored body is jsonb, which keeps the names, not their order.
        Assert.Equal(["correlationId", "domain", "event", "eventId", "eventTime", "eventType", "fieldPath", "timeOcurred", "title"],
            first.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(("TroubleTicketAttributeValueChangeEvent", "relatedEntity", "Trouble ticket appointment changed"),
            (first.GetProperty("eventType").GetString(), first.GetProperty("fieldPath").GetString(), first.GetProperty("title").GetString()));
        var ticket = first.GetProperty("event").GetProperty("troubleTicket");
        Assert.Equal(["@type", "channel", "externalId", "href", "id", "lastUpdate", "relatedEntity", "severity", "ticketType"],
            ticket.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(ticketId, ticket.GetProperty("id").GetString());
        string[] Names(ReceivedDelivery r) => [.. r.Json.GetProperty("event").GetProperty("troubleTicket").GetProperty("relatedEntity").EnumerateArray()
            .Select(e => $"{e.GetProperty("role").GetString()}|{e.GetProperty("id").GetString()}|{e.GetProperty("name").GetString()}|{e.GetProperty("@referredType").GetString()}")];
        Assert.Equal(["area|xh-01|xh-01|GeographicLocation",
                $"onSiteAppointment|{appointmentId}|on-site visit 2025-03-03 09:00-11:00 (hall time UTC+8), booked|Appointment"], Names(received[0]));
        Assert.Equal(["area|xh-01|xh-01|GeographicLocation",
                $"onSiteAppointment|{appointmentId}|on-site visit 2025-03-03 11:00-13:00 (hall time UTC+8), booked|Appointment"], Names(received[1]));
        // Ids, codes and times only: no technician, no customer.
        Assert.All(received, r => Assert.DoesNotContain("tech-hub", HubReceiver.Text(r), StringComparison.Ordinal));
        Assert.All(received, r => Assert.DoesNotContain(Reports.Phone, HubReceiver.Text(r), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Subscriptions_are_listed_and_removed_by_their_own_partner_only()
    {
        var receiver = await StartReceiverAsync();
        var app = StartService();
        using var callCentre = app.CreateClientAs(CallCentre);
        using var online = app.CreateClientAs(OnlineShop);
        var (subscriptionId, _) = await SubscribeAsync(callCentre, receiver.Url, "eventType=TroubleTicketResolvedEvent");
        await SubscribeAsync(online, receiver.Url);

        var own = await ReadJsonAsync(await callCentre.GetAsync("/api/v1/trouble-tickets/hub"));
        var listed = Assert.Single(own.GetProperty("items").EnumerateArray());
        Assert.Equal(subscriptionId, listed.GetProperty("id").GetString());
        Assert.Equal("eventType=TroubleTicketResolvedEvent", listed.GetProperty("query").GetString());
        Assert.Equal(["TroubleTicketResolvedEvent"], listed.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.False(listed.TryGetProperty("secret", out _));

        // Another partner's subscription answers like an unknown id, and is left alone.
        await AssertProblemAsync(await online.DeleteAsync($"/api/v1/trouble-tickets/hub/{subscriptionId}"), 404);
        await AssertProblemAsync(await online.GetAsync($"/api/v1/trouble-tickets/hub/{subscriptionId}/deliveries"), 404);
        Assert.Equal(HttpStatusCode.OK, (await callCentre.GetAsync($"/api/v1/trouble-tickets/hub/{subscriptionId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await callCentre.DeleteAsync($"/api/v1/trouble-tickets/hub/{subscriptionId}")).StatusCode);
        await AssertProblemAsync(await callCentre.DeleteAsync($"/api/v1/trouble-tickets/hub/{subscriptionId}"), 404);
        Assert.Empty((await ReadJsonAsync(await callCentre.GetAsync("/api/v1/trouble-tickets/hub"))).GetProperty("items").EnumerateArray());

        // Staff have no subscriptions: the hub is for partner keys.
        using var staff = app.CreateClient();
        await AssertProblemAsync(await staff.PostAsJsonAsync("/api/v1/trouble-tickets/hub", new { callback = receiver.Url }), 403);
    }

    [Fact]
    public async Task A_removed_subscription_gets_nothing_more()
    {
        var receiver = await StartReceiverAsync();
        var app = StartService();
        using var partner = app.CreateClientAs(CallCentre);
        var (subscriptionId, _) = await SubscribeAsync(partner, receiver.Url);
        await ReportAsync(partner, "phone");
        await app.Services.GetRequiredService<PartnerHubDispatcher>().FanOutAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.NoContent, (await partner.DeleteAsync($"/api/v1/trouble-tickets/hub/{subscriptionId}")).StatusCode);
        await ReportAsync(partner, "phone");
        await RunDispatcherAsync(app);

        Assert.Equal(0, receiver.Requests);
        var states = await WithDbAsync(app, db => db.Set<PartnerDelivery>().Select(d => d.State).ToListAsync());
        Assert.Equal([PartnerDeliveryState.Cancelled], states);
    }

    public static TheoryData<object, string> BadSubscriptions => new()
    {
        { new { }, "callback" },
        { new { callback = "" }, "callback" },
        { new { callback = "ftp://partner.example/events" }, "callback" },
        { new { callback = "javascript:alert(1)" }, "callback" },
        { new { callback = "partner.example/events" }, "callback" },
        { new { callback = "https://user:secret@partner.example/events" }, "callback" },
        { new { callback = "https://partner.example/events#frag" }, "callback" },
        { new { callback = "https://partner.example/" + new string('a', 2000) }, "callback" },
        { new { callback = "https://partner.example/events", query = "status=resolved" }, "query" },
        { new { callback = "https://partner.example/events", query = "eventType=TroubleTicketDeleteEvent" }, "query" },
        { new { callback = "https://partner.example/events", query = "eventType=" }, "query" },
        { new { callback = "https://partner.example/events", query = "eventType=" + new string('a', 600) }, "query" },
    };

    [Theory]
    [MemberData(nameof(BadSubscriptions))]
    public async Task Bad_subscription_input_is_a_400_naming_the_field(object body, string field)
    {
        var app = StartService();
        using var partner = app.CreateClientAs(CallCentre);

        var response = await partner.PostAsJsonAsync("/api/v1/trouble-tickets/hub", body);

        var problem = await AssertProblemAsync(response, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await WithDbAsync(app, db => db.Set<PartnerSubscription>().CountAsync()));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/events")]
    [InlineData("http://localhost/events")]
    [InlineData("http://[::1]/events")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    public void Loopback_and_link_local_callbacks_are_refused_unless_allowed(string callback)
    {
        var refused = new HallPlatform.Application.FieldErrors();
        var allowed = new HallPlatform.Application.FieldErrors();

        Assert.Null(PartnerHubHandling.ValidateCallback(callback, allowLoopback: false, refused));
        Assert.NotNull(PartnerHubHandling.ValidateCallback(callback, allowLoopback: true, allowed));

        Assert.Equal(["callback"], refused.ToDictionary().Keys.ToArray());
        Assert.False(allowed.Any);
    }

    [Fact]
    public async Task The_loopback_rule_is_applied_to_subscriptions_when_not_allowed()
    {
        var app = StartService(allowLoopback: false);
        using var partner = app.CreateClientAs(CallCentre);

        var response = await partner.PostAsJsonAsync("/api/v1/trouble-tickets/hub", new { callback = "http://127.0.0.1:9/events" });

        var problem = await AssertProblemAsync(response, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("callback", out _));
    }

    [Fact]
    public void The_signature_is_hmac_sha256_of_timestamp_dot_body_in_hex()
    {
        // The worked example of docs/fault-partners.md.
        var body = "{\"eventId\":\"1\"}"u8.ToArray();
        var at = DateTimeOffset.FromUnixTimeSeconds(1764979200);

        var header = PartnerHubSignature.Sign("s3cr3t", at, body);

        Assert.Equal("t=1764979200,v1=354ce6a6a2066e24937ba8c5e700cc9788d15fcd9a638ec3e145a93805b2a85f", header);
        Assert.True(PartnerHubSignature.Verify("s3cr3t", header, body, at.AddMinutes(4), TimeSpan.FromMinutes(5)));
        Assert.False(PartnerHubSignature.Verify("s3cr3t", header, body, at.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(PartnerHubSignature.Verify("s3cr3t", header, "{\"eventId\":\"2\"}"u8.ToArray(), at, TimeSpan.FromMinutes(5)));
    }

    private async Task<HubReceiver> StartReceiverAsync(int failFirst = 0)
    {
        var receiver = await HubReceiver.StartAsync(failFirst);
        _disposables.Add(receiver);
        return receiver;
    }

    private WebApplicationFactory<Program> StartService(
        int maxAttempts = 5, bool allowLoopback = true, string? databaseOf = null, bool dispatcher = false, bool fakeClock = true)
    {
        var app = new FaultApp(servers)
        {
            DatabaseOf = databaseOf,
            Settings = new Dictionary<string, string>
            {
                ["Fault:PartnerHub:DispatcherEnabled"] = dispatcher ? "true" : "false",
                ["Fault:PartnerHub:AllowLoopbackCallbacks"] = allowLoopback ? "true" : "false",
                ["Fault:PartnerHub:PollInterval"] = "00:00:00.100",
                ["Fault:PartnerHub:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Fault:PartnerHub:InitialBackoff"] = "00:00:30",
                ["Fault:PartnerHub:MaxBackoff"] = "00:10:00",
                ["HallPlatform:Notifications:DispatcherEnabled"] = "false",
            },
        };
        _disposables.Add(app);
        return app.WithWebHostBuilder(builder =>
        {
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
            if (fakeClock)
            {
                builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
            }
        });
    }

    private static async Task<T> WithDbAsync<T>(WebApplicationFactory<Program> app, Func<FaultDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<FaultDbContext>());
    }

    private static async Task RunDispatcherAsync(WebApplicationFactory<Program> app)
    {
        var dispatcher = app.Services.GetRequiredService<PartnerHubDispatcher>();
        while (await dispatcher.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    private static async Task<(string Id, string Secret)> SubscribeAsync(HttpClient partner, string callback, string? query = null)
    {
        var response = await partner.PostAsJsonAsync("/api/v1/trouble-tickets/hub", new { callback, query });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ReadJsonAsync(response);
        var id = body.GetProperty("id").GetString()!;
        Assert.StartsWith(PartnerSubscription.IdPrefix, id, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/trouble-tickets/hub/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal(callback, body.GetProperty("callback").GetString());
        var secret = body.GetProperty("secret").GetString()!;
        Assert.Equal(PartnerSubscription.SecretLength, secret.Length);
        return (id, secret);
    }

    private static async Task<string> ReportAsync(HttpClient partner, string channel)
    {
        var response = await partner.PostAsJsonAsync("/api/v1/trouble-tickets", new
        {
            channel,
            externalId = "ext-" + Guid.NewGuid().ToString("N"),
            name = "Broadband down",
            description = "Router shows no link",
            severity = "critical",
            ticketType = "broadband",
            customerPhone = Reports.Phone,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("ticketId").GetString()!;
    }

    private static Task<HttpResponseMessage> ChangeStatusAsync(HttpClient staff, string ticketId, string status) =>
        staff.PostAsJsonAsync($"/api/v1/trouble-tickets/{ticketId}/status", new { status, reason = "test" });

    private static async Task<JsonElement> SingleDeliveryAsync(HttpClient partner, string subscriptionId)
    {
        var page = await ReadJsonAsync(await partner.GetAsync($"/api/v1/trouble-tickets/hub/{subscriptionId}/deliveries"));
        return Assert.Single(page.GetProperty("items").EnumerateArray());
    }

    private static Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) => response.ReadJsonAsync();

    private static Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status) =>
        ProblemAssert.IsProblemAsync(response, (HttpStatusCode)status);
}
