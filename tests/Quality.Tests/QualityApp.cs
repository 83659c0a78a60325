using HallPlatform.Messaging;
using HallPlatform.Quality.Application;
using Microsoft.AspNetCore.TestHost;
using HallPlatform.Quality.Data;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HallPlatform.Quality.Tests;

/// <summary>The Quality service in memory, on a database of its own in the shared PostgreSQL server.</summary>
public sealed class QualityApp(RealServersFixture servers) : ServiceApp<Program>(servers, "qualitydb", "quality")
{
    /// <summary>Configure before first use: a second key, active, as after a rotation.</summary>
    public bool RotatedKeys { get; init; }

    /// <summary>No personal data key ring at all (to see the service refuse to start).</summary>
    public bool WithoutKeys { get; init; }

    /// <summary>Run on another app's database (a restart of the same service), instead of a fresh one.</summary>
    public string? DatabaseOf { get; init; }

    /// <summary>Extra settings (e.g. HallPlatform:Audit:RetentionDays), applied after the defaults.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// When set, Quality consumes this stream (as producer "test") instead of the configured producers, which tests
    /// never reach.
    /// </summary>
    public IIntegrationEventSource? EventSource { get; init; }

    /// <summary>When set, the service's clock (e.g. a FakeTimeProvider).</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>When set, where follow-ups get customers' contacts instead of the owners' gRPC services.</summary>
    public ICaseContactSource? Contacts { get; init; }

    public Task<T> WithDbAsync<T>(Func<QualityDbContext, Task<T>> query) => WithScopedAsync(query);

    /// <summary>
    /// Makes Quality know a finished case, as its owner's event would (survey answers are only taken for known cases).
    /// A case already known stays as it is.
    /// </summary>
    public Task KnownCaseAsync(string caseType, string caseId, string? hallId = "hall-001", string? journeyId = null, string? serviceType = null,
        DateTimeOffset? completedAt = null) =>
        WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO follow_up_cases (case_kind, case_id, hall_id, journey_id, service_type, completed_at)
            VALUES ({caseType}, {caseId}, {hallId}, {journeyId}, {serviceType}, {completedAt ?? DateTimeOffset.UtcNow})
            ON CONFLICT DO NOTHING
            """));

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("Quality:Events:Subscribe", "false");
        if (EventSource is { } source)
        {
            builder.ConfigureServices(services => services.AddEventSubscription<QualityDbContext>(
                new EventSubscriptionSettings("quality", "test") { FirstRetryDelay = TimeSpan.FromMilliseconds(5) }, _ => source));
        }
        builder.ConfigureTestServices(services =>
        {
            if (Clock is { } clock)
            {
                services.AddSingleton(clock);
            }
            if (Contacts is { } contacts)
            {
                services.AddSingleton(contacts);
            }
        });
        if (!WithoutKeys)
        {
            TestDataProtection.Configure(builder, RotatedKeys);
        }
        if (DatabaseOf is not null)
        {
            builder.UseSetting("ConnectionStrings:qualitydb", DatabaseOf);
        }
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
