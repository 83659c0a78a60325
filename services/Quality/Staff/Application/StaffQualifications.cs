using HallPlatform.Application;
using HallPlatform.Messaging;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Staff.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Quality.Staff.Application;

/// <summary>Payload of <c>quality.staff.qualificationsChanged</c> (docs/events.md): ids and codes only.</summary>
public sealed record StaffQualificationsChanged(
    string StaffId,
    IReadOnlyList<string> HallIds,
    IReadOnlyList<QualifiedServiceType> QualifiedServiceTypes,
    IReadOnlyList<ServiceTypeRule> Requirements);

/// <summary>A service type the staff member may serve until <see cref="ValidUntil"/> (null = no expiry).</summary>
public sealed record QualifiedServiceType(string ServiceType, DateTimeOffset? ValidUntil);

/// <summary>A service type that requires training, and what call-next does for an untrained agent (<c>block</c> or <c>warn</c>).</summary>
public sealed record ServiceTypeRule(string ServiceType, string Mode);

/// <summary>A staff member's qualifications as the route answers them.</summary>
public sealed record StaffQualificationsView(string StaffId, IReadOnlyList<string> HallIds, IReadOnlyList<QualifiedServiceType> QualifiedServiceTypes,
    IReadOnlyList<ServiceTypeRule> Requirements, DateTimeOffset At);

/// <summary>
/// Computes qualifications over what is stored plus what this unit of work is about to add (so the event recorded
/// in the same SaveChanges describes the state after it), and records <c>quality.staff.qualificationsChanged</c>.
/// </summary>
public sealed class StaffQualifications(QualityDbContext db, TimeProvider time)
{
    public async Task<StaffQualificationsView> ForAsync(string staffId, IReadOnlyList<string> hallIds, CancellationToken cancellationToken)
    {
        var all = await ForManyAsync([(staffId, hallIds)], cancellationToken);
        return all[0];
    }

    /// <summary>Records one event per staff member in the pending unit of work (committed by the caller's SaveChanges).</summary>
    public async Task RecordChangedAsync(IReadOnlyList<(string StaffId, IReadOnlyList<string> HallIds)> staff, CancellationToken cancellationToken)
    {
        foreach (var view in await ForManyAsync(staff, cancellationToken))
        {
            db.RecordIntegrationEvent(new IntegrationEvent(IntegrationEventTypes.StaffQualificationsChanged, view.StaffId, HallId: null, JourneyId: null,
                new StaffQualificationsChanged(view.StaffId, view.HallIds, view.QualifiedServiceTypes, view.Requirements)), time.GetStoredUtcNow());
        }
    }

    /// <summary>Every registered staff member, for a change of courses or requirements that may touch anyone.</summary>
    public async Task RecordChangedForEveryoneAsync(CancellationToken cancellationToken)
    {
        var staff = await db.Set<StaffMember>().AsNoTracking().OrderBy(s => s.StaffId).Select(s => new { s.StaffId, s.HallIds }).ToListAsync(cancellationToken);
        await RecordChangedAsync([.. staff.Select(s => (s.StaffId, (IReadOnlyList<string>)s.HallIds))], cancellationToken);
    }

    private async Task<List<StaffQualificationsView>> ForManyAsync(IReadOnlyList<(string StaffId, IReadOnlyList<string> HallIds)> staff, CancellationToken cancellationToken)
    {
        var now = time.GetStoredUtcNow();
        var requirements = await WithPendingAsync(db.Set<ServiceTypeRequirement>(), cancellationToken);
        var courses = (await WithPendingAsync(db.Set<TrainingCourse>(), cancellationToken)).ToDictionary(c => c.CourseCode, StringComparer.Ordinal);
        var ids = staff.Select(s => s.StaffId).ToList();
        var assessments = (await WithPendingAsync(db.Set<TrainingAssessment>().Where(a => a.Passed && ids.Contains(a.StaffId)), cancellationToken))
            .Where(a => a.Passed).ToLookup(a => a.StaffId, StringComparer.Ordinal);
        var rules = requirements.OrderBy(r => r.ServiceType, StringComparer.Ordinal).Select(r => new ServiceTypeRule(r.ServiceType, r.Mode.ToWire())).ToList();
        return [.. staff.Select(s => new StaffQualificationsView(s.StaffId, s.HallIds,
            [.. TrainingRules.Qualifications(requirements, courses, [.. assessments[s.StaffId]], now).Select(q => new QualifiedServiceType(q.ServiceType, q.ValidUntil))],
            rules, now))];
    }

    /// <summary>The rows of <paramref name="query"/> (tracked, so pending changes show) plus the entities added and not yet saved.</summary>
    private async Task<List<T>> WithPendingAsync<T>(IQueryable<T> query, CancellationToken cancellationToken) where T : class
    {
        var stored = await query.ToListAsync(cancellationToken);
        var added = db.ChangeTracker.Entries<T>().Where(e => e.State == EntityState.Added).Select(e => e.Entity);
        return [.. stored.Concat(added).Distinct()];
    }
}
