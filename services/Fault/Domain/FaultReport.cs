using HallPlatform.Privacy;

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
    public const int MinPhoneDigits = PhoneNumbers.MinDigits;
    public const int MaxPhoneDigits = PhoneNumbers.MaxDigits;

    /// <summary>
    /// Checks a report. Partner channels (phone, online) must send their own reference so retries are recognised;
    /// a hall report must say which hall. Field errors are keyed by the camelCase field name.
    /// </summary>
    public static FaultReport? Validate(ReportFaultCommand command, out Dictionary<string, string[]> errors)
    {
        errors = [];

        var channel = Parse(command.Channel, Codes.Channels, "channel", errors);
        var severity = Parse(command.Severity, Codes.Severities, "severity", errors);
        var ticketType = Parse(command.TicketType, Codes.TicketTypes, "ticketType", errors);

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

    private static TEnum? Parse<TEnum>(string? value, WireNames<TEnum> names, string field, Dictionary<string, string[]> errors)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{field} is required: one of {string.Join(", ", names.All)}."];
            return null;
        }
        if (!names.TryParse(value, out var parsed))
        {
            errors[field] = [$"Unknown {field} '{value.Trim()}': use one of {string.Join(", ", names.All)}."];
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

    /// <summary>Keeps digits and a leading '+', dropping the separators people type; absent stays absent.</summary>
    private static string? NormalizePhone(string? phone, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }
        if (!PhoneNumbers.TryNormalize(phone, out var normalized))
        {
            // The value itself is not echoed back: it is personal data.
            errors["customerPhone"] =
                [$"customerPhone must have {MinPhoneDigits} to {MaxPhoneDigits} digits, optionally after a leading '+' and with spaces or dashes between them."];
            return null;
        }
        return normalized;
    }
}
