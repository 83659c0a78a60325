using System.Net;
using System.Security.Claims;
using HallPlatform.Gateway.Edge;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace HallPlatform.Gateway.Tests.Edge;

/// <summary>The edge's rules without a server: who a request counts against, key format, fingerprints, timeouts.</summary>
public sealed class EdgeRulesTests
{
    [Theory]
    [InlineData("staff:usr_1", CallerClass.Staff)]
    [InlineData("partner:callcentre", CallerClass.Partner)]
    public void An_authenticated_caller_counts_against_its_own_name(string name, CallerClass expected)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], authenticationType: "test"));

        var caller = EdgeCaller.From(user, IPAddress.Parse("192.0.2.7"));

        Assert.Equal(expected, caller.Class);
        Assert.Equal(name, caller.Id);
    }

    [Fact]
    public void An_anonymous_caller_counts_against_its_address()
    {
        var unauthenticated = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "staff:forged")]));

        var caller = EdgeCaller.From(unauthenticated, IPAddress.Parse("192.0.2.7"));

        Assert.Equal(new EdgeCaller(CallerClass.Anonymous, "ip:192.0.2.7"), caller);
    }

    [Theory]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void Addresses_are_partitioned_as_one_client_can_use_them(string address, string partition)
    {
        Assert.Equal(partition, EdgeCaller.AddressPartition(IPAddress.Parse(address)));
    }

    [Fact]
    public void A_request_without_an_address_has_an_unknown_partition()
    {
        Assert.Equal("ip:unknown", EdgeCaller.From(new ClaimsPrincipal(), null).Id);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("8e0f0b6e-1c7e-4b7e-9d7a-1f2e3d4c5b6a", true)]
    [InlineData("!~", true)]
    [InlineData("", false)]
    [InlineData(" ", false)]
    [InlineData("a b", false)]
    [InlineData("caf\u00e9", false)]
    [InlineData("a\u007f", false)]
    public void Key_format_is_1_to_255_visible_ascii_characters(string key, bool valid)
    {
        Assert.Equal(valid, IdempotencyMiddleware.ValidateKey(new StringValues(key)) is null);
    }

    [Fact]
    public void Key_length_limit_is_255()
    {
        Assert.Null(IdempotencyMiddleware.ValidateKey(new StringValues(new string('k', 255))));
        Assert.NotNull(IdempotencyMiddleware.ValidateKey(new StringValues(new string('k', 256))));
        Assert.NotNull(IdempotencyMiddleware.ValidateKey(new StringValues(["a", "b"])));
    }

    [Fact]
    public void The_fingerprint_covers_query_and_body()
    {
        var baseline = IdempotencyMiddleware.Fingerprint(new QueryString("?a=1"), "{}"u8);

        Assert.Equal(baseline, IdempotencyMiddleware.Fingerprint(new QueryString("?a=1"), "{}"u8));
        Assert.NotEqual(baseline, IdempotencyMiddleware.Fingerprint(new QueryString("?a=2"), "{}"u8));
        Assert.NotEqual(baseline, IdempotencyMiddleware.Fingerprint(new QueryString("?a=1"), "{ }"u8));
    }

    [Fact]
    public void Redis_keys_differ_by_caller_method_path_and_key()
    {
        var baseline = IdempotencyStore.RedisKey("ip:1", "POST", "/api/v1/visits", "k");

        Assert.StartsWith(IdempotencyStore.KeyPrefix, baseline, StringComparison.Ordinal);
        Assert.NotEqual(baseline, IdempotencyStore.RedisKey("ip:2", "POST", "/api/v1/visits", "k"));
        Assert.NotEqual(baseline, IdempotencyStore.RedisKey("ip:1", "PUT", "/api/v1/visits", "k"));
        Assert.NotEqual(baseline, IdempotencyStore.RedisKey("ip:1", "POST", "/api/v1/complaints", "k"));
        Assert.NotEqual(baseline, IdempotencyStore.RedisKey("ip:1", "POST", "/api/v1/visits", "k2"));
    }

    [Fact]
    public async Task Routes_get_the_default_timeout_their_override_or_none()
    {
        var filter = new RouteTimeoutConfigFilter(Options.Create(new EdgeTimeoutOptions
        {
            Default = "00:00:15",
            Routes = new(StringComparer.OrdinalIgnoreCase) { ["slow-route"] = "00:01:00", ["stream-route"] = "none" },
        }));

        var plain = await filter.ConfigureRouteAsync(new RouteConfig { RouteId = "plain" }, null, default);
        var slow = await filter.ConfigureRouteAsync(new RouteConfig { RouteId = "slow-route" }, null, default);
        var stream = await filter.ConfigureRouteAsync(new RouteConfig { RouteId = "stream-route" }, null, default);
        var ownPolicy = await filter.ConfigureRouteAsync(new RouteConfig { RouteId = "slow-route", TimeoutPolicy = "custom" }, null, default);

        Assert.Equal(TimeSpan.FromSeconds(15), plain.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(1), slow.Timeout);
        Assert.Null(stream.Timeout);
        Assert.Equal(RouteTimeoutConfigFilter.DisablePolicy, stream.TimeoutPolicy);
        Assert.Equal("custom", ownPolicy.TimeoutPolicy);
        Assert.Null(ownPolicy.Timeout);
    }

    [Theory]
    [InlineData("00:00:15", true)]
    [InlineData("none", true)]
    [InlineData("NONE", true)]
    [InlineData("00:00:00", false)]
    [InlineData("soon", false)]
    public void Timeout_values_are_validated(string value, bool valid)
    {
        var options = new EdgeTimeoutOptions { Routes = new() { ["r"] = value } };

        Assert.Equal(valid, !options.Problems().Any());
    }

    [Fact]
    public void The_shipped_configuration_is_valid_and_leaves_the_board_stream_without_a_timeout()
    {
        var configuration = new ConfigurationBuilder()
            // From the source tree: the test output also receives the services' appsettings.json under the same name.
            .AddJsonFile(Path.Combine(HallPlatform.Testing.RepositoryPaths.Root, "gateway", "appsettings.json"))
            .Build();
        var timeouts = new EdgeTimeoutOptions();
        configuration.GetSection(EdgeTimeoutOptions.SectionName).Bind(timeouts);
        var limits = new EdgeRateLimitOptions();
        configuration.GetSection(EdgeRateLimitOptions.SectionName).Bind(limits);

        Assert.Empty(timeouts.Problems());
        Assert.Empty(limits.Problems());
        Assert.Null(timeouts.For("reception-halls-board-stream"));
        Assert.Equal(TimeSpan.FromSeconds(15), timeouts.For("reception-visits-create"));
        Assert.True(limits.Enabled);
        Assert.NotNull(limits.Routes["reception-visits-create"].Anonymous);
    }
}
