namespace HallPlatform.Complaint.Domain;

/// <summary>The ISO 10002 handling steps a complaint moves through.</summary>
public enum ComplaintStatus
{
    Received,
    Acknowledged,
    Assessed,
    Investigating,
    Responded,
    Closed,
    Withdrawn,
}

public enum ComplaintChannel
{
    Hall,
    Phone,
    Online,
}

public enum ComplaintCategory
{
    Billing,
    Network,
    Service,
    Other,
}

/// <summary>
/// The lower-case names the public contracts (REST, gRPC) and the database use. Spelled out instead of derived from
/// the enum member names so a rename in code can never change the wire format.
/// </summary>
public static class ComplaintWireNames
{
    private static readonly (ComplaintStatus Value, string Name)[] Statuses =
    [
        (ComplaintStatus.Received, "received"),
        (ComplaintStatus.Acknowledged, "acknowledged"),
        (ComplaintStatus.Assessed, "assessed"),
        (ComplaintStatus.Investigating, "investigating"),
        (ComplaintStatus.Responded, "responded"),
        (ComplaintStatus.Closed, "closed"),
        (ComplaintStatus.Withdrawn, "withdrawn"),
    ];

    private static readonly (ComplaintChannel Value, string Name)[] Channels =
    [
        (ComplaintChannel.Hall, "hall"),
        (ComplaintChannel.Phone, "phone"),
        (ComplaintChannel.Online, "online"),
    ];

    private static readonly (ComplaintCategory Value, string Name)[] Categories =
    [
        (ComplaintCategory.Billing, "billing"),
        (ComplaintCategory.Network, "network"),
        (ComplaintCategory.Service, "service"),
        (ComplaintCategory.Other, "other"),
    ];

    public static IEnumerable<string> StatusNames => Statuses.Select(s => s.Name);

    public static IEnumerable<string> ChannelNames => Channels.Select(c => c.Name);

    public static IEnumerable<string> CategoryNames => Categories.Select(c => c.Name);

    public static string ToWire(this ComplaintStatus status) => Name(Statuses, status);

    public static string ToWire(this ComplaintChannel channel) => Name(Channels, channel);

    public static string ToWire(this ComplaintCategory category) => Name(Categories, category);

    public static bool TryParseStatus(string? name, out ComplaintStatus status) => TryParse(Statuses, name, out status);

    public static bool TryParseChannel(string? name, out ComplaintChannel channel) => TryParse(Channels, name, out channel);

    public static bool TryParseCategory(string? name, out ComplaintCategory category) => TryParse(Categories, name, out category);

    public static ComplaintStatus ParseStatus(string name) =>
        TryParseStatus(name, out var status) ? status : throw new FormatException($"Unknown complaint status '{name}'.");

    public static ComplaintChannel ParseChannel(string name) =>
        TryParseChannel(name, out var channel) ? channel : throw new FormatException($"Unknown complaint channel '{name}'.");

    public static ComplaintCategory ParseCategory(string name) =>
        TryParseCategory(name, out var category) ? category : throw new FormatException($"Unknown complaint category '{name}'.");

    private static string Name<T>((T Value, string Name)[] table, T value) where T : struct, Enum
    {
        foreach (var entry in table)
        {
            if (EqualityComparer<T>.Default.Equals(entry.Value, value))
            {
                return entry.Name;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(value), value, "No wire name defined.");
    }

    private static bool TryParse<T>((T Value, string Name)[] table, string? name, out T value) where T : struct, Enum
    {
        foreach (var entry in table)
        {
            if (string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }
        value = default;
        return false;
    }
}
