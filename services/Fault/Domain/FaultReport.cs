using HallPlatform.ServiceDefaults.Api;
using HallPlatform.ServiceDefaults.Privacy;

namespace HallPlatform.Fault.Domain;

/// <summary>A fault report exactly as a channel sent it (REST body or gRPC request), not yet checked.</summary>
public sealed record ReportFaultCommand(
    string? Channel,
    string? ExternalId,
    string? Name,
    string? Description,
    string? Severity,
    string? TicketType,
    string? HallId,
    string? CustomerPhone);

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

    /// <summary>
    /// Checks a report. Partner channels (phone, online) must send their own reference so retries are recognised;
    /// a hall report must say which hall. Field errors are keyed by the camelCase field name.
    /// </summary>
    public static FaultReport? Validate(ReportFaultCommand command, out Dictionary<string, string[]> errors)
    {
        errors = [];

        var channel = Parse<Channel>(command.Channel, "channel", errors);
        var severity = Parse<Severity>(command.Severity, "severity", errors);
        var ticketType = Parse<TicketType>(command.TicketType, "ticketType", errors);

        var externalId = Optional(command.ExternalId);
        if (externalId is null && channel is Domain.Channel.Phone or Domain.Channel.Online)
        {
            errors["externalId"] = ["externalId (the partner's own reference) is required for phone and online reports."];
        }
        MaxLength(externalId, MaxExternalIdLength, "externalId", errors);

        var name = Optional(command.Name);
        if (name is null)
        {
            errors["name"] = ["name (a short summary of the fault) is required."];
        }
        MaxLength(name, MaxNameLength, "name", errors);

        var description = Optional(command.Description) ?? "";
        MaxLength(description, MaxDescriptionLength, "description", errors);

        var hallId = Optional(command.HallId);
        if (hallId is null && channel is Domain.Channel.Hall)
        {
            errors["hallId"] = ["hallId is required for reports made in a hall."];
        }
        MaxLength(hallId, MaxHallIdLength, "hallId", errors);

        var phone = NormalizePhone(command.CustomerPhone, errors);

        return errors.Count == 0
            ? new FaultReport(channel!.Value, externalId, name!, description, severity!.Value, ticketType!.Value, hallId, phone)
            : null;
    }

    // Fault has always read codes leniently (trimmed, any case).
    private static TEnum? Parse<TEnum>(string? value, string field, Dictionary<string, string[]> errors)
        where TEnum : struct, Enum
    {
        var names = WireNames<TEnum>.All;
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{field} is required: one of {string.Join(", ", names)}."];
            return null;
        }
        if (!WireNames<TEnum>.TryParseLenient(value, out var parsed))
        {
            errors[field] = [$"Unknown {field} '{value.Trim()}': use one of {string.Join(", ", names)}."];
            return null;
        }
        return parsed;
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void MaxLength(string? value, int max, string field, Dictionary<string, string[]> errors)
    {
        if (value is { Length: var length } && length > max)
        {
            errors[field] = [$"{field} must be at most {max} characters."];
        }
    }

    /// <summary>The shared phone rule (<see cref="PhoneNumbers.TryNormalize"/>); absent stays absent.</summary>
    private static string? NormalizePhone(string? phone, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }
        if (!PhoneNumbers.TryNormalize(phone, out var normalized))
        {
            // The value itself is not echoed back: it is personal data.
            errors["customerPhone"] = [PhoneNumbers.InvalidMessage("customerPhone")];
            return null;
        }
        return normalized;
    }
}
