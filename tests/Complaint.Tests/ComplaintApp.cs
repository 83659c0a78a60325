using HallPlatform.Complaint.Data;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace HallPlatform.Complaint.Tests;

/// <summary>The Complaint service in memory, on a database of its own in the shared PostgreSQL server.</summary>
public sealed class ComplaintApp(RealServersFixture servers) : ServiceApp<Program>(servers, "complaintdb", "complaint")
{
    /// <summary>Configure before first use: a second key, active, as after a rotation.</summary>
    public bool RotatedKeys { get; init; }

    /// <summary>No personal data key ring at all (to see the service refuse to start).</summary>
    public bool WithoutKeys { get; init; }

    /// <summary>Run on another app's database (a restart of the same service), instead of a fresh one.</summary>
    public string? DatabaseOf { get; init; }

    /// <summary>Extra settings (e.g. HallPlatform:Audit:RetentionDays), applied after the defaults.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>A clock of the test's (e.g. a FakeTimeProvider) instead of the system clock.</summary>
    public TimeProvider? Time { get; init; }

    public Task<T> WithDbAsync<T>(Func<ComplaintDbContext, Task<T>> query) => WithScopedAsync(query);

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        if (!WithoutKeys)
        {
            TestDataProtection.Configure(builder, RotatedKeys);
        }
        if (DatabaseOf is not null)
        {
            builder.UseSetting("ConnectionStrings:complaintdb", DatabaseOf);
        }
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        if (Time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(Time));
        }
    }
}
