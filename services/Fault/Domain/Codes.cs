namespace HallPlatform.Fault.Domain;

/// <summary>Where a fault report came from.</summary>
public enum Channel
{
    Hall,
    Phone,
    Online,
}

public enum Severity
{
    Critical,
    Major,
    Minor,
}

public enum TicketType
{
    Mobile,
    Broadband,
    FixedLine,
    Other,
}

/// <summary>Trouble ticket status (TMF621). <see cref="Submitted"/> exists only during registration.</summary>
public enum TicketStatus
{
    Submitted,
    Acknowledged,
    Rejected,
    Pending,
    Held,
    InProgress,
    Cancelled,
    Resolved,
    Closed,
}

public static class Codes
{
    public static WireNames<Channel> Channels { get; } = new(new()
    {
        [Channel.Hall] = "hall",
        [Channel.Phone] = "phone",
        [Channel.Online] = "online",
    });

    public static WireNames<Severity> Severities { get; } = new(new()
    {
        [Severity.Critical] = "critical",
        [Severity.Major] = "major",
        [Severity.Minor] = "minor",
    });

    public static WireNames<TicketType> TicketTypes { get; } = new(new()
    {
        [TicketType.Mobile] = "mobile",
        [TicketType.Broadband] = "broadband",
        [TicketType.FixedLine] = "fixed-line",
        [TicketType.Other] = "other",
    });

    /// <summary>Every status, including the internal "submitted" (stored in history).</summary>
    public static WireNames<TicketStatus> Statuses { get; } = new(new()
    {
        [TicketStatus.Submitted] = "submitted",
        [TicketStatus.Acknowledged] = "acknowledged",
        [TicketStatus.Rejected] = "rejected",
        [TicketStatus.Pending] = "pending",
        [TicketStatus.Held] = "held",
        [TicketStatus.InProgress] = "inProgress",
        [TicketStatus.Cancelled] = "cancelled",
        [TicketStatus.Resolved] = "resolved",
        [TicketStatus.Closed] = "closed",
    });

    /// <summary>The TMF621 statuses a caller may name (filter or target); "submitted" is not one of them.</summary>
    public static IReadOnlyList<string> PublicStatuses { get; } =
        [.. Statuses.All.Where(name => name != Statuses.Name(TicketStatus.Submitted))];

    public static string ToWire(this Channel value) => Channels.Name(value);

    public static string ToWire(this Severity value) => Severities.Name(value);

    public static string ToWire(this TicketType value) => TicketTypes.Name(value);

    public static string ToWire(this TicketStatus value) => Statuses.Name(value);

    public static bool TryParsePublicStatus(string? name, out TicketStatus status) =>
        Statuses.TryParse(name, out status) && status != TicketStatus.Submitted;
}
