using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using HallPlatform.Contracts.Fault.V1;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>
/// The fault journey through the gateway (docs/fault.md, docs/fault-partners.md): the call centre subscribes a receiver
/// on 127.0.0.1 to the hub; it reports a fault over gRPC and the online service another over REST (each sent twice:
/// one ticket); a technician analyses the call centre's ticket and dispatches it (slot search, book, arrive, fixed:
/// resolved); the receiver gets that ticket's events, status and appointment changes, each signed, and nothing of the
/// online service's ticket; the customer is told; the call centre confirms with the customer's score, the ticket
/// closes and the score reaches Quality.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FaultJourneyTests(PlatformFixture platform)
{
    private const string Tickets = "/api/v1/trouble-tickets";

    [Fact]
    public async Task Partners_report_a_technician_dispatches_the_partner_hears_signed_progress_and_the_confirmed_score_reaches_Quality()
    {
        var scoresBefore = await ClosureScoresAsync();
        using var receiver = PartnerEventsReceiver.Start();
        var (subscriptionId, secret) = await SubscribeAsync(receiver.Url);

        // The call centre reports over gRPC, twice (a retry): one ticket.
        using var channel = GrpcChannel.ForAddress(platform.GatewayGrpcAddress);
        var grpc = new TroubleTicketService.TroubleTicketServiceClient(channel);
        var callCentre = new Metadata { { "x-api-key", PlatformFixture.DevCallCentreKey } };
        var report = new ReportFaultRequest
        {
            Channel = "phone",
            ExternalId = "CC-" + Guid.NewGuid().ToString("N")[..10],
            Name = "No broadband",
            Description = "The optical terminal shows a red light.",
            Severity = "major",
            TicketType = "broadband",
            HallId = "hall-001",
            CustomerPhone = "13812345678",
            CustomerName = "Li Na",
        };
        var phoneTicket = await grpc.ReportFaultAsync(report, callCentre);
        var phoneRetry = await grpc.ReportFaultAsync(report, callCentre);
        Assert.Equal(phoneTicket.TicketId, phoneRetry.TicketId);
        var ticketId = phoneTicket.TicketId;

        // The online service reports over REST, twice: 201, then 200 with the same ticket.
        var onlineReport = new
        {
            channel = "online",
            externalId = "ON-" + Guid.NewGuid().ToString("N")[..10],
            name = "Slow data",
            description = "Mobile data is very slow in the evening.",
            severity = "minor",
            ticketType = "mobile",
            customerPhone = "13700001111",
        };
        using var onlineFirst = await SendAsPartnerAsync(HttpMethod.Post, Tickets, PlatformFixture.DevOnlineKey, onlineReport);
        using var onlineRetry = await SendAsPartnerAsync(HttpMethod.Post, Tickets, PlatformFixture.DevOnlineKey, onlineReport);
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (onlineFirst.StatusCode, onlineRetry.StatusCode));
        var onlineTicketId = (await onlineFirst.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!;
        Assert.Equal(onlineTicketId, (await onlineRetry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString());
        Assert.NotEqual(ticketId, onlineTicketId);

        // A technician of the hall, covering a fresh area, analyses and dispatches the call centre's ticket.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var staffId = "e2e-tech-" + suffix;
        var area = "e2e-" + suffix;
        string[] days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
        using var saved = await platform.Gateway.PutAsJsonAsync($"/api/v1/technicians/{staffId}", new
        {
            hallId = "hall-001",
            displayName = "Wu Fang",
            skills = new[] { "broadband" },
            areas = new[] { area },
            active = true,
            workingHours = days.Select(day => new { day, start = "00:00", end = "22:00" }).ToArray(),
            blockedDays = Array.Empty<string>(),
        });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        using var technician = platform.App.CreateHttpClient("gateway", "http");
        technician.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", await platform.StaffTokenAsync(staffId, ["technician"], ["hall-001"]));
        var ticket = $"{Tickets}/{ticketId}";
        Assert.Equal(HttpStatusCode.OK, (await technician.PostAsJsonAsync($"{ticket}/start", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await technician.PostAsJsonAsync($"{ticket}/analysis",
            new { causeCategory = "equipment", findings = "Optical terminal faulty", area })).StatusCode);

        var from = DateTimeOffset.UtcNow;
        using var slotsResponse = await technician.GetAsync(
            $"{ticket}/appointment-slots?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(from.AddDays(2).ToString("O"))}");
        Assert.Equal(HttpStatusCode.OK, slotsResponse.StatusCode);
        var slot = (await slotsResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slots").EnumerateArray().First();
        Assert.Equal(1, slot.GetProperty("availableTechnicians").GetInt32());
        using var dispatched = await technician.PostAsJsonAsync($"{ticket}/dispatch",
            new { start = slot.GetProperty("start").GetString(), end = slot.GetProperty("end").GetString() });
        Assert.Equal(HttpStatusCode.Created, dispatched.StatusCode);
        var appointment = await dispatched.Content.ReadFromJsonAsync<JsonElement>();
        var appointmentId = appointment.GetProperty("appointmentId").GetString()!;
        Assert.Equal((staffId, "booked"), (appointment.GetProperty("technicianId").GetString(), appointment.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await technician.PostAsJsonAsync($"{ticket}/appointment/arrival", new { })).StatusCode);
        using var fixedResponse = await technician.PostAsJsonAsync($"{ticket}/appointment/outcome",
            new { outcome = "fixed", workDone = "Replaced the optical terminal" });
        Assert.Equal(HttpStatusCode.OK, fixedResponse.StatusCode);
        Assert.Equal("resolved", (await fixedResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketStatus").GetString());

        // The partner reads the appointment and the area on its ticket, the TMF way.
        using var tmf = await SendAsPartnerAsync(HttpMethod.Get, $"/tmf-api/troubleTicket/v4/troubleTicket/{ticketId}?fields=relatedEntity",
            PlatformFixture.DevCallCentreKey);
        Assert.Equal(HttpStatusCode.OK, tmf.StatusCode);
        var related = (await tmf.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("relatedEntity").EnumerateArray()
            .Select(e => (e.GetProperty("id").GetString(), e.GetProperty("role").GetString(), e.GetProperty("@referredType").GetString())).ToList();
        Assert.Equal([(area, "area", "GeographicLocation"), (appointmentId, "onSiteAppointment", "Appointment")], related);

        // The call centre confirms with the customer's score: closed.
        using var confirmed = await SendAsPartnerAsync(HttpMethod.Post, $"{ticket}/confirm", PlatformFixture.DevCallCentreKey, new { satisfactionScore = 4 });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var closed = await confirmed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("closed", 4), (closed.GetProperty("status").GetString(), closed.GetProperty("satisfactionScore").GetInt32()));

        // The customer was told of each step (the ticket's message record).
        using var messages = await technician.GetAsync($"{ticket}/communications");
        Assert.Equal(HttpStatusCode.OK, messages.StatusCode);
        var codes = (await messages.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("communications").EnumerateArray()
            .Select(m => m.GetProperty("templateCode").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["fault.acknowledged", "fault.appointment-booked", "fault.closed", "fault.inProgress", "fault.resolved"], codes);

        // The partner's receiver: every event of its ticket, signed, and nothing of the online service's ticket.
        (string Type, string? Status, string? Appointment)[] expected =
        [
            ("TroubleTicketAttributeValueChangeEvent", null, "arrived"),
            ("TroubleTicketAttributeValueChangeEvent", null, "booked"),
            ("TroubleTicketAttributeValueChangeEvent", null, "fixed"),
            ("TroubleTicketCreateEvent", "acknowledged", null),
            ("TroubleTicketResolvedEvent", "resolved", null),
            ("TroubleTicketStateChangeEvent", "closed", null),
            ("TroubleTicketStateChangeEvent", "inProgress", null),
            ("TroubleTicketStateChangeEvent", "resolved", null),
        ];
        var received = await receiver.WaitUntilAsync(r => r.Count >= expected.Length, TimeSpan.FromSeconds(60));
        Assert.All(received, r =>
        {
            Assert.True(r.IsSignedWith(secret), $"signature {r.Signature} does not verify");
            Assert.False(r.IsSignedWith(secret + "0"));
            Assert.Equal(ticketId, r.TicketId);
        });
        Assert.Equal(expected, received.Select(r => (Type: r.EventType, r.Status, Appointment: AppointmentStatusOf(r, appointmentId)))
            .OrderBy(e => $"{e.Type}|{e.Status}|{e.Appointment}", StringComparer.Ordinal).ToArray());
        using var deliveries = await SendAsPartnerAsync(HttpMethod.Get, $"{Tickets}/hub/{subscriptionId}/deliveries?state=delivered",
            PlatformFixture.DevCallCentreKey);
        Assert.Equal(expected.Length, (await deliveries.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32());

        // The customer's score reaches Quality through Fault's closed event.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await ClosureScoresAsync() <= scoresBefore)
        {
            Assert.True(DateTime.UtcNow < until, "the closure score never reached Quality's satisfaction summary");
            await Task.Delay(250);
        }
    }

    /// <summary>The appointment's status an appointment event names ("on-site visit ..., booked"), or null for other events.</summary>
    private static string? AppointmentStatusOf(ReceivedPartnerEvent received, string appointmentId)
    {
        var appointment = received.RelatedEntity.SingleOrDefault(e => e.GetProperty("@referredType").GetString() == "Appointment");
        if (appointment.ValueKind == JsonValueKind.Undefined)
        {
            return null;
        }
        Assert.Equal(appointmentId, appointment.GetProperty("id").GetString());
        return appointment.GetProperty("name").GetString()!.Split(", ")[^1];
    }

    private async Task<(string Id, string Secret)> SubscribeAsync(string callback)
    {
        using var response = await SendAsPartnerAsync(HttpMethod.Post, $"{Tickets}/hub", PlatformFixture.DevCallCentreKey, new { callback });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    private async Task<HttpResponseMessage> SendAsPartnerAsync(HttpMethod method, string path, string key, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", key);
        return await platform.Anonymous.SendAsync(request);
    }

    private async Task<int> ClosureScoresAsync()
    {
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        var summary = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/api/v1/satisfaction-summary?hallId=hall-001&from={from}&to={to}");
        return summary.GetProperty("closureScores").GetInt32();
    }
}
