using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Application;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace HallPlatform.Platform.Tests;

/// <summary>ETag on a resource's GET, If-None-Match, and If-Match (412/428) on its changes, through a real pipeline.</summary>
public sealed class PreconditionsTests : IAsyncLifetime
{
    private sealed record Thing(string Id, string Name);

    private readonly ConcurrentDictionary<string, Thing> _things = new(StringComparer.Ordinal);
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddHttpApiDefaults();
        _app = builder.Build();
        _app.UseHttpApiDefaults();
        var group = _app.MapGroup("/api/v1/things").WithTag("Things", "Test things.");
        group.MapGet("/", () => TypedResults.Ok(new ResultPage<Thing>([.. _things.Values], 1, 20, _things.Count)));
        group.MapGet("/{thingId}", Results<Ok<Thing>, NotFound> (string thingId) =>
            _things.TryGetValue(thingId, out var thing) ? TypedResults.Ok(thing) : TypedResults.NotFound());
        group.MapPut("/{thingId}", (string thingId, Thing body) =>
        {
            _things[thingId] = body with { Id = thingId };
            return TypedResults.Ok(_things[thingId]);
        }).RequireIfMatch();
        group.MapPost("/{thingId}/rename", async Task<Results<Ok<Thing>, NotFound>> (string thingId, Thing body) =>
        {
            if (!_things.TryGetValue(thingId, out var thing))
            {
                return TypedResults.NotFound();
            }
            // Time for a concurrent change to slip in, were the check and the change not one step.
            await Task.Delay(20);
            _things[thingId] = thing with { Name = body.Name };
            return TypedResults.Ok(_things[thingId]);
        });
        await _app.StartAsync();
        _http = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    private static string ExpectedETag(Thing thing) => Preconditions.ETagOf(thing, new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private async Task<string> ETagAsync(string id)
    {
        using var response = await _http.GetAsync($"/api/v1/things/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.ToString();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await _http.SendAsync(request);
    }

    [Fact]
    public async Task A_resource_carries_the_hash_of_its_json_as_a_strong_etag_and_if_none_match_is_304()
    {
        _things["t1"] = new Thing("t1", "Counter A");

        var etag = await ETagAsync("t1");

        // SHA-256 of {"id":"t1","name":"Counter A"}, first 16 bytes, base64url, quoted.
        Assert.Equal(ExpectedETag(new Thing("t1", "Counter A")), etag);
        Assert.Matches("^\"[A-Za-z0-9_-]{22}\"$", etag);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/things/t1");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var notModified = await _http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        using var list = await _http.GetAsync("/api/v1/things");
        Assert.Null(list.Headers.ETag);
        using var missing = await _http.GetAsync("/api/v1/things/none");
        Assert.Null(missing.Headers.ETag);
    }

    [Fact]
    public async Task An_admin_edit_needs_if_match_once_the_resource_exists_and_a_stale_one_is_412()
    {
        using (var created = await SendAsync(HttpMethod.Put, "/api/v1/things/t2", new Thing("", "First")))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }
        var first = await ETagAsync("t2");

        using var without = await SendAsync(HttpMethod.Put, "/api/v1/things/t2", new Thing("", "Second"));
        await ProblemAssert.IsProblemAsync(without, (HttpStatusCode)428);
        using var edited = await SendAsync(HttpMethod.Put, "/api/v1/things/t2", new Thing("", "Second"), first);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        using var stale = await SendAsync(HttpMethod.Put, "/api/v1/things/t2", new Thing("", "Third"), first);
        await ProblemAssert.IsProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        using var weak = await SendAsync(HttpMethod.Put, "/api/v1/things/t2", new Thing("", "Third"), "W/" + await ETagAsync("t2"));
        await ProblemAssert.IsProblemAsync(weak, HttpStatusCode.PreconditionFailed);
        using var any = await SendAsync(HttpMethod.Put, "/api/v1/things/t2", new Thing("", "Fourth"), "*");
        Assert.Equal(HttpStatusCode.OK, any.StatusCode);
        using var anyMissing = await SendAsync(HttpMethod.Put, "/api/v1/things/t3", new Thing("", "New"), "*");
        await ProblemAssert.IsProblemAsync(anyMissing, HttpStatusCode.PreconditionFailed);

        Assert.Equal("Fourth", _things["t2"].Name);
        Assert.False(_things.ContainsKey("t3"));
    }

    [Fact]
    public async Task A_state_change_honours_if_match_when_sent_and_goes_ahead_without_it()
    {
        _things["t4"] = new Thing("t4", "Old");
        var etag = await ETagAsync("t4");

        using var free = await SendAsync(HttpMethod.Post, "/api/v1/things/t4/rename", new Thing("", "Free"));
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
        using var stale = await SendAsync(HttpMethod.Post, "/api/v1/things/t4/rename", new Thing("", "Stale"), etag);
        await ProblemAssert.IsProblemAsync(stale, HttpStatusCode.PreconditionFailed);

        Assert.Equal("Free", _things["t4"].Name);
    }

    [Fact]
    public async Task Concurrent_changes_with_one_etag_let_exactly_one_through()
    {
        _things["t5"] = new Thing("t5", "Start");
        var etag = await ETagAsync("t5");

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            SendAsync(HttpMethod.Post, "/api/v1/things/t5/rename", new Thing("", $"Name {i}"), etag)));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(9, answers.Count(a => a.StatusCode == HttpStatusCode.PreconditionFailed));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }
}
