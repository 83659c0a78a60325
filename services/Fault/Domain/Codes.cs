using System.Text.Json.Serialization;
using HallPlatform.Application;

namespace HallPlatform.Fault.Domain;

/// <summary>Where a fault report came from.</summary>
public enum Channel
{
    [JsonStringEnumMemberName("hall")]
    Hall,

    [JsonStringEnumMemberName("phone")]
    Phone,

    [JsonStringEnumMemberName("online")]
    Online,
}

public enum Severity
{
    [JsonStringEnumMemberName("critical")]
    Critical,

    [JsonStringEnumMemberName("major")]
    Major,

    [JsonStringEnumMemberName("minor")]
    Minor,
}

public enum TicketType
{
    [JsonStringEnumMemberName("mobile")]
    Mobile,

    [JsonStringEnumMemberName("broadband")]
    Broadband,

    [JsonStringEnumMemberName("fixed-line")]
    FixedLine,

    [JsonStringEnumMemberName("other")]
    Other,
}

/// <summary>Trouble ticket status (TMF621). <see cref="Submitted"/> exists only during registration.</summary>
public enum TicketStatus
{
    [JsonStringEnumMemberName("submitted")]
    Submitted,

    [JsonStringEnumMemberName("acknowledged")]
    Acknowledged,

    [JsonStringEnumMemberName("rejected")]
    Rejected,

    [JsonStringEnumMemberName("pending")]
    Pending,

    [JsonStringEnumMemberName("held")]
    Held,

    [JsonStringEnumMemberName("inProgress")]
    InProgress,

    [JsonStringEnumMemberName("cancelled")]
    Cancelled,

    [JsonStringEnumMemberName("resolved")]
    Resolved,

    [JsonStringEnumMemberName("closed")]
    Closed,
}

// The <see cref="WireNames{TEnum}"/> of each code, as the domain's call sites spell them. Fault has always read codes
// leniently (trimmed, any case), so TryParse stays lenient here.

public static class ChannelNames
{
    public static IReadOnlyList<string> All => WireNames<Channel>.All;

    public static string ToWire(this Channel channel) => WireNames<Channel>.ToWire(channel);

    public static bool TryParse(string? name, out Channel channel) => WireNames<Channel>.TryParseLenient(name, out channel);
}

public static class SeverityNames
{
    public static IReadOnlyList<string> All => WireNames<Severity>.All;

    public static string ToWire(this Severity severity) => WireNames<Severity>.ToWire(severity);

    public static bool TryParse(string? name, out Severity severity) => WireNames<Severity>.TryParseLenient(name, out severity);
}

public static class TicketTypeNames
{
    public static IReadOnlyList<string> All => WireNames<TicketType>.All;

    public static string ToWire(this TicketType ticketType) => WireNames<TicketType>.ToWire(ticketType);

    public static bool TryParse(string? name, out TicketType ticketType) => WireNames<TicketType>.TryParseLenient(name, out ticketType);
}

public static class TicketStatusNames
{
    /// <summary>Every status, including the internal "submitted" (stored in history).</summary>
    public static IReadOnlyList<string> All => WireNames<TicketStatus>.All;

    /// <summary>The TMF621 statuses a caller may name (filter or target); "submitted" is not one of them.</summary>
    public static IReadOnlyList<string> Public { get; } = [.. All.Where(name => name != TicketStatus.Submitted.ToWire())];

    public static string ToWire(this TicketStatus status) => WireNames<TicketStatus>.ToWire(status);

    public static bool TryParse(string? name, out TicketStatus status) => WireNames<TicketStatus>.TryParseLenient(name, out status);

    /// <summary>A status a caller may name: any but "submitted".</summary>
    public static bool TryParsePublic(string? name, out TicketStatus status) => TryParse(name, out status) && status != TicketStatus.Submitted;
}

/// <summary>
/// The names <c>TicketStateMachineTests</c> still uses (it is being rewritten elsewhere); new code uses
/// <see cref="TicketStatusNames"/>. Remove once nothing calls it.
/// </summary>
public static class Codes
{
    public static IReadOnlyList<string> PublicStatuses => TicketStatusNames.Public;

    public static bool TryParsePublicStatus(string? name, out TicketStatus status) => TicketStatusNames.TryParsePublic(name, out status);
}
