using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace HallPlatform.EndToEnd.Tests;

/// <summary>
/// Starts the whole AppHost (local Redis and PostgreSQL, five services, gateway) once for all end-to-end tests,
/// with its data in a throw-away folder, and waits until every resource is healthy.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public static readonly string[] ResourceNames =
        ["redis", "postgres", "business", "reception", "fault", "complaint", "quality", "gateway"];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "hall-e2e-" + Guid.NewGuid().ToString("N")[..12]);

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>
    /// The gateway's REST endpoint as the staff console: an administrator of every hall, with a token from the
    /// gateway's development token endpoint (POST /dev/tokens).
    /// </summary>
    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>The gateway's REST endpoint without any credential: a kiosk, a display board, a survey link.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>The documented development partner keys (gateway/appsettings.Development.json holds their hashes).</summary>
    public const string DevCallCentreKey = "hpk_dev_callcentre_XYXySmK7Fcgq-mWuWUhSmCFyQgynDEL9oUuG5dQxtts";
    public const string DevOnlineKey = "hpk_dev_online_Jqnw-vDMnJ_ZYAfUjfXFACqVCSdUZNkY-06IomqBBlw";

    /// <summary>The gateway's HTTP/2 endpoint for partner gRPC calls.</summary>
    public Uri GatewayGrpcAddress { get; private set; } = null!;

    /// <summary>The dashboard's address; its telemetry API answers to <see cref="DashboardApiKey"/>.</summary>
    public Uri DashboardAddress { get; private set; } = null!;

    public const string DashboardApiKey = "end-to-end-telemetry-key";

    /// <summary>When every resource was healthy (a <see cref="Stopwatch"/> timestamp), for tests about time spent running.</summary>
    public long HealthyAt { get; private set; }

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--HallPlatform:DataDirectory={_dataDirectory}"],
            // The dashboard collects the traces the journey-trace test reads back through its telemetry API.
            (options, _) =>
            {
                options.DisableDashboard = false;
                options.AllowUnsecuredTransport = true;
            },
            timeout.Token);
        // Visits are followed up at once, every one, and the dispatcher looks every second: the quality journey test
        // waits for a survey link seconds after its visit, not a day (the defaults are in Quality's appsettings).
        var quality = appHost.Resources.OfType<ProjectResource>().Single(r => r.Name == "quality");
        appHost.CreateResourceBuilder(quality)
            .WithEnvironment("Quality__FollowUps__Kinds__visit__DelayHours", "0")
            .WithEnvironment("Quality__FollowUps__Kinds__visit__SamplePercent", "100")
            .WithEnvironment("Quality__FollowUps__PollSeconds", "1");
        // The testing builder gives the dashboard random ports; its API key is fixed here.
        appHost.Configuration["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        appHost.Configuration["AppHost:DashboardApiKey"] = DashboardApiKey;
        // Resource console output is in the dashboard; the test log keeps warnings and errors only.
        appHost.Services.AddLogging(logging => logging
            .AddFilter("AppHost.Resources", LogLevel.Warning)
            .AddFilter("System.Net.Http", LogLevel.Warning));
        App = await appHost.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        foreach (var name in ResourceNames)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
        }
        HealthyAt = Stopwatch.GetTimestamp();
        Anonymous = App.CreateHttpClient("gateway", "http");
        Gateway = App.CreateHttpClient("gateway", "http");
        Gateway.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", await StaffTokenAsync("e2e-admin", ["administrator"], ["*"]));
        GatewayGrpcAddress = App.GetEndpoint("gateway", "grpc");
        DashboardAddress = App.GetEndpoint("aspire-dashboard", "http");
    }

    /// <summary>A staff token from the gateway's development endpoint, as a developer would get one.</summary>
    public async Task<string> StaffTokenAsync(string sub, string[] roles, string[] halls)
    {
        using var response = await Anonymous.PostAsJsonAsync("/dev/tokens", new { sub, roles, halls });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("accessToken").GetString()!;
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        Anonymous?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder if a server was still closing files.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
