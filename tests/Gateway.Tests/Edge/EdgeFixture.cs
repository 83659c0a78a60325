using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HallPlatform.Gateway.Tests.Edge;

/// <summary>
/// The gateway as <see cref="GatewayFixture"/> builds it (so whatever it configures still applies), with reception
/// and quality pointed at an <see cref="EdgeBackend"/> and the edge protections set tight enough to observe: 30
/// anonymous requests per 10 minutes (wait-times: 2), 2 open board streams per client, 5 per staff user or partner, 1 KB stored responses and gRPC
/// bodies, a 3 s default timeout
/// (the board: 1 s), one allowed CORS origin. Each test acts as its own client address (see <see cref="NewClient"/>),
/// so the per-client limits of one test never touch another.
/// </summary>
public sealed class EdgeFixture : IAsyncLifetime
{
    public const string AllowedOrigin = "https://console.hall.example";
    public const string ClientAddressHeader = TestClientAddressStartupFilter.HeaderName;
    public const int AnonymousLimit = 30;
    public const int StaffLimit = 5;
    public const int PartnerLimit = 5;
    public const int WaitTimesLimit = 2;
    public const int OpenBoardStreamsLimit = 2;
    public const int MaxStoredResponseBytes = 1024;
    public const int MaxGrpcRequestBodyBytes = 1024;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan BoardTimeout = TimeSpan.FromSeconds(1);

    private static int addressCounter;

    public GatewayFixture Gateway { get; } = new();

    public EdgeBackend Backend { get; private set; } = null!;

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Gateway.InitializeAsync();
        Backend = await EdgeBackend.StartAsync();
        Factory = Gateway.Factory.WithWebHostBuilder(web =>
        {
            foreach (var service in new[] { "reception", "quality" })
            {
                web.UseSetting($"services:{service}:http:0", Backend.HttpAddress.ToString());
                web.UseSetting($"services:{service}:grpc:0", Backend.GrpcAddress.ToString());
            }
            web.UseSetting("Gateway:RateLimits:Enabled", "true");
            web.UseSetting("Gateway:RateLimits:Anonymous:PermitLimit", AnonymousLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // Long windows: a counter cannot reset in the middle of a test.
            web.UseSetting("Gateway:RateLimits:Anonymous:Window", "00:10:00");
            web.UseSetting("Gateway:RateLimits:Staff:PermitLimit", StaffLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Gateway:RateLimits:Staff:Window", "00:10:00");
            web.UseSetting("Gateway:RateLimits:Partner:PermitLimit", PartnerLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Gateway:RateLimits:Partner:Window", "00:10:00");
            web.UseSetting("Gateway:RateLimits:Routes:reception-halls-wait-times:Anonymous:PermitLimit", WaitTimesLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Gateway:RateLimits:Routes:reception-halls-wait-times:Anonymous:Window", "00:10:00");
            web.UseSetting("Gateway:RateLimits:ConcurrentRequests:reception-halls-board-stream", OpenBoardStreamsLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Gateway:Idempotency:MaxStoredResponseBytes", MaxStoredResponseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Gateway:Limits:MaxGrpcRequestBodyBytes", MaxGrpcRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Gateway:Timeouts:Default", DefaultTimeout.ToString());
            web.UseSetting("Gateway:Timeouts:Routes:reception-halls-board", BoardTimeout.ToString());
            web.UseSetting("Gateway:Cors:AllowedOrigins:0", AllowedOrigin);
            web.ConfigureServices(services => services.AddSingleton<IStartupFilter, TestClientAddressStartupFilter>());
        });
        _ = Factory.Server;
    }

    /// <summary>A gateway like <see cref="Factory"/> with some settings changed (dispose it in the test).</summary>
    public WebApplicationFactory<Program> Variant(params (string Key, string Value)[] settings) =>
        Factory.WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });

    /// <summary>A client with an address of its own, as a different machine on the network would be.</summary>
    public HttpClient NewClient(WebApplicationFactory<Program>? factory = null)
    {
        var client = (factory ?? Factory).CreateClient();
        client.DefaultRequestHeaders.Add(TestClientAddressStartupFilter.HeaderName, NewAddress());
        return client;
    }

    public static string NewAddress()
    {
        var n = Interlocked.Increment(ref addressCounter);
        return $"10.{(n >> 16) & 0xff}.{(n >> 8) & 0xff}.{n & 0xff}";
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Backend.DisposeAsync();
        await Gateway.DisposeAsync();
    }

    /// <summary>
    /// The in-process test server has no client address; this sets it from a test header before anything else runs,
    /// as the network would for a real client.
    /// </summary>
    private sealed class TestClientAddressStartupFilter : IStartupFilter
    {
        public const string HeaderName = "X-Test-Client-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[HeaderName].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

[CollectionDefinition(Name)]
public sealed class EdgeCollection : ICollectionFixture<EdgeFixture>
{
    public const string Name = "gateway-edge";
}
