using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Testing;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>
/// Check-in reads the hall setup from a cache: a catalogue or counter change must show at once, here and in every
/// other instance sharing Redis, and a closed counter must never call.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CatalogueCacheTests(RealServersFixture servers)
{
    // So long that only an invalidation, never the entry lifetime, can explain a fresh answer.
    private static readonly Dictionary<string, string> LongCache = new() { ["Reception:CatalogueCacheSeconds"] = "3600" };

    private static IReadOnlyList<string?> Counters(JsonElement visit) =>
        [.. visit.GetProperty("guidance").GetProperty("counterIds").EnumerateArray().Select(c => c.GetString())];

    [Fact]
    public async Task A_counter_closed_or_a_type_changed_shows_in_the_next_check_in()
    {
        await using var app = new ReceptionApp(servers, settings: LongCache);
        using var client = app.CreateClient();
        var before = await app.CheckInAsync(client, "new-line");
        Assert.Equal(["c01", "c02", "c05"], Counters(before));
        Assert.False(before.GetProperty("guidance").GetProperty("selfService").GetBoolean());

        _ = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c01/close");
        using var put = await client.PutAsJsonAsync("/api/v1/service-types/new-line", new { selfService = true });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var after = await app.CheckInAsync(client, "new-line");

        Assert.Equal(["c02", "c05"], Counters(after));
        Assert.True(after.GetProperty("guidance").GetProperty("selfService").GetBoolean());
    }

    [Fact]
    public async Task A_new_counter_and_an_opened_counter_show_in_the_next_check_in()
    {
        await using var app = new ReceptionApp(servers, settings: LongCache);
        using var client = app.CreateClient();
        _ = await app.CheckInAsync(client, "billing");

        using var put = await client.PutAsJsonAsync("/api/v1/counters/c09", new { name = "Counter 9", serviceTypes = new[] { "billing" } });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        _ = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c09/open", new { staffId = "s9" });
        var after = await app.CheckInAsync(client, "billing");

        Assert.Equal(["c02", "c03", "c05", "c09"], Counters(after));
    }

    [Fact]
    public async Task A_change_made_through_one_instance_reaches_the_cache_of_another()
    {
        await using var first = new ReceptionApp(servers, settings: LongCache);
        using var firstClient = first.CreateClient();
        // A second instance of the service on the same database and Redis.
        await using var second = new ReceptionApp(servers, settings: new Dictionary<string, string>(LongCache)
        {
            ["ConnectionStrings:receptiondb"] = first.DatabaseConnectionString,
        });
        using var secondClient = second.CreateClient();
        Assert.Equal(["c01", "c02", "c05"], Counters(await second.CheckInAsync(secondClient, "new-line")));

        _ = await ReceptionApp.PostOkAsync(firstClient, "/api/v1/counters/c02/close");

        // The announcement travels through Redis pub/sub: allow it a moment, far below the one-hour entry lifetime.
        IReadOnlyList<string?> seen = [];
        for (var attempt = 0; attempt < 40; attempt++)
        {
            seen = Counters(await second.CheckInAsync(secondClient, "new-line"));
            if (!seen.Contains("c02"))
            {
                break;
            }
            await Task.Delay(50);
        }
        Assert.Equal(["c01", "c05"], seen);
    }

    [Fact]
    public async Task A_counter_closed_a_moment_ago_cannot_call_next_on_any_instance()
    {
        await using var first = new ReceptionApp(servers, settings: LongCache);
        using var firstClient = first.CreateClient();
        await using var second = new ReceptionApp(servers, settings: new Dictionary<string, string>(LongCache)
        {
            ["ConnectionStrings:receptiondb"] = first.DatabaseConnectionString,
        });
        using var secondClient = second.CreateClient();
        _ = await first.CheckInAsync(firstClient, "new-line");
        _ = await second.CheckInAsync(secondClient, "new-line");
        using (var called = await secondClient.PostAsync("/api/v1/counters/c05/call-next", null))
        {
            Assert.Equal(HttpStatusCode.OK, called.StatusCode);
        }

        _ = await ReceptionApp.PostOkAsync(firstClient, "/api/v1/counters/c05/close");
        using var onSecond = await secondClient.PostAsync("/api/v1/counters/c05/call-next", null);
        using var onFirst = await firstClient.PostAsync("/api/v1/counters/c05/call-next", null);

        var problem = await ProblemAssert.IsProblemAsync(onSecond, HttpStatusCode.Conflict);
        Assert.Contains("closed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(onFirst, HttpStatusCode.Conflict);
        Assert.Equal(1, await first.QueueLengthAsync("new-line"));
    }
}
