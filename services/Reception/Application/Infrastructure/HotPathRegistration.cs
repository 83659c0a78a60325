using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Queue;
using HallPlatform.Reception.Data;
using Microsoft.Extensions.DependencyInjection;

namespace HallPlatform.Reception.Application.Infrastructure;

public static class HotPathRegistration
{
    /// <summary>
    /// The pieces that keep check-in and call-next cheap: raw Npgsql on the same database as EF, the group-commit
    /// writer (a hosted service: it drains on stop), the fresh counter read, and the hall-setup and service-time caches.
    /// </summary>
    public static IServiceCollection AddReceptionHotPaths(this IServiceCollection services)
    {
        services.AddSingleton<ReceptionDataSource>();
        services.AddSingleton<VisitRecordWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<VisitRecordWriter>());
        services.AddSingleton<CounterReader>();
        services.AddSingleton<HallSetupCache>();
        services.AddSingleton<ServiceTimeCache>();
        return services;
    }
}
