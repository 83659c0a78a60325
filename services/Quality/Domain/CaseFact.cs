namespace HallPlatform.Quality.Domain;

/// <summary>
/// What Quality's statistics know of one case of another service (a visit, an order, a trouble ticket, a complaint),
/// kept up to date from that service's events: the read model the statistics are computed from (docs/quality.md,
/// "Statistics"). One row per case; each event about the case overwrites what it carries, so an event applied twice
/// leaves the same row (and the event consumption applies each event once anyway).
/// </summary>
public sealed class CaseFact
{
    public const int MaxCodeLength = 64;

    public CaseType CaseKind { get; init; }
    public required string CaseId { get; init; }

    /// <summary>Null for cases not handled in a hall (a partner's trouble ticket).</summary>
    public string? HallId { get; set; }

    /// <summary>The hall service type (visits and orders); null for tickets and complaints.</summary>
    public string? ServiceType { get; set; }

    /// <summary>
    /// Who served the case: a visit's counter agent, the staff member who completed an order, resolved a ticket or
    /// first answered a complaint. Null when nobody did (yet).
    /// </summary>
    public string? StaffId { get; set; }

    /// <summary>How the case came in: a visit's channel (store, kiosk, web…), a ticket's or complaint's (hall, phone, online).</summary>
    public string? Channel { get; set; }

    /// <summary>The case's last known status (the producer's wire name).</summary>
    public string Status { get; set; } = "";

    /// <summary>A visit's end state (completed, noShow, cancelled) or a closed complaint's outcome (satisfied, unconfirmed, merged).</summary>
    public string? EndState { get; set; }

    /// <summary>Arrival (visit), report (ticket) or receipt (complaint); null for orders.</summary>
    public DateTimeOffset? OpenedAt { get; set; }

    /// <summary>
    /// When the case was finished: a visit's end, an order's completion, a ticket's (latest) resolution, a complaint's
    /// closure. Null while open (and again after a reopen).
    /// </summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Waiting time of a called visit: first call − arrival.</summary>
    public double? WaitSeconds { get; set; }

    /// <summary>Service time of a completed visit: end − latest call.</summary>
    public double? ServiceSeconds { get; set; }

    /// <summary>The visit's service type waiting-time target when it ended.</summary>
    public int? ServiceLevelSeconds { get; set; }

    /// <summary>A ticket's repair time: resolution − report − time paused pending on the customer.</summary>
    public double? RepairSeconds { get; set; }

    /// <summary>A ticket's SLA due time, or a complaint's 15-day answer deadline, as last reported.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>Whether a finished ticket was resolved within its SLA, or a complaint first answered within 15 days.</summary>
    public bool? MetTarget { get; set; }

    /// <summary>A complaint's first answer to the customer.</summary>
    public DateTimeOffset? FirstResponseAt { get; set; }

    /// <summary>The time of the latest event applied: an older event never overwrites a newer one.</summary>
    public DateTimeOffset LastEventAt { get; set; }
}
