using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Application.Queue;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using HallPlatform.Application;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HallPlatform.Reception.Application.Catalogue;

/// <summary>One hall's service types and counters, read together because every rule needs both.</summary>
public sealed record HallSetup(string HallId, IReadOnlyList<ServiceType> ServiceTypes, IReadOnlyList<Counter> Counters)
{
    public ServiceType? FindServiceType(string code) => ServiceTypes.FirstOrDefault(t => t.Code == code);

    /// <summary>The type's waiting-time target; the catalogue default for a type the hall does not know.</summary>
    public int ServiceLevelSeconds(string code) => FindServiceType(code)?.ServiceLevelSeconds ?? ServiceType.DefaultServiceLevelSeconds;

    public IReadOnlyList<string> CountersServing(string serviceType, bool openOnly) =>
        [.. Counters.Where(c => c.Serves(serviceType) && (c.IsOpen || !openOnly)).Select(c => c.Id).Order(StringComparer.Ordinal)];

    public Guidance GuidanceFor(ServiceType type) => new(CountersServing(type.Code, openOnly: true), type.SelfService);

    /// <summary>The estimate for a waiting position, given the seconds one customer takes.</summary>
    public int EstimateWait(ServiceType type, int position, double serviceSeconds) =>
        WaitEstimate.Seconds(position, serviceSeconds, CountersServing(type.Code, openOnly: true).Count);
}

/// <summary>Reads the hall catalogue (service types, counters) and answers the catalogue queries.</summary>
public sealed class HallCatalogue(ReceptionDbContext db, IOptions<ReceptionOptions> options, HallAccess access)
{
    /// <summary>
    /// The service type's waiting-time target as the catalogue holds it now (read fresh, in <paramref name="db"/>: an
    /// event applier has its own context); the catalogue default for a type the hall does not know.
    /// </summary>
    public static async Task<int> ServiceLevelSecondsAsync(ReceptionDbContext db, string hallId, string serviceType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.ServiceTypes.AsNoTracking().Where(t => t.HallId == hallId && t.Code == serviceType)
            .Select(t => (int?)t.ServiceLevelSeconds).FirstOrDefaultAsync(cancellationToken) ?? ServiceType.DefaultServiceLevelSeconds;
    }

    public string ResolveHallId(string? hallId) => string.IsNullOrWhiteSpace(hallId) ? options.Value.DefaultHallId : hallId.Trim();

    /// <summary>The hall's setup, or null when the hall has no catalogue (an unknown hall).</summary>
    public async Task<HallSetup?> LoadAsync(string hallId, CancellationToken cancellationToken)
    {
        var types = await db.ServiceTypes.AsNoTracking().Where(t => t.HallId == hallId).OrderBy(t => t.Prefix).ToListAsync(cancellationToken);
        if (types.Count == 0)
        {
            return null;
        }
        var counters = await db.Counters.AsNoTracking().Where(c => c.HallId == hallId).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return new HallSetup(hallId, types, counters);
    }

    public async Task<Outcome<IReadOnlyList<ServiceTypeView>>> ServiceTypesAsync(string? hallId, CancellationToken cancellationToken)
    {
        var hall = await LoadAsync(ResolveHallId(hallId), cancellationToken);
        if (hall is null)
        {
            return UnknownHall<IReadOnlyList<ServiceTypeView>>(hallId);
        }
        return Outcome<IReadOnlyList<ServiceTypeView>>.Ok(hall.ServiceTypes
            .Select(t => new ServiceTypeView(t.Code, t.Name, t.Prefix, t.SelfService, t.AverageServiceSeconds, t.ServiceLevelSeconds, hall.CountersServing(t.Code, openOnly: false), t.CaseOwner))
            .ToList());
    }

    /// <summary>The hall's counters; staff held to other halls are answered as for an unknown hall.</summary>
    public async Task<Outcome<IReadOnlyList<CounterView>>> CountersAsync(string? hallId, CancellationToken cancellationToken)
    {
        var resolved = ResolveHallId(hallId);
        var hall = access.Caller.MayReachHall(resolved) ? await LoadAsync(resolved, cancellationToken) : null;
        if (hall is null)
        {
            return UnknownHall<IReadOnlyList<CounterView>>(hallId);
        }
        return Outcome<IReadOnlyList<CounterView>>.Ok(hall.Counters.Select(c => new CounterView(c.Id, c.Name, c.ServiceTypes, c.IsOpen, c.StaffId)).ToList());
    }

    // The hall is a query parameter of the lists: an unknown one is a field error, not a missing resource.
    private static Outcome<T> UnknownHall<T>(string? hallId) => Outcome<T>.Invalid("hallId", $"Unknown hall '{hallId}'.");
}
