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

// Codes are named by WireNames<TEnum>. Fault reads them leniently (trimmed, any case), as partners have always sent
// them: WireNames<TEnum>.TryParseLenient.

public static class TicketStatusNames
{
    /// <summary>The TMF621 statuses a caller may name (filter or target); "submitted" is not one of them.</summary>
    public static IReadOnlyList<string> Public { get; } = [.. WireNames<TicketStatus>.All.Where(name => name != TicketStatus.Submitted.ToWire())];

    /// <summary>A status a caller may name: any but "submitted".</summary>
    public static bool TryParsePublic(string? name, out TicketStatus status) => WireNames<TicketStatus>.TryParseLenient(name, out status) && status != TicketStatus.Submitted;
}


/// <summary>What a technician found to be the cause of a fault (the analysis step).</summary>
public enum CauseCategory
{
    [JsonStringEnumMemberName("network")]
    Network,

    [JsonStringEnumMemberName("equipment")]
    Equipment,

    [JsonStringEnumMemberName("customer-premises")]
    CustomerPremises,

    [JsonStringEnumMemberName("configuration")]
    Configuration,

    [JsonStringEnumMemberName("third-party")]
    ThirdParty,

    [JsonStringEnumMemberName("no-fault-found")]
    NoFaultFound,
}
