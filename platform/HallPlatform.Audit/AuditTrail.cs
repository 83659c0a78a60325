using HallPlatform.Application;
using System.Diagnostics;
using System.Text.Json;
using HallPlatform.Identity;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Audit;

/// <summary>
/// Writes the audit trail of one service (scoped, on the service's own DbContext). Who and from where come from
/// the verified caller, the trace id from the current activity, the time from <see cref="TimeProvider"/>.
/// There is deliberately nothing to change or remove an entry.
/// </summary>
public sealed class AuditTrail(DbContext db, IHallCallerAccessor callers, TimeProvider time)
{
    private static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web);

    /// <summary>The entries that match <paramref name="query"/>, newest first, one page of them.</summary>
    public Task<ResultPage<AuditEntry>> ReadAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.RunAsync(db, cancellationToken);
    }

    /// <summary>
    /// Adds an entry for a change to the same DbContext as the change, so the next SaveChanges commits both or
    /// neither. <paramref name="before"/> and <paramref name="after"/> are serialised as JSON and must hold no
    /// personal data in clear (mask or leave it out). <paramref name="hallId"/> is the hall the record belongs to
    /// (it decides which hall-limited supervisors may read the entry).
    /// </summary>
    public AuditEntry Record(
        string action, string recordType, string recordId, string? customerRef = null, object? before = null, object? after = null,
        string? hallId = null)
    {
        var entry = Describe(action, recordType, recordId, customerRef, before, after, hallId);
        db.Set<AuditEntry>().Add(entry);
        return entry;
    }

    /// <summary>
    /// Records and saves at once a read that returned personal data (a read changes nothing to commit with).
    /// <paramref name="returned"/> says what was shown (ids, never the data). Refuses to run with unsaved changes
    /// pending, so a read entry never commits someone else's half-done change.
    /// </summary>
    public async Task<AuditEntry> RecordReadAsync(
        string action, string recordType, string recordId, string? customerRef, object? returned, CancellationToken cancellationToken,
        string? hallId = null)
    {
        if (db.ChangeTracker.HasChanges())
        {
            throw new InvalidOperationException("RecordReadAsync saves on its own: save or discard pending changes first.");
        }
        var entry = Record(action, recordType, recordId, customerRef, before: null, after: returned, hallId);
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    /// <summary>
    /// The entry for the current caller, time and trace, not added to any context: for a service that writes it with
    /// its own SQL in the same statement as the change (a group-commit writer running outside the request).
    /// </summary>
    public AuditEntry Describe(
        string action, string recordType, string recordId, string? customerRef = null, object? before = null, object? after = null,
        string? hallId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordType);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordId);
        var caller = callers.Current;
        return new AuditEntry(
            time.GetStoredUtcNow(),
            caller.Kind.ToString().ToLowerInvariant(),
            Truncate(caller.Id, AuditEntry.MaxActorIdLength),
            caller.ClientAddress is null ? null : Truncate(caller.ClientAddress, AuditEntry.MaxClientAddressLength),
            action,
            recordType,
            recordId,
            customerRef,
            before is null ? null : JsonSerializer.Serialize(before, before.GetType(), SnapshotJson),
            after is null ? null : JsonSerializer.Serialize(after, after.GetType(), SnapshotJson),
            Activity.Current?.TraceId.ToHexString(),
            hallId is null ? null : Truncate(hallId, AuditEntry.MaxHallIdLength));
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
