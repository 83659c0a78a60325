using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>
/// The TMF621 resource API and the hub's isolation through the gateway (docs/fault-partners.md), for what the fault
/// journey (FaultJourneyTests: subscription, signed events, deliveries) does not cover: the call centre reports over
/// the TMF621 API, a technician moves the ticket by TMF merge patch, and another partner's key cannot remove the call
/// centre's subscription.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FaultPartnerHubTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_partner_reports_over_TMF621_a_technician_patches_it_and_another_partner_cannot_touch_the_subscription()
    {
        using var subscribe = new HttpRequestMessage(HttpMethod.Post, "/api/v1/trouble-tickets/hub")
        {
            Content = JsonContent.Create(new { callback = "http://127.0.0.1:9/partner-events/" }),
        };
        subscribe.Headers.Add("X-Api-Key", PlatformFixture.DevCallCentreKey);
        using var subscribed = await platform.Anonymous.SendAsync(subscribe);
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var subscriptionId = (await subscribed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

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

        // A technician takes it on (TMF merge patch).
        using var technician = platform.App.CreateHttpClient("gateway", "http");
        technician.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", await platform.StaffTokenAsync("e2e-technician", ["technician"], ["*"]));
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/tmf-api/troubleTicket/v4/troubleTicket/{ticketId}")
        {
            Content = new StringContent("""{"status":"inProgress","statusChangeReason":"line test running"}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        using var patched = await technician.SendAsync(patch);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("inProgress", (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        // Another partner's key does not see the subscription; its owner removes it.
        using var foreign = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/trouble-tickets/hub/{subscriptionId}");
        foreign.Headers.Add("X-Api-Key", PlatformFixture.DevOnlineKey);
        using var refused = await platform.Anonymous.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        using var remove = new HttpRequestMessage(HttpMethod.Delete, $"/tmf-api/troubleTicket/v4/hub/{subscriptionId}");
        remove.Headers.Add("X-Api-Key", PlatformFixture.DevCallCentreKey);
        using var removed = await platform.Anonymous.SendAsync(remove);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
    }
}
