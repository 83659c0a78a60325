using System.Text.RegularExpressions;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using HallPlatform.Application;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HallPlatform.Reception.Application.Catalogue;

public sealed record PutServiceTypeCommand(string Code, string? HallId, string? Name, string? Prefix, int? AverageServiceSeconds, bool? SelfService,
    int? ServiceLevelSeconds, string? CaseOwner = null);

public sealed record PutHallCommand(string HallId, string? Name);

/// <summary>A hall as callers and the audit trail see it.</summary>
public sealed record HallView(string HallId, string Name);

public sealed record PutCounterCommand(string CounterId, string? HallId, string? Name, IReadOnlyList<string>? ServiceTypes);

/// <summary>A service type as the audit trail keeps it, before and after a PUT.</summary>
public sealed record ServiceTypeAuditSnapshot(string HallId, string Code, string Name, string Prefix, int AverageServiceSeconds, bool SelfService,
    int ServiceLevelSeconds, string CaseOwner)
{
    public static ServiceTypeAuditSnapshot Of(ServiceType type) =>
        new(type.HallId, type.Code, type.Name, type.Prefix, type.AverageServiceSeconds, type.SelfService, type.ServiceLevelSeconds, type.CaseOwner.ToWire());
}

/// <summary>A counter's catalogue entry as the audit trail keeps it, before and after a PUT.</summary>
public sealed record CounterCatalogueSnapshot(string HallId, string Name, IReadOnlyList<string> ServiceTypes)
{
    public static CounterCatalogueSnapshot Of(Counter counter) => new(counter.HallId, counter.Name, [.. counter.ServiceTypes]);
}

/// <summary>Adds or changes a hall's service types and counters (work profiles): Created for a new one, Ok for a change.</summary>
public sealed partial class CatalogueHandling(ReceptionDbContext db, HallCatalogue catalogue, HallSetupCache setups, HallAccess access, ReceptionAudit audit)
{
    /// <summary>
    /// Concurrent PUTs of one new service type race to insert it: the losers read it again and answer as a change
    /// of the winner's record (200), so exactly one caller gets 201 and nobody a unique violation.
    /// </summary>
    public async Task<Outcome<ServiceTypeView>> PutServiceTypeAsync(PutServiceTypeCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await OnceMoreIfCreatedConcurrentlyAsync(() => PutServiceTypeOnceAsync(command, cancellationToken));
    }

    /// <summary>As <see cref="PutServiceTypeAsync"/>: the loser of a race to create a counter answers as a change of it.</summary>
    public async Task<Outcome<CounterView>> PutCounterAsync(PutCounterCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await OnceMoreIfCreatedConcurrentlyAsync(() => PutCounterOnceAsync(command, cancellationToken));
    }

    /// <summary>
    /// Creates a hall (Created) or renames it (Ok). Halls exist only through here, so a catalogue PUT cannot turn
    /// any string into a hall. A concurrent creation of the same hall answers as a change, as the catalogue does.
    /// </summary>
    public async Task<Outcome<HallView>> PutHallAsync(PutHallCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await OnceMoreIfCreatedConcurrentlyAsync(() => PutHallOnceAsync(command, cancellationToken));
    }

    private async Task<Outcome<HallView>> PutHallOnceAsync(PutHallCommand command, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var hallId = HallIds.Required("hallId", command.HallId, errors);
        if (hallId is null)
        {
            return Outcome<HallView>.Invalid(errors.ToDictionary());
        }
        if (!access.MayWorkIn(hallId))
        {
            return Outcome<HallView>.NotFoundById("Hall", hallId);
        }
        var existing = await db.Halls.FirstOrDefaultAsync(h => h.Id == hallId, cancellationToken);
        var name = existing is null ? errors.RequiredText("name", command.Name, 200) : errors.OptionalText("name", command.Name, 200);
        if (errors.Any)
        {
            return Outcome<HallView>.Invalid(errors.ToDictionary());
        }
        var before = existing is null ? null : new HallView(existing.Id, existing.Name);
        var hall = existing ?? new Hall { Id = hallId, Name = name! };
        hall.Name = name ?? hall.Name;
        if (existing is null)
        {
            db.Halls.Add(hall);
        }
        var view = new HallView(hall.Id, hall.Name);
        audit.Record(ReceptionAudit.HallPut, ReceptionAudit.HallRecord, hall.Id, before: before, after: view, hallId: hall.Id);
        await db.SaveChangesAsync(cancellationToken);
        return existing is null ? Outcome<HallView>.Created(view) : Outcome<HallView>.Ok(view);
    }

    /// <summary>
    /// Runs a create-or-change once more when a concurrent caller created the same record first (unique violation):
    /// the second run finds the record and answers as a change of it.
    /// </summary>
    private async Task<Outcome<T>> OnceMoreIfCreatedConcurrentlyAsync<T>(Func<Task<Outcome<T>>> put)
    {
        try
        {
            return await put();
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return await put();
        }
    }

    private async Task<Outcome<ServiceTypeView>> PutServiceTypeOnceAsync(PutServiceTypeCommand command, CancellationToken cancellationToken)
    {
        var hallId = catalogue.ResolveHallId(command.HallId);
        if (!HallIds.IsValid(hallId))
        {
            return Outcome<ServiceTypeView>.Invalid("hallId", HallIds.InvalidMessage("hallId"));
        }
        if (!access.MayWorkIn(hallId) || !await db.Halls.AnyAsync(h => h.Id == hallId, cancellationToken))
        {
            // Halls are created by PUT /api/v1/halls/{hallId}; an unknown one answers as another hall's does.
            return Outcome<ServiceTypeView>.NotFoundById("Hall", hallId);
        }
        var errors = new FieldErrors();
        if (!CodePattern().IsMatch(command.Code))
        {
            errors.Add("code", "The code must be 1 to 40 lower-case letters, digits or '-'.");
        }
        var existing = await db.ServiceTypes.FirstOrDefaultAsync(t => t.HallId == hallId && t.Code == command.Code, cancellationToken);
        var name = existing is null ? errors.RequiredText("name", command.Name, 200) : errors.OptionalText("name", command.Name, 200);
        var prefix = existing is null ? errors.RequiredText("prefix", command.Prefix, 4) : errors.OptionalText("prefix", command.Prefix, 4);
        if (prefix is not null && !PrefixPattern().IsMatch(prefix))
        {
            errors.Add("prefix", "The prefix must be 1 to 4 upper-case letters.");
        }
        if (command.AverageServiceSeconds is < 1 or > 86_400)
        {
            errors.Add("averageServiceSeconds", "The average service time must be 1 to 86400 seconds.");
        }
        if (command.ServiceLevelSeconds is < 1 or > 86_400)
        {
            errors.Add("serviceLevelSeconds", "The service-level target must be 1 to 86400 seconds.");
        }
        CaseOwner? caseOwner = null;
        if (command.CaseOwner is not null)
        {
            if (WireNames<CaseOwner>.TryParse(command.CaseOwner, out var owner))
            {
                caseOwner = owner;
            }
            else
            {
                errors.Add("caseOwner", $"caseOwner must be one of {string.Join(", ", WireNames<CaseOwner>.All)}.");
            }
        }
        if (errors.Any)
        {
            return Outcome<ServiceTypeView>.Invalid(errors.ToDictionary());
        }
        if (prefix is not null && await db.ServiceTypes.AnyAsync(t => t.HallId == hallId && t.Prefix == prefix && t.Code != command.Code, cancellationToken))
        {
            return Outcome<ServiceTypeView>.Conflict("Prefix already used.",
                $"Prefix '{prefix}' already numbers another service type of hall '{hallId}': two types cannot share one number series.");
        }
        var before = existing is null ? null : ServiceTypeAuditSnapshot.Of(existing);
        var type = existing ?? new ServiceType { HallId = hallId, Code = command.Code, Name = name!, Prefix = prefix! };
        type.Name = name ?? type.Name;
        type.Prefix = prefix ?? type.Prefix;
        type.AverageServiceSeconds = command.AverageServiceSeconds ?? (existing is null ? 300 : type.AverageServiceSeconds);
        type.SelfService = command.SelfService ?? type.SelfService;
        type.ServiceLevelSeconds = command.ServiceLevelSeconds ?? type.ServiceLevelSeconds;
        // A change applies to visits called from now on; a case already requested keeps its owner.
        type.CaseOwner = caseOwner ?? type.CaseOwner;
        if (existing is null)
        {
            db.ServiceTypes.Add(type);
        }
        audit.Record(ReceptionAudit.ServiceTypePut, ReceptionAudit.ServiceTypeRecord, $"{hallId}/{type.Code}", before: before,
            after: ServiceTypeAuditSnapshot.Of(type), hallId: hallId);
        await db.SaveChangesAsync(cancellationToken);
        await setups.InvalidateAsync(hallId);
        var hall = await catalogue.LoadAsync(hallId, cancellationToken);
        var view = new ServiceTypeView(type.Code, type.Name, type.Prefix, type.SelfService, type.AverageServiceSeconds, type.ServiceLevelSeconds,
            hall!.CountersServing(type.Code, openOnly: false), type.CaseOwner);
        return existing is null ? Outcome<ServiceTypeView>.Created(view) : Outcome<ServiceTypeView>.Ok(view);
    }

    private async Task<Outcome<CounterView>> PutCounterOnceAsync(PutCounterCommand command, CancellationToken cancellationToken)
    {
        var hallId = catalogue.ResolveHallId(command.HallId);
        if (!HallIds.IsValid(hallId))
        {
            return Outcome<CounterView>.Invalid("hallId", HallIds.InvalidMessage("hallId"));
        }
        if (!access.MayWorkIn(hallId))
        {
            return Outcome<CounterView>.NotFoundById("Hall", hallId);
        }
        var hall = await catalogue.LoadAsync(hallId, cancellationToken);
        var errors = new FieldErrors();
        if (hall is null)
        {
            errors.Add("hallId", $"Unknown hall '{hallId}'.");
        }
        if (!CodePattern().IsMatch(command.CounterId))
        {
            errors.Add("counterId", "The counter id must be 1 to 40 lower-case letters, digits or '-'.");
        }
        var existing = await db.Counters.FirstOrDefaultAsync(c => c.Id == command.CounterId, cancellationToken);
        var name = existing is null ? errors.RequiredText("name", command.Name, 200) : errors.OptionalText("name", command.Name, 200);
        if (existing is null && command.ServiceTypes is null)
        {
            errors.Add("serviceTypes", "The serviceTypes field is required.");
        }
        if (command.ServiceTypes is { } types && hall is not null)
        {
            if (types.Count == 0)
            {
                errors.Add("serviceTypes", "A counter serves at least one service type.");
            }
            foreach (var unknown in types.Where(t => hall.FindServiceType(t) is null))
            {
                errors.Add("serviceTypes", $"Unknown service type '{unknown}' for hall '{hallId}'.");
            }
        }
        if (errors.Any || hall is null)
        {
            return Outcome<CounterView>.Invalid(errors.ToDictionary());
        }
        if (existing is not null && existing.HallId != hallId && !access.MayWorkIn(existing.HallId))
        {
            // Another hall's counter answers as an unknown one does elsewhere: its id reveals nothing.
            return Outcome<CounterView>.NotFoundById("Counter", command.CounterId);
        }
        if (existing is not null && existing.HallId != hallId)
        {
            return Outcome<CounterView>.Conflict("Counter belongs to another hall.",
                $"Counter '{command.CounterId}' belongs to hall '{existing.HallId}'.");
        }
        var before = existing is null ? null : CounterCatalogueSnapshot.Of(existing);
        var counter = existing ?? new Counter { Id = command.CounterId, HallId = hallId, Name = name!, ServiceTypes = [.. command.ServiceTypes!.Distinct()] };
        counter.Name = name ?? counter.Name;
        if (command.ServiceTypes is { } newTypes)
        {
            counter.ServiceTypes = [.. newTypes.Distinct()];
        }
        if (existing is null)
        {
            db.Counters.Add(counter);
        }
        audit.Record(ReceptionAudit.CounterPut, ReceptionAudit.CounterRecord, counter.Id, before: before,
            after: CounterCatalogueSnapshot.Of(counter), hallId: hallId);
        await db.SaveChangesAsync(cancellationToken);
        await setups.InvalidateAsync(hallId);
        var view = new CounterView(counter.Id, counter.Name, counter.ServiceTypes, counter.IsOpen, counter.StaffId);
        return existing is null ? Outcome<CounterView>.Created(view) : Outcome<CounterView>.Ok(view);
    }

    [GeneratedRegex("^[a-z0-9-]{1,40}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Z]{1,4}$")]
    private static partial Regex PrefixPattern();
}
