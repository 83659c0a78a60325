using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>Who may do what, checked against the real platform: the gateway's access rules and the services' trust.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SecurityJourneyTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_kiosk_checks_in_anonymously_and_polls_its_masked_ticket_but_cannot_call_it()
    {
        var checkIn = await platform.Anonymous.PostAsJsonAsync("/api/v1/visits", new
        {
            customerName = "Li Na",
            customerPhone = "13655556666",
            serviceType = "billing",
        });
        Assert.Equal(HttpStatusCode.Created, checkIn.StatusCode);
        var visitId = (await checkIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString();

        var poll = await platform.Anonymous.GetAsync($"/api/v1/visits/{visitId}");
        var callNext = await platform.Anonymous.PostAsync("/api/v1/counters/c01/call-next", content: null);

        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        Assert.DoesNotContain("Li Na", await poll.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, callNext.StatusCode);
        Assert.Equal("application/problem+json", callNext.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(callNext.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Staff_of_another_hall_cannot_read_this_halls_kpis_and_a_wrong_role_is_forbidden()
    {
        using var otherHall = new HttpRequestMessage(HttpMethod.Get, "/api/v1/halls/hall-001/kpis");
        otherHall.Headers.Authorization = new AuthenticationHeaderValue(
            "Bearer", await platform.StaffTokenAsync("sup-9", ["supervisor"], ["hall-009"]));
        using var ownHall = new HttpRequestMessage(HttpMethod.Get, "/api/v1/halls/hall-001/kpis");
        ownHall.Headers.Authorization = new AuthenticationHeaderValue(
            "Bearer", await platform.StaffTokenAsync("sup-1", ["supervisor"], ["hall-001"]));
        using var wrongRole = new HttpRequestMessage(HttpMethod.Get, "/api/v1/complaints");
        wrongRole.Headers.Authorization = new AuthenticationHeaderValue(
            "Bearer", await platform.StaffTokenAsync("tech-1", ["technician"], ["hall-001"]));

        var refused = await platform.Anonymous.SendAsync(otherHall);
        var allowed = await platform.Anonymous.SendAsync(ownHall);
        var forbidden = await platform.Anonymous.SendAsync(wrongRole);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Theory]
    [InlineData("fault", "/api/v1/trouble-tickets")]
    [InlineData("reception", "/api/v1/service-types")]
    public async Task A_service_called_directly_without_the_gateway_refuses(string service, string path)
    {
        using var direct = platform.App.CreateHttpClient(service, "http");

        var response = await direct.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
