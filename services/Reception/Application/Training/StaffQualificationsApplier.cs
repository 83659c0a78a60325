using HallPlatform.Application;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Messaging;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Reception.Application.Training;

/// <summary>
/// Keeps Reception's read model of "trained before serving" (issue 15) from Quality's
/// <c>quality.staff.qualificationsChanged</c>: per staff id the service types they may serve with their
/// <c>validUntil</c>, and the current requirements per service type (every event carries the whole set, so the set is
/// replaced). Events arrive in order per producer; each part remembers the producer position it came from, and an
/// event at or before it (a replay) changes nothing, so the newer event always wins. Entries that break the stated
/// limits (ids over 64 characters, codes over 40, unknown modes) are left out and logged; the rest still applies.
/// </summary>
public sealed partial class StaffQualificationsApplier(HallClock clock, ILogger<StaffQualificationsApplier> logger)
    : IIntegrationEventApplier<ReceptionDbContext>
{
    public IReadOnlyCollection<string> EventTypes { get; } = [IntegrationEventTypes.StaffQualificationsChanged];

    public async Task HandleAsync(EventEnvelope envelope, ReceptionDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(db);
        var change = envelope.PayloadAs<QualificationsChanged>();
        var now = clock.Now();
        await ApplyRequirementsAsync(envelope, change.Requirements ?? [], db, now, cancellationToken);
        await ApplyStaffAsync(envelope, change, db, now, cancellationToken);
    }

    private async Task ApplyRequirementsAsync(EventEnvelope envelope, IReadOnlyList<RequirementItem?> items, ReceptionDbContext db,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var source = await db.TrainingRequirementSources.FirstOrDefaultAsync(s => s.Producer == envelope.Producer, cancellationToken);
        if (source is not null && source.Position >= envelope.Position)
        {
            return;
        }
        if (source is null)
        {
            source = new TrainingRequirementSource { Producer = envelope.Producer };
            db.TrainingRequirementSources.Add(source);
        }
        source.Position = envelope.Position;
        source.UpdatedAt = now;

        var wanted = new Dictionary<string, TrainingMode>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item is null || !IsCode(item.ServiceType) || !WireNames<TrainingMode>.TryParse(item.Mode, out var mode))
            {
                LogEntryLeftOut(logger, envelope.EventId, "requirement");
                continue;
            }
            // Two entries for one type: the stricter one holds.
            wanted[item.ServiceType!] = wanted.TryGetValue(item.ServiceType!, out var earlier) && earlier == TrainingMode.Block ? earlier : mode;
        }
        var stored = await db.TrainingRequirements.ToListAsync(cancellationToken);
        foreach (var requirement in stored)
        {
            if (wanted.Remove(requirement.ServiceType, out var mode))
            {
                requirement.Mode = mode;
            }
            else
            {
                db.TrainingRequirements.Remove(requirement);
            }
        }
        foreach (var (serviceType, mode) in wanted)
        {
            db.TrainingRequirements.Add(new TrainingRequirement { ServiceType = serviceType, Mode = mode });
        }
    }

    private async Task ApplyStaffAsync(EventEnvelope envelope, QualificationsChanged change, ReceptionDbContext db, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(change.StaffId) || change.StaffId.Length > StaffQualification.MaxStaffIdLength)
        {
            LogEntryLeftOut(logger, envelope.EventId, "staffId");
            return;
        }
        var staff = await db.StaffQualifications.Include(s => s.ServiceTypes)
            .FirstOrDefaultAsync(s => s.StaffId == change.StaffId, cancellationToken);
        if (staff is not null && staff.SourcePosition >= envelope.Position)
        {
            LogStaleEvent(logger, envelope.EventId, envelope.Position, staff.SourcePosition);
            return;
        }
        if (staff is null)
        {
            staff = new StaffQualification { StaffId = change.StaffId };
            db.StaffQualifications.Add(staff);
        }
        staff.SourcePosition = envelope.Position;
        staff.UpdatedAt = now;

        var wanted = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (var item in change.QualifiedServiceTypes ?? [])
        {
            if (item is null || !IsCode(item.ServiceType))
            {
                LogEntryLeftOut(logger, envelope.EventId, "qualifiedServiceType");
                continue;
            }
            // Two entries for one type: the longer validity holds (null = no expiry).
            wanted[item.ServiceType!] = wanted.TryGetValue(item.ServiceType!, out var earlier) && (earlier is null || earlier > item.ValidUntil)
                ? earlier
                : item.ValidUntil;
        }
        foreach (var qualified in staff.ServiceTypes.ToList())
        {
            if (wanted.Remove(qualified.ServiceType, out var validUntil))
            {
                qualified.ValidUntil = validUntil?.ToUniversalTime();
            }
            else
            {
                staff.ServiceTypes.Remove(qualified);
            }
        }
        foreach (var (serviceType, validUntil) in wanted)
        {
            staff.ServiceTypes.Add(new QualifiedServiceType { StaffId = staff.StaffId, ServiceType = serviceType, ValidUntil = validUntil?.ToUniversalTime() });
        }
        LogApplied(logger, envelope.EventId, envelope.Position, staff.ServiceTypes.Count);
    }

    private static bool IsCode(string? value) => !string.IsNullOrEmpty(value) && value.Length <= StaffQualification.MaxServiceTypeLength;

    /// <summary>The fields of Quality's payload this applier reads (docs/events.md).</summary>
    private sealed record QualificationsChanged(string? StaffId, IReadOnlyList<QualifiedItem?>? QualifiedServiceTypes, IReadOnlyList<RequirementItem?>? Requirements);

    private sealed record QualifiedItem(string? ServiceType, DateTimeOffset? ValidUntil);

    private sealed record RequirementItem(string? ServiceType, string? Mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Qualifications event {EventId} at position {Position} applied: {QualifiedCount} qualified service types")]
    private static partial void LogApplied(ILogger logger, string eventId, long position, int qualifiedCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Qualifications event {EventId} at position {Position} is not newer than the stored state (position {StoredPosition}): left as it is")]
    private static partial void LogStaleEvent(ILogger logger, string eventId, long position, long storedPosition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Qualifications event {EventId}: an invalid {Field} entry was left out")]
    private static partial void LogEntryLeftOut(ILogger logger, string eventId, string field);
}
