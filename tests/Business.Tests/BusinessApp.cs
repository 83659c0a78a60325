using HallPlatform.Business.Data;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Hosting;

namespace HallPlatform.Business.Tests;

/// <summary>The Business service in memory, on a database of its own in the shared PostgreSQL server.</summary>
public sealed class BusinessApp(RealServersFixture servers) : ServiceApp<Program>(servers, "businessdb", "business")
{
    /// <summary>No personal data key ring at all (to see the service refuse to start).</summary>
    public bool WithoutKeys { get; init; }

    public Task<T> WithDbAsync<T>(Func<BusinessDbContext, Task<T>> query) => WithScopedAsync(query);

    // The audit trail's registration needs the key ring (its customer filter hashes phones), as every deployed service has.
    protected override void ConfigureService(IWebHostBuilder builder)
    {
        if (!WithoutKeys)
        {
            TestDataProtection.Configure(builder);
        }
    }
}
