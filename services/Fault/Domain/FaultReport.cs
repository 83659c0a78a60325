using HallPlatform.Privacy;

namespace HallPlatform.Fault.Domain;

/// <summary>A checked and normalised fault report: the content an idempotent retry must repeat exactly.</summary>
public sealed record FaultReport(
    Channel Channel,
    string? ExternalId,
    string Name,
    string Description,
    Severity Severity,
    TicketType TicketType,
    string? HallId,
    string? CustomerPhone)
{
    public const int MaxExternalIdLength = 100;
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxHallIdLength = 64;
}
