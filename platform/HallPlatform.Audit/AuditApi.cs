using System.Globalization;
using System.Text.Json;
using HallPlatform.Application;
using HallPlatform.Identity;
using HallPlatform.Privacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HallPlatform.Audit;

/// <summary>An audit entry as supervisors read it; before/after are the JSON snapshots as recorded.</summary>
public sealed record AuditEntryResponse(
    long Id,
    DateTimeOffset OccurredAt,
    string ActorKind,
    string ActorId,
    string? ClientAddress,
    string Action,
    string RecordType,
    string RecordId,
    string? CustomerRef,
    JsonElement? Before,
    JsonElement? After,
    string? TraceId,
    string? HallId)
{
    public static AuditEntryResponse From(AuditEntry entry) => new(
        entry.Id, entry.OccurredAt, entry.ActorKind, entry.ActorId, entry.ClientAddress, entry.Action, entry.RecordType,
        entry.RecordId, entry.CustomerRef, Parse(entry.Before), Parse(entry.After), entry.TraceId, entry.HallId);

    private static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>
/// The filters of an audit query, already checked. <see cref="Halls"/>: when set, only entries of those halls (the
/// caller is limited to them); entries of no hall are then left out too.
/// </summary>
public sealed record AuditQuery(
    string? RecordType, string? RecordId, string? CustomerRef, string? ActorId, DateTimeOffset? From, DateTimeOffset? To, PageRequest Paging,
    IReadOnlyList<string>? Halls = null)
{
    /// <summary>
    /// Checks the query-string text: recordId needs recordType; customer is a phone number (hashed with the blind
    /// index, never stored or echoed); from/to are ISO 8601 instants, from inclusive, to exclusive, from not after to.
    /// </summary>
    public static AuditQuery? Parse(
        string? recordType, string? recordId, string? customer, string? actor, string? from, string? to,
        string? page, string? pageSize, BlindIndex blindIndex, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(blindIndex);
        ArgumentNullException.ThrowIfNull(errors);
        var type = errors.OptionalText("recordType", recordType, AuditEntry.MaxRecordTypeLength);
        var id = errors.OptionalText("recordId", recordId, AuditEntry.MaxRecordIdLength);
        if (id is not null && type is null && string.IsNullOrWhiteSpace(recordType))
        {
            errors.Add("recordId", "The recordId filter needs the recordType filter too.");
        }
        string? customerRef = null;
        if (!string.IsNullOrWhiteSpace(customer))
        {
            customerRef = blindIndex.ForPhone(customer);
            if (customerRef is null)
            {
                errors.Add("customer", PhoneNumbers.InvalidMessage("customer"));
            }
        }
        var actorId = errors.OptionalText("actor", actor, AuditEntry.MaxActorIdLength);
        var fromInstant = InstantRange.Parse("from", from, errors);
        var toInstant = InstantRange.Parse("to", to, errors);
        if (fromInstant is { } start && toInstant is { } end && start > end)
        {
            errors.Add("from", "The from filter must not be later than the to filter.");
        }
        var paging = PageRequest.Parse(page, pageSize, errors);
        return errors.Any ? null : new AuditQuery(type, id, customerRef, actorId, fromInstant, toInstant, paging);
    }

    internal async Task<ResultPage<AuditEntry>> RunAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (RecordType is not null)
        {
            query = query.Where(e => e.RecordType == RecordType);
        }
        if (RecordId is not null)
        {
            query = query.Where(e => e.RecordId == RecordId);
        }
        if (CustomerRef is not null)
        {
            query = query.Where(e => e.CustomerRef == CustomerRef);
        }
        if (ActorId is not null)
        {
            query = query.Where(e => e.ActorId == ActorId);
        }
        if (Halls is { } halls)
        {
            query = query.Where(e => e.HallId != null && halls.Contains(e.HallId));
        }
        if (From is { } from)
        {
            query = query.Where(e => e.OccurredAt >= from);
        }
        if (To is { } to)
        {
            query = query.Where(e => e.OccurredAt < to);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip(Paging.Skip).Take(Paging.PageSize)
            .ToListAsync(cancellationToken);
        return Paging.Of<AuditEntry>(items, total);
    }

}

public static class AuditApi
{
    /// <summary>
    /// Maps <c>GET /api/v1/{service}/audit-entries</c>: the service's audit trail, newest first, paged, filtered by
    /// record (recordType + recordId), customer (phone), actor, period (from/to). Supervisors and administrators only:
    /// checked here as well as at the gateway, so a route added to the gateway by mistake still shows nothing. Staff
    /// limited to some halls see only the entries of records in those halls.
    /// </summary>
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes, string service)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        routes.MapGet($"/api/v1/{service}/audit-entries", ListAsync)
            .WithTag("Audit", "Each service's append-only audit trail: who did or read what, when and from where.")
            .WithSummary($"List the {service} audit trail")
            .WithDescription("Pages of the service's audit entries, newest first, filtered by `recordType` + `recordId`, "
                + "`customer` (a phone number), `actor` and the period `from`/`to`. Supervisors and administrators only.")
            .WithName($"List{char.ToUpperInvariant(service[0])}{service[1..]}AuditEntries");
        return routes;
    }

    public static bool MayReadAuditTrail(HallCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Kind == CallerKind.Staff
            && (caller.IsInRole(HallRoles.Supervisor) || caller.IsInRole(HallRoles.Administrator));
    }

    // Filters arrive as text so a bad one becomes a field error naming it.
    private static async Task<Results<Ok<ResultPage<AuditEntryResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        AuditTrail trail,
        IHallCallerAccessor callers,
        BlindIndex blindIndex,
        CancellationToken cancellationToken,
        string? recordType = null,
        string? recordId = null,
        string? customer = null,
        string? actor = null,
        string? from = null,
        string? to = null,
        [IntegerText(1, PageRequest.MaxPage)] string? page = null,
        [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize = null)
    {
        if (!MayReadAuditTrail(callers.Current))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: "Only supervisors and administrators may read the audit trail.");
        }
        var errors = new FieldErrors();
        var query = AuditQuery.Parse(recordType, recordId, customer, actor, from, to, page, pageSize, blindIndex, errors);
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var caller = callers.Current;
        var result = await trail.ReadAsync(caller.IsLimitedToHalls ? query with { Halls = caller.Halls } : query, cancellationToken);
        return TypedResults.Ok(result.Map(AuditEntryResponse.From));
    }
}
