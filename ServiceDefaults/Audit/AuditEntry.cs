namespace HallPlatform.Audit;

/// <summary>
/// One line of the append-only audit trail: who (<see cref="ActorKind"/>, <see cref="ActorId"/>) did what
/// (<see cref="Action"/>) to which record, when, from where, within which trace, with the state before and after.
/// Holds no personal data in clear: <see cref="CustomerRef"/> is a keyed hash of the customer's phone, and
/// <see cref="Before"/>/<see cref="After"/> carry masked or omitted personal fields. Only ever inserted.
/// </summary>
public sealed class AuditEntry
{
    public const int MaxActionLength = 64;
    public const int MaxRecordTypeLength = 64;
    public const int MaxRecordIdLength = 100;
    public const int MaxActorIdLength = 128;
    public const int MaxActorKindLength = 16;
    public const int MaxClientAddressLength = 64;
    public const int MaxHallIdLength = 64;

    /// <summary>The record id of an entry about a collection (a list read) rather than one record.</summary>
    public const string CollectionRecordId = "*";

    // For EF Core materialisation.
    private AuditEntry()
    {
    }

    internal AuditEntry(
        DateTimeOffset occurredAt, string actorKind, string actorId, string? clientAddress, string action,
        string recordType, string recordId, string? customerRef, string? before, string? after, string? traceId, string? hallId)
    {
        OccurredAt = occurredAt;
        ActorKind = actorKind;
        ActorId = actorId;
        ClientAddress = clientAddress;
        Action = action;
        RecordType = recordType;
        RecordId = recordId;
        CustomerRef = customerRef;
        Before = before;
        After = after;
        TraceId = traceId;
        HallId = hallId;
    }

    public long Id { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>anonymous, staff, partner or service.</summary>
    public string ActorKind { get; private set; } = "";

    /// <summary>The staff member's, partner's or service's id as the gateway verified it.</summary>
    public string ActorId { get; private set; } = "";

    public string? ClientAddress { get; private set; }

    /// <summary>What happened, "{recordType}.{verb}": complaint.registered, complaint.status-changed, complaint.personal-data-read.</summary>
    public string Action { get; private set; } = "";

    public string RecordType { get; private set; } = "";

    public string RecordId { get; private set; } = "";

    /// <summary><see cref="Privacy.BlindIndex.ForPhone"/> of the customer's phone; null when the record has no customer.</summary>
    public string? CustomerRef { get; private set; }

    /// <summary>JSON (jsonb) of the state before a change, without personal data in clear.</summary>
    public string? Before { get; private set; }

    /// <summary>JSON (jsonb) of the state after a change, or what a read returned (ids only), without personal data in clear.</summary>
    public string? After { get; private set; }

    public string? TraceId { get; private set; }

    /// <summary>
    /// The hall the record belongs to; staff limited to some halls read only their halls' entries. Null for a record
    /// of no hall (or of every hall): only callers who span all halls read those.
    /// </summary>
    public string? HallId { get; private set; }
}
