namespace HallPlatform.Quality.Staff.Domain;

/// <summary>A conduct case as recorded, already validated.</summary>
public sealed record ConductRecord(
    string StaffId,
    string HallId,
    ConductCategory Category,
    GiftDisposition? Disposition,
    long? ValueFen,
    string? Counterparty,
    ViolationKind? ViolationKind,
    string Description);

/// <summary>One move of a conduct case: who, when, and the investigator's note (free text, encrypted at rest).</summary>
public sealed class ConductStatusChange
{
    public ConductStatus From { get; init; }
    public ConductStatus To { get; init; }
    public DateTimeOffset At { get; init; }
    public required string By { get; init; }
    public string? Note { get; init; }
}

/// <summary>
/// One entry of the conduct register: a gift or hospitality offered to a staff member, or a violation, with its
/// investigation (the notes of its status changes), outcome and sanction. Who recorded it and when are kept, as
/// is who moved it at each step.
/// </summary>
public sealed class ConductCase
{
    public const string IdPrefix = "cnd_";
    public const int MaxCounterpartyLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxNoteLength = 2000;
    public const int MaxComplaintIdLength = 100;
    public const long MaxValueFen = 100_000_000_000;

    // For EF Core materialisation.
    private ConductCase()
    {
    }

    public string CaseId { get; private set; } = "";
    public string StaffId { get; private set; } = "";
    public string HallId { get; private set; } = "";
    public ConductCategory Category { get; private set; }
    public GiftDisposition? Disposition { get; private set; }
    public long? ValueFen { get; private set; }

    /// <summary>Who offered the gift or hospitality: free text that may name a person, so it is encrypted.</summary>
    public string? Counterparty { get; private set; }
    public ViolationKind? ViolationKind { get; private set; }

    /// <summary>What happened: free text that may name customers, so it is encrypted and never logged.</summary>
    public string Description { get; private set; } = "";

    /// <summary>The upheld complaint that opened this review automatically (one review per complaint).</summary>
    public string? ComplaintId { get; private set; }
    public ConductStatus Status { get; private set; }
    public ConductOutcome? Outcome { get; private set; }
    public ConductSanction? Sanction { get; private set; }
    public string RecordedBy { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }
    public DateTimeOffset StatusChangedAt { get; private set; }
    public string? ConcludedBy { get; private set; }
    public DateTimeOffset? ConcludedAt { get; private set; }
    public List<ConductStatusChange> StatusChanges { get; private set; } = [];

    public static string NewId() => IdPrefix + Guid.CreateVersion7().ToString("N");

    public static ConductCase Record(string caseId, ConductRecord record, string recordedBy, DateTimeOffset at, string? complaintId = null) => new()
    {
        CaseId = caseId,
        StaffId = record.StaffId,
        HallId = record.HallId,
        Category = record.Category,
        Disposition = record.Disposition,
        ValueFen = record.ValueFen,
        Counterparty = record.Counterparty,
        ViolationKind = record.ViolationKind,
        Description = record.Description,
        ComplaintId = complaintId,
        Status = ConductStatus.Open,
        RecordedBy = recordedBy,
        RecordedAt = at,
        StatusChangedAt = at,
    };

    /// <summary>
    /// Moves the case when the lifecycle allows it. Concluding needs an outcome (and for a breach a sanction other
    /// than none; with no breach the sanction is none); reopening clears the previous conclusion. False when the move
    /// is not allowed; the case is then unchanged.
    /// </summary>
    public bool MoveTo(ConductStatus to, string by, string? note, DateTimeOffset at, ConductOutcome? outcome = null, ConductSanction? sanction = null)
    {
        if (!ConductLifecycle.CanMove(Status, to))
        {
            return false;
        }
        if (to == ConductStatus.Concluded)
        {
            if (outcome is null || !IsValidConclusion(outcome.Value, sanction ?? ConductSanction.None))
            {
                throw new ArgumentException("A conclusion needs an outcome, and a sanction other than none exactly when it is a breach.", nameof(outcome));
            }
            Outcome = outcome;
            Sanction = sanction ?? ConductSanction.None;
            ConcludedBy = by;
            ConcludedAt = at;
        }
        else if (to == ConductStatus.Investigating)
        {
            Outcome = null;
            Sanction = null;
            ConcludedBy = null;
            ConcludedAt = null;
        }
        StatusChanges.Add(new ConductStatusChange { From = Status, To = to, At = at, By = by, Note = note });
        Status = to;
        StatusChangedAt = at;
        return true;
    }

    public static bool IsValidConclusion(ConductOutcome outcome, ConductSanction sanction) =>
        outcome == ConductOutcome.Breach ? sanction != ConductSanction.None : sanction == ConductSanction.None;
}
