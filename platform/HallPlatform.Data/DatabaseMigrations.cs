using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class DatabaseMigrations
{
    /// <summary>
    /// Applies pending EF Core migrations before the service takes traffic. The service's database is created on
    /// first run, so a fresh PostgreSQL server needs no manual step.
    /// </summary>
    public static async Task MigrateDatabaseAsync<TContext>(this IHost app, CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var strategy = context.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(() => context.Database.MigrateAsync(cancellationToken));
    }
}
