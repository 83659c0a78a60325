using System.Text.Json.Serialization;

namespace HallPlatform.Reception.Domain;

/// <summary>The service that owns the case of a visit of a service type (set per type in the catalogue).</summary>
public enum CaseOwner
{
    /// <summary>Business opens an order (the default: most service types sell or change something).</summary>
    [JsonStringEnumMemberName("business")]
    Business,

    /// <summary>Fault opens a trouble ticket.</summary>
    [JsonStringEnumMemberName("fault")]
    Fault,

    /// <summary>Complaint opens a complaint.</summary>
    [JsonStringEnumMemberName("complaint")]
    Complaint,
}

/// <summary>Where a called visit's case stands, as the visit shows it.</summary>
public enum CaseState
{
    /// <summary>The visit has not been called yet: nothing to open.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>Recorded with the call; the owner has not confirmed it yet (retried until it does).</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>The owner opened the case and answered its id.</summary>
    [JsonStringEnumMemberName("opened")]
    Opened,
}

/// <summary>
/// The case request outbox row of a called visit: written in the same transaction as the call, so no call stands
/// without it, and kept until the owner has opened the case. One per visit (the visit id is the key): a visit
/// called again (recall, recycle) asks for no second case. Holds no personal data: the customer's name and phone are
/// read from the visit and decrypted only when the request is sent.
/// </summary>
public sealed class CaseRequest
{
    public const int MaxErrorLength = 500;

    public required string VisitId { get; init; }
    public required CaseOwner Owner { get; init; }
    public required string HallId { get; init; }
    public required string ServiceType { get; init; }
    public required string CounterId { get; init; }
    public required string TicketNumber { get; init; }
    public string? JourneyId { get; init; }
    /// <summary>The W3C trace context of the call: the send (now or on retry) joins the journey's trace.</summary>
    public string? TraceParent { get; init; }
    public CaseState State { get; set; } = CaseState.Pending;
    /// <summary>Sends tried so far (the immediate one included).</summary>
    public int Attempts { get; set; }
    /// <summary>Not sent again before this instant (a send in flight holds the row until then).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>Why the latest send failed (status and a short message, never personal data).</summary>
    public string? LastError { get; set; }
    public string? CaseId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? OpenedAt { get; set; }
}
