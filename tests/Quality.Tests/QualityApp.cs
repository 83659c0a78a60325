using HallPlatform.Quality.Data;
using HallPlatform.Testing;

namespace HallPlatform.Quality.Tests;

/// <summary>The Quality service in memory, on a database of its own in the shared PostgreSQL server.</summary>
public sealed class QualityApp(RealServersFixture servers) : ServiceApp<Program>(servers, "qualitydb", "quality")
{
    public Task<T> WithDbAsync<T>(Func<QualityDbContext, Task<T>> query) => WithScopedAsync(query);
}
