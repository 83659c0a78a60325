namespace HallPlatform.Quality.Domain;

/// <summary>
/// A case another service finished (a visit, an order, a trouble ticket, a complaint): what a follow-up survey may be
/// about. One per case, whichever of its finishing events arrived first.
/// </summary>
public sealed class FollowUpCase
{
    public const int MaxIdLength = 100;

    public CaseType CaseKind { get; init; }
    public required string CaseId { get; init; }

    /// <summary>Null for cases that were not handled in a hall (a partner's trouble ticket).</summary>
    public string? HallId { get; init; }
    public string? JourneyId { get; init; }

    /// <summary>The trace context of the change that finished the case (the journey's): the survey answer joins it.</summary>
    public string? JourneyTraceParent { get; init; }

    /// <summary>
    /// The customer's satisfaction score (1..5) given when confirming the closure to the case's owner (a trouble
    /// ticket's <c>satisfactionScore</c>); null when none was given (auto-closed, other kinds).
    /// </summary>
    public int? ClosureScore { get; set; }

    /// <summary>The hall service type (visits and orders); null for tickets and complaints.</summary>
    public string? ServiceType { get; init; }
    public DateTimeOffset CompletedAt { get; init; }
}
