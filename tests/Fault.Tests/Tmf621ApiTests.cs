using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HallPlatform.Identity;

namespace HallPlatform.Fault.Tests;

/// <summary>
/// The TMF621 v4 resource API (docs/fault-partners.md): TMF field names, filters, <c>fields</c>, offset/limit paging
/// headers, create with replay, merge-patch status changes, the hub, and TMF's error fields on every failure.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class Tmf621ApiTests(RealServersFixture servers) : FaultServiceTestBase(servers)
{
    private const string Tickets = "/tmf-api/troubleTicket/v4/troubleTicket";

    private static readonly HallCaller CallCentre = TestCallers.Partner("callcentre",
        PartnerScopes.ReportFaults, PartnerScopes.ReadOwnFaults, PartnerScopes.SubscribeEvents);

    private static readonly HallCaller OnlineShop = TestCallers.Partner("online",
        PartnerScopes.ReportFaults, PartnerScopes.ReadOwnFaults, PartnerScopes.SubscribeEvents);

    [Fact]
    public async Task A_created_ticket_has_the_TMF621_field_names_and_a_retry_returns_it()
    {
        using var partner = App.CreateClientAs(CallCentre);
        var body = TmfReport("phone", NewExternalId(), "critical", "broadband");

        var created = await partner.PostAsJsonAsync(Tickets, body);
        var replay = await partner.PostAsJsonAsync(Tickets, body);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = await ReadJsonAsync(created);
        var id = ticket.GetProperty("id").GetString()!;
        Assert.Equal($"{Tickets}/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal($"{Tickets}/{id}", ticket.GetProperty("href").GetString());
        Assert.Equal("TroubleTicket", ticket.GetProperty("@type").GetString());
        Assert.Equal(body.externalId, ticket.GetProperty("externalId").GetString());
        Assert.Equal("Broadband down", ticket.GetProperty("name").GetString());
        Assert.Equal("Router shows no link", ticket.GetProperty("description").GetString());
        Assert.Equal("critical", ticket.GetProperty("severity").GetString());
        Assert.Equal("broadband", ticket.GetProperty("ticketType").GetString());
        Assert.Equal("acknowledged", ticket.GetProperty("status").GetString());
        Assert.Equal(Start, ticket.GetProperty("creationDate").GetDateTimeOffset());
        Assert.Equal(Start, ticket.GetProperty("lastUpdate").GetDateTimeOffset());
        Assert.Equal(Start.AddHours(48), ticket.GetProperty("expectedResolutionDate").GetDateTimeOffset());
        Assert.Equal("phone", ticket.GetProperty("channel").GetProperty("id").GetString());
        var change = Assert.Single(ticket.GetProperty("statusChange").EnumerateArray());
        Assert.Equal("acknowledged", change.GetProperty("status").GetString());
        Assert.Equal("registered", change.GetProperty("changeReason").GetString());
        Assert.Equal(JsonValueKind.Array, ticket.GetProperty("note").ValueKind);
        var party = Assert.Single(ticket.GetProperty("relatedParty").EnumerateArray());
        Assert.Equal("callcentre", party.GetProperty("id").GetString());
        Assert.Equal("reporter", party.GetProperty("role").GetString());

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(id, (await ReadJsonAsync(replay)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_list_filters_pages_with_count_headers_and_projects_fields()
    {
        using var partner = App.CreateClientAs(CallCentre);
        var critical = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            critical.Add(await CreateAsync(partner, TmfReport("phone", NewExternalId(), "critical", "broadband")));
        }
        Clock.Advance(TimeSpan.FromMinutes(1));
        var minor = await CreateAsync(partner, TmfReport("phone", "minor-ref", "minor", "mobile"));

        using var all = await partner.GetAsync(Tickets);
        using var criticalPage = await partner.GetAsync($"{Tickets}?severity=critical&offset=1&limit=1");
        using var byType = await partner.GetAsync($"{Tickets}?ticketType=mobile");
        using var byExternalId = await partner.GetAsync($"{Tickets}?externalId=minor-ref");
        using var byStatus = await partner.GetAsync($"{Tickets}?status=inProgress");
        using var projected = await partner.GetAsync($"{Tickets}?fields=status,severity&limit=2");

        Assert.Equal("4", all.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal("4", all.Headers.GetValues("X-Result-Count").Single());
        string[] newestFirst = [minor, .. Enumerable.Reverse(critical)];
        Assert.Equal(newestFirst, await IdsAsync(all));
        // Newest first: offset 1 of the critical ones is the second newest.
        Assert.Equal("3", criticalPage.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal("1", criticalPage.Headers.GetValues("X-Result-Count").Single());
        Assert.Equal(critical[1], Assert.Single(await IdsAsync(criticalPage)));
        Assert.Equal(minor, Assert.Single(await IdsAsync(byType)));
        Assert.Equal(minor, Assert.Single(await IdsAsync(byExternalId)));
        Assert.Empty(await IdsAsync(byStatus));
        Assert.Equal("4", projected.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal("2", projected.Headers.GetValues("X-Result-Count").Single());
        var first = (await ReadJsonAsync(projected)).EnumerateArray().First();
        Assert.Equal(["@type", "href", "id", "severity", "status"], first.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task A_partner_reads_only_its_own_tickets_and_errors_carry_the_TMF_fields()
    {
        using var callCentre = App.CreateClientAs(CallCentre);
        using var online = App.CreateClientAs(OnlineShop);
        var id = await CreateAsync(callCentre, TmfReport("phone", NewExternalId(), "major", "mobile"));

        using var own = await callCentre.GetAsync($"{Tickets}/{id}?fields=status");
        using var other = await online.GetAsync($"{Tickets}/{id}");
        using var list = await online.GetAsync(Tickets);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(["@type", "href", "id", "status"],
            (await ReadJsonAsync(own)).EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        var error = await AssertProblemAsync(other, 404);
        Assert.Equal("404", error.GetProperty("code").GetString());
        Assert.Equal("Error", error.GetProperty("@type").GetString());
        Assert.Equal(error.GetProperty("title").GetString(), error.GetProperty("reason").GetString());
        Assert.Equal(error.GetProperty("detail").GetString(), error.GetProperty("message").GetString());
        Assert.Equal(error.GetProperty("type").GetString(), error.GetProperty("referenceError").GetString());
        Assert.Equal("0", list.Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task A_merge_patch_moves_the_status_along_the_lifecycle_only()
    {
        var id = await CreateAsync(Http, TmfReport("hall", null, "major", "mobile", hallId: "hall_1"));

        Clock.Advance(TimeSpan.FromMinutes(5));
        using var moved = await PatchAsync(id, """{"status":"inProgress","statusChangeReason":"technician on site"}""");
        using var forbidden = await PatchAsync(id, """{"status":"closed"}""");
        using var unknown = await PatchAsync(id, """{"status":"fixed"}""");
        using var missing = await PatchAsync(id, """{"statusChangeReason":"x"}""");
        using var tooLong = await PatchAsync(id, $$"""{"status":"held","statusChangeReason":"{{new string('r', 501)}}"}""");
        using var note = await PatchAsync(id, """{"note":[{"text":"called the customer"}]}""");
        using var absent = await PatchAsync("tt_missing", """{"status":"inProgress"}""");

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var ticket = await ReadJsonAsync(moved);
        Assert.Equal("inProgress", ticket.GetProperty("status").GetString());
        Assert.Equal("technician on site", ticket.GetProperty("statusChangeReason").GetString());
        Assert.Equal(Start.AddMinutes(5), ticket.GetProperty("lastUpdate").GetDateTimeOffset());
        Assert.Equal(["acknowledged", "inProgress"], ticket.GetProperty("statusChange").EnumerateArray().Select(c => c.GetProperty("status").GetString()!).ToArray());
        var conflict = await AssertProblemAsync(forbidden, 409);
        Assert.Equal("409", conflict.GetProperty("code").GetString());
        Assert.True((await AssertProblemAsync(unknown, 400)).GetProperty("errors").TryGetProperty("status", out _));
        Assert.True((await AssertProblemAsync(missing, 400)).GetProperty("errors").TryGetProperty("status", out _));
        Assert.True((await AssertProblemAsync(tooLong, 400)).GetProperty("errors").TryGetProperty("statusChangeReason", out _));
        Assert.True((await AssertProblemAsync(note, 400)).GetProperty("errors").TryGetProperty("note", out _));
        await AssertProblemAsync(absent, 404);
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "limit=0", "limit" },
        { "limit=101", "limit" },
        { "offset=-1", "offset" },
        { "offset=99999999999", "offset" },
        { "fields=status,secret", "fields" },
        { "status=fixed", "status" },
        { "severity=urgent", "severity" },
        { "ticketType=tv", "ticketType" },
        { "externalId=" + new string('x', 101), "externalId" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Bad_list_queries_are_400_naming_the_parameter(string query, string field)
    {
        using var response = await Http.GetAsync($"{Tickets}?{query}");

        var problem = await AssertProblemAsync(response, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal("400", problem.GetProperty("code").GetString());
    }

    public static TheoryData<string, string> BadCreates => new()
    {
        { """{"name":"x","severity":"major","ticketType":"mobile"}""", "channel" },
        { """{"name":"x","severity":"major","ticketType":"mobile","channel":{"id":"fax"}}""", "channel" },
        { """{"name":"x","severity":"major","ticketType":"mobile","channel":{"id":"phone","name":"online"}}""", "channel" },
        { """{"name":"x","severity":"major","ticketType":"mobile","channel":{"id":"phone"}}""", "externalId" },
        { """{"severity":"major","ticketType":"mobile","channel":{"id":"hall"},"relatedParty":[{"id":"hall_1","role":"hall"}]}""", "name" },
        { """{"name":"x","severity":"major","ticketType":"mobile","channel":{"id":"hall"}}""", "hallId" },
        { """{"name":"x","severity":"major","ticketType":"mobile","channel":{"id":"hall"},"relatedParty":[{"id":"a","role":"hall"},{"id":"b","role":"hall"}]}""", "relatedParty" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Bad_creates_are_400_naming_the_field(string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(Tickets, content);

        var problem = await AssertProblemAsync(response, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task The_TMF_hub_registers_and_unregisters_a_partners_listener()
    {
        using var partner = App.CreateClientAs(CallCentre);
        using var other = App.CreateClientAs(OnlineShop);

        using var created = await partner.PostAsJsonAsync("/tmf-api/troubleTicket/v4/hub",
            new { callback = "http://127.0.0.1:9/listener", query = "eventType=TroubleTicketStateChangeEvent" });
        var hub = await ReadJsonAsync(created);
        var id = hub.GetProperty("id").GetString()!;
        using var bad = await partner.PostAsJsonAsync("/tmf-api/troubleTicket/v4/hub", new { callback = "gopher://x" });
        using var othersDelete = await other.DeleteAsync($"/tmf-api/troubleTicket/v4/hub/{id}");
        using var deleted = await partner.DeleteAsync($"/tmf-api/troubleTicket/v4/hub/{id}");
        using var again = await partner.DeleteAsync($"/tmf-api/troubleTicket/v4/hub/{id}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/tmf-api/troubleTicket/v4/hub/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("http://127.0.0.1:9/listener", hub.GetProperty("callback").GetString());
        Assert.Equal("eventType=TroubleTicketStateChangeEvent", hub.GetProperty("query").GetString());
        Assert.Equal(64, hub.GetProperty("secret").GetString()!.Length);
        var problem = await AssertProblemAsync(bad, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("callback", out _));
        Assert.Equal("Error", problem.GetProperty("@type").GetString());
        await AssertProblemAsync(othersDelete, 404);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertProblemAsync(again, 404);
    }

    [Fact]
    public async Task The_area_and_the_appointments_are_related_entities_selectable_by_fields_and_only_the_reporter_sees_them()
    {
        using var partner = App.CreateClientAs(CallCentre);
        using var other = App.CreateClientAs(OnlineShop);
        var id = await CreateAsync(partner, TmfReport("phone", NewExternalId(), "major", "broadband"));
        var before = await ReadJsonAsync(await partner.GetAsync($"{Tickets}/{id}"));
        Assert.Equal(0, before.GetProperty("relatedEntity").GetArrayLength());
        (await Http.PutAsJsonAsync("/api/v1/technicians/tech-tmf", new
        {
            hallId = "hall_1", displayName = "Zhao Lei", skills = new[] { "broadband" }, areas = new[] { "xh-07" }, active = true,
            workingHours = new[] { new { day = "monday", start = "09:00", end = "13:00" } }, blockedDays = Array.Empty<string>(),
        })).EnsureSuccessStatusCode();
        (await Http.PostAsJsonAsync($"/api/v1/trouble-tickets/{id}/start", new { })).EnsureSuccessStatusCode();
        (await Http.PostAsJsonAsync($"/api/v1/trouble-tickets/{id}/analysis",
            new { causeCategory = "equipment", findings = "Router dead", area = "xh-07" })).EnsureSuccessStatusCode();
        // Monday 2025-03-03 09:00-11:00 hall time.
        using var dispatched = await Http.PostAsJsonAsync($"/api/v1/trouble-tickets/{id}/dispatch",
            new { start = "2025-03-03T01:00:00Z", end = "2025-03-03T03:00:00Z" });
        Assert.Equal(HttpStatusCode.Created, dispatched.StatusCode);
        var appointmentId = (await ReadJsonAsync(dispatched)).GetProperty("appointmentId").GetString()!;

        var ticket = await ReadJsonAsync(await partner.GetAsync($"{Tickets}/{id}"));
        var projected = await ReadJsonAsync(await partner.GetAsync($"{Tickets}/{id}?fields=relatedEntity,status"));
        var listed = await ReadJsonAsync(await partner.GetAsync($"{Tickets}?externalId={ticket.GetProperty("externalId").GetString()}&fields=relatedEntity"));
        using var foreign = await other.GetAsync($"{Tickets}/{id}?fields=relatedEntity");

        var entities = ticket.GetProperty("relatedEntity").EnumerateArray().ToList();
        Assert.Equal(2, entities.Count);
        Assert.Equal(["id", "name", "role", "@referredType", "@type"], entities[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(("xh-07", "xh-07", "area", "GeographicLocation", "RelatedEntity"), (entities[0].GetProperty("id").GetString(),
            entities[0].GetProperty("name").GetString(), entities[0].GetProperty("role").GetString(),
            entities[0].GetProperty("@referredType").GetString(), entities[0].GetProperty("@type").GetString()));
        Assert.Equal(["id", "href", "name", "role", "@referredType", "@type"], entities[1].EnumerateObject().Select(p => p.Name));
        Assert.Equal((appointmentId, $"/api/v1/trouble-tickets/{id}/appointments", "on-site visit 2025-03-03 09:00-11:00 (hall time UTC+8), booked",
                "onSiteAppointment", "Appointment", "RelatedEntity"),
            (entities[1].GetProperty("id").GetString(), entities[1].GetProperty("href").GetString(), entities[1].GetProperty("name").GetString(),
                entities[1].GetProperty("role").GetString(), entities[1].GetProperty("@referredType").GetString(),
                entities[1].GetProperty("@type").GetString()));
        Assert.Equal(["id", "href", "@type", "status", "relatedEntity"], projected.EnumerateObject().Select(p => p.Name));
        Assert.Equal(ticket.GetProperty("relatedEntity").GetRawText(), projected.GetProperty("relatedEntity").GetRawText());
        var item = Assert.Single(listed.EnumerateArray());
        Assert.Equal(ticket.GetProperty("relatedEntity").GetRawText(), item.GetProperty("relatedEntity").GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    private Task<HttpResponseMessage> PatchAsync(string id, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"{Tickets}/{id}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/merge-patch+json"),
        };
        return Http.SendAsync(request);
    }

    private static async Task<string> CreateAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync(Tickets, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("id").GetString()!;
    }

    private static async Task<string[]> IdsAsync(HttpResponseMessage response) =>
        [.. (await ReadJsonAsync(response)).EnumerateArray().Select(t => t.GetProperty("id").GetString()!)];

    private static TmfReportBody TmfReport(string channel, string? externalId, string severity, string ticketType, string? hallId = null) =>
        new("Broadband down", "Router shows no link", severity, ticketType, externalId, new { id = channel },
            hallId is null ? null : [new { id = hallId, role = "hall" }]);

    private sealed record TmfReportBody(
        string name, string description, string severity, string ticketType, string? externalId, object channel, object[]? relatedParty);
}
