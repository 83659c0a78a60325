using HallPlatform.Fault.Data;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Hosting;

namespace HallPlatform.Fault.Tests;

/// <summary>
/// The Fault service in memory, on a database of its own in the shared PostgreSQL server, with the test key ring
/// for personal data (without one the service refuses to start).
/// </summary>
public sealed class FaultApp(RealServersFixture servers) : ServiceApp<Program>(servers, "faultdb", "fault")
{
    /// <summary>Configure before first use: a second key, active, as after a rotation.</summary>
    public bool RotatedKeys { get; init; }

    /// <summary>No personal data key ring at all (to see the service refuse to start).</summary>
    public bool WithoutKeys { get; init; }

    /// <summary>Run on another app's database (a restart of the same service), instead of a fresh one.</summary>
    public string? DatabaseOf { get; init; }

    /// <summary>Extra settings (e.g. HallPlatform:Audit:RetentionDays), applied after the defaults.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The test partner ids and their channels.</summary>
    public static IReadOnlyDictionary<string, string> PartnerChannels { get; } = new Dictionary<string, string>
    {
        ["callcentre"] = "phone",
        ["intruder"] = "phone",
        ["online"] = "online",
        ["partner-online"] = "online",
    };

    public Task<T> WithDbAsync<T>(Func<FaultDbContext, Task<T>> query) => WithScopedAsync(query);

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        if (!WithoutKeys)
        {
            TestDataProtection.Configure(builder, RotatedKeys);
        }
        if (DatabaseOf is not null)
        {
            builder.UseSetting("ConnectionStrings:faultdb", DatabaseOf);
        }
        // The test partners' keys and the channels they report for (as the gateway's PartnerKeys give them).
        foreach (var (partnerId, channel) in PartnerChannels)
        {
            builder.UseSetting($"Fault:PartnerChannels:{partnerId}", channel);
        }
        // Tests run the sweep's rounds themselves: a background round (even the first, when the host starts late under
        // load) must not close a ticket in the middle of a test that moved the fake clock days ahead.
        builder.UseSetting("Fault:SweepInBackground", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
