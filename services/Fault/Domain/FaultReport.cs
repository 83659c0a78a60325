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
    string? CustomerPhone,
    string? CustomerName = null,
    string? ServiceAffected = null)
{
    public const int MaxExternalIdLength = 100;
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxHallIdLength = 64;
    public const int MaxCustomerNameLength = 200;

    /// <summary>The line or service affected (a line number, circuit or account reference).</summary>
    public const int MaxServiceAffectedLength = 100;
}
