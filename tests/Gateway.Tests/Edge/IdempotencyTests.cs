using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HallPlatform.Gateway.Edge;
using HallPlatform.Identity;
using HallPlatform.Testing;
using StackExchange.Redis;

namespace HallPlatform.Gateway.Tests.Edge;

[Collection(EdgeCollection.Name)]
public sealed class IdempotencyTests(EdgeFixture edge)
{
    private const string KeyHeader = "Idempotency-Key";
    private const string ReplayedHeader = "Idempotent-Replayed";

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_gets_the_stored_response_and_the_service_sees_one_request()
    {
        using var client = edge.NewClient();
        var (path, marker) = CheckInPath();
        var key = NewKey();

        using var first = await client.SendAsync(Post(path, key, """{"serviceType":"new-line"}"""));
        using var retry = await client.SendAsync(Post(path, key, """{"serviceType":"new-line"}"""));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains(ReplayedHeader));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues(ReplayedHeader)));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.NotNull(first.Headers.Location);
        Assert.Equal(first.Content.Headers.ContentType, retry.Content.Headers.ContentType);
        // Only the listed headers are replayed; the backend's own header belongs to the one real response.
        Assert.False(retry.Headers.Contains("x-backend-sequence"));
        Assert.Equal(1, edge.Backend.CountWithMarker(marker));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_a_422_problem()
    {
        using var client = edge.NewClient();
        var (path, marker) = CheckInPath();
        var key = NewKey();

        using var first = await client.SendAsync(Post(path, key, """{"serviceType":"new-line"}"""));
        using var different = await client.SendAsync(Post(path, key, """{"serviceType":"broadband"}"""));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await ProblemAssert.IsProblemAsync(different, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, edge.Backend.CountWithMarker(marker));
    }

    [Fact]
    public async Task Keys_belong_to_their_caller_so_another_client_with_the_same_key_is_forwarded()
    {
        using var one = edge.NewClient();
        using var another = edge.NewClient();
        var (path, marker) = CheckInPath();
        var key = NewKey();

        using var first = await one.SendAsync(Post(path, key, "{}"));
        using var second = await another.SendAsync(Post(path, key, "{}"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(second.Headers.Contains(ReplayedHeader));
        Assert.Equal(2, edge.Backend.CountWithMarker(marker));
    }

    [Fact]
    public async Task Two_staff_members_on_one_address_with_the_same_key_and_body_each_get_their_own_answer_and_only_that_replayed()
    {
        // One address, so only the authenticated caller can tell the two requests apart.
        using var client = edge.NewClient();
        var (path, marker) = CheckInPath();
        var key = NewKey();
        var wang = StaffToken("usr_wang_" + marker);
        var li = StaffToken("usr_li_" + marker);
        const string body = """{"serviceType":"new-line"}""";

        using var wangFirst = await client.SendAsync(Post(path, key, body, wang));
        using var liFirst = await client.SendAsync(Post(path, key, body, li));
        using var wangRetry = await client.SendAsync(Post(path, key, body, wang));
        using var liRetry = await client.SendAsync(Post(path, key, body, li));

        Assert.Equal(2, edge.Backend.CountWithMarker(marker));
        Assert.All([wangFirst, liFirst], first => Assert.False(first.Headers.Contains(ReplayedHeader)));
        Assert.All([wangRetry, liRetry], retry => Assert.Equal("true", Assert.Single(retry.Headers.GetValues(ReplayedHeader))));
        var (wangAnswer, liAnswer) = (await wangFirst.Content.ReadAsStringAsync(), await liFirst.Content.ReadAsStringAsync());
        Assert.NotEqual(wangAnswer, liAnswer);
        Assert.Equal(wangAnswer, await wangRetry.Content.ReadAsStringAsync());
        Assert.Equal(liAnswer, await liRetry.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_anonymous_client_a_partner_and_a_staff_member_on_one_address_never_get_each_others_answer()
    {
        using var client = edge.NewClient();
        var (path, marker) = CheckInPath();
        var key = NewKey();
        var staff = StaffToken("usr_zhao_" + marker);
        const string body = "{}";

        using var anonymous = await client.SendAsync(Post(path, key, body));
        using var partner = await client.SendAsync(Post(path, key, body, apiKey: GatewayCredentials.DevCallCentreKey));
        using var staffMember = await client.SendAsync(Post(path, key, body, staff));
        using var anonymousRetry = await client.SendAsync(Post(path, key, body));

        Assert.Equal(3, edge.Backend.CountWithMarker(marker));
        Assert.All([anonymous, partner, staffMember], first =>
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            Assert.False(first.Headers.Contains(ReplayedHeader));
        });
        var answers = await Task.WhenAll(new[] { anonymous, partner, staffMember }.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Equal(3, answers.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("true", Assert.Single(anonymousRetry.Headers.GetValues(ReplayedHeader)));
        Assert.Equal(answers[0], await anonymousRetry.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Concurrent_duplicates_are_forwarded_once_and_the_others_get_409_or_the_replay()
    {
        using var client = edge.NewClient();
        var (path, marker) = CheckInPath("delay");
        var key = NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.SendAsync(Post(path, key, "{}"))));
        try
        {
            var originals = responses.Where(r => r.StatusCode == HttpStatusCode.Created && !r.Headers.Contains(ReplayedHeader)).ToList();
            Assert.Single(originals);
            foreach (var response in responses.Except(originals))
            {
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
                    Assert.True(response.Headers.Contains("Retry-After"));
                }
                else
                {
                    Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                    Assert.Equal(await originals[0].Content.ReadAsStringAsync(), await response.Content.ReadAsStringAsync());
                }
            }
            Assert.Equal(1, edge.Backend.CountWithMarker(marker));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task While_the_first_request_is_in_flight_the_same_key_is_a_409_problem_with_retry_after()
    {
        using var client = edge.NewClient();
        var (path, marker) = CheckInPath("hold");
        var key = NewKey();

        var first = client.SendAsync(Post(path, key, "{}"));
        await WaitUntilAsync(() => edge.Backend.CountWithMarker(marker) == 1);
        using var duplicate = await client.SendAsync(Post(path, key, "{}"));
        edge.Backend.Release(marker);
        using var original = await first;
        using var afterwards = await client.SendAsync(Post(path, key, "{}"));

        await ProblemAssert.IsProblemAsync(duplicate, HttpStatusCode.Conflict);
        Assert.Equal("1", Assert.Single(duplicate.Headers.GetValues("Retry-After")));
        Assert.Equal(HttpStatusCode.Created, original.StatusCode);
        Assert.True(afterwards.Headers.Contains(ReplayedHeader));
        Assert.Equal(1, edge.Backend.CountWithMarker(marker));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData("ключ")]
    [InlineData("256")]
    [InlineData("two")]
    public async Task A_malformed_key_is_a_400_problem_naming_the_header(string kind)
    {
        using var client = edge.NewClient();
        var (path, marker) = CheckInPath();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json("{}") };
        switch (kind)
        {
            case "256":
                request.Headers.Add(KeyHeader, new string('k', 256));
                break;
            case "two":
                request.Headers.TryAddWithoutValidation(KeyHeader, ["first", "second"]);
                break;
            default:
                request.Headers.TryAddWithoutValidation(KeyHeader, kind);
                break;
        }

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsValidationProblemAsync(response, KeyHeader);
        Assert.Equal(0, edge.Backend.CountWithMarker(marker));
    }

    [Fact]
    public async Task A_key_of_255_visible_characters_is_accepted()
    {
        using var client = edge.NewClient();
        var (path, _) = CheckInPath();

        using var response = await client.SendAsync(Post(path, new string('~', 254) + "!", "{}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_5xx_is_not_stored_so_the_retry_is_forwarded_and_its_success_then_replayed()
    {
        using var client = edge.NewClient();
        var (path, marker) = CheckInPath("fail-once");
        var key = NewKey();

        using var failed = await client.SendAsync(Post(path, key, "{}"));
        using var retried = await client.SendAsync(Post(path, key, "{}"));
        using var replayed = await client.SendAsync(Post(path, key, "{}"));

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.False(retried.Headers.Contains(ReplayedHeader));
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.True(replayed.Headers.Contains(ReplayedHeader));
        Assert.Equal(2, edge.Backend.CountWithMarker(marker));
    }

    [Fact]
    public async Task A_4xx_from_the_service_is_stored_and_replayed()
    {
        using var client = edge.NewClient();
        var (path, marker) = CheckInPath("conflict");
        var key = NewKey();

        using var first = await client.SendAsync(Post(path, key, "{}"));
        using var replay = await client.SendAsync(Post(path, key, "{}"));

        Assert.Equal(HttpStatusCode.Conflict, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.True(replay.Headers.Contains(ReplayedHeader));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(1, edge.Backend.CountWithMarker(marker));
    }

    [Fact]
    public async Task A_response_too_large_to_store_is_passed_through_whole_and_the_key_released()
    {
        using var client = edge.NewClient();
        var size = EdgeFixture.MaxStoredResponseBytes + 1;
        var (path, marker) = CheckInPath($"big&size={size}");
        var key = NewKey();

        using var first = await client.SendAsync(Post(path, key, "{}"));
        using var second = await client.SendAsync(Post(path, key, "{}"));

        Assert.Equal(size, (await first.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(second.Headers.Contains(ReplayedHeader));
        Assert.Equal(2, edge.Backend.CountWithMarker(marker));
    }

    [Fact]
    public async Task Posts_without_a_key_are_forwarded_every_time()
    {
        using var client = edge.NewClient();
        var (path, marker) = CheckInPath();

        using var first = await client.PostAsync(path, Json("{}"));
        using var second = await client.PostAsync(path, Json("{}"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(second.Headers.Contains(ReplayedHeader));
        Assert.Equal(2, edge.Backend.CountWithMarker(marker));
    }

    [Fact]
    public async Task Grpc_calls_are_not_subject_to_the_idempotency_key()
    {
        using var client = edge.NewClient();
        var marker = Guid.NewGuid().ToString("N");
        var key = NewKey();

        using var first = await client.SendAsync(GrpcRequests.CheckIn(idempotencyKey: key, marker: marker));
        using var second = await client.SendAsync(GrpcRequests.CheckIn(idempotencyKey: key, marker: marker));

        Assert.Equal("0", Assert.Single(second.Headers.GetValues("grpc-status")));
        Assert.False(second.Headers.Contains(ReplayedHeader));
        Assert.Equal(2, edge.Backend.Received.Count(r => r.Headers.TryGetValue("x-test-marker", out var m) && m == marker));
    }

    [Fact]
    public async Task A_stored_response_expires_after_the_retention_period()
    {
        await using var shortRetention = edge.Variant(("Gateway:Idempotency:Retention", "00:00:01"));
        using var client = edge.NewClient(shortRetention);
        var address = client.DefaultRequestHeaders.GetValues("X-Test-Client-Address").Single();
        var (path, marker) = CheckInPath();
        var key = NewKey();
        var redisKey = IdempotencyStore.RedisKey("ip:" + address, "POST", "/api/v1/visits", key);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(edge.Gateway.Servers.RedisConnectionString);
        var database = redis.GetDatabase();

        using var first = await client.SendAsync(Post(path, key, """{"serviceType":"new-line"}"""));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var timeToLive = await database.KeyTimeToLiveAsync(redisKey);
        Assert.NotNull(timeToLive);
        Assert.InRange(timeToLive.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        await WaitUntilGoneAsync(database, redisKey);
        using var afterExpiry = await client.SendAsync(Post(path, key, """{"serviceType":"broadband"}"""));

        Assert.Equal(HttpStatusCode.Created, afterExpiry.StatusCode);
        Assert.False(afterExpiry.Headers.Contains(ReplayedHeader));
        Assert.Equal(2, edge.Backend.CountWithMarker(marker));
    }

    [Fact]
    public async Task Without_redis_a_post_with_a_key_is_refused_with_503_and_not_forwarded()
    {
        await using var noRedis = edge.Variant(
            ("ConnectionStrings:redis", "127.0.0.1:1,abortConnect=false,connectTimeout=500,connectRetry=0"));
        using var client = edge.NewClient(noRedis);
        var (path, marker) = CheckInPath();

        using var refused = await client.SendAsync(Post(path, NewKey(), "{}"));
        using var withoutKey = await client.PostAsync(path, Json("{}"));

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.Created, withoutKey.StatusCode);
        Assert.Equal(1, edge.Backend.CountWithMarker(marker));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!condition())
        {
            await Task.Delay(20, patience.Token);
        }
    }

    private static async Task WaitUntilGoneAsync(IDatabase database, string key)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (await database.KeyExistsAsync(key))
        {
            await Task.Delay(100, patience.Token);
        }
    }

    private static (string Path, string Marker) CheckInPath(string? behaviour = null)
    {
        var marker = Guid.NewGuid().ToString("N");
        var path = $"/api/v1/visits?marker={marker}";
        return (behaviour is null ? path : $"{path}&behaviour={behaviour}", marker);
    }

    private static string NewKey() => "key-" + Guid.NewGuid().ToString("N");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A POST with the key, as an anonymous client unless a staff token or a partner key is given.</summary>
    private static HttpRequestMessage Post(string path, string key, string json, string? staffToken = null, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(json) };
        request.Headers.Add(KeyHeader, key);
        if (staffToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", staffToken);
        }
        if (apiKey is not null)
        {
            request.WithApiKey(apiKey);
        }
        return request;
    }

    // A subject of its own per test: the staff rate limit is counted per subject.
    private static string StaffToken(string subject) =>
        GatewayCredentials.StaffToken(subject, [HallRoles.Receptionist], ["hall-1"]);
}
