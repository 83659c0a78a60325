using System.Text.Json.Serialization;
using HallPlatform.Application;

namespace HallPlatform.Complaint.Domain;

/// <summary>The ISO 10002 handling steps a complaint moves through.</summary>
public enum ComplaintStatus
{
    [JsonStringEnumMemberName("received")]
    Received,

    [JsonStringEnumMemberName("acknowledged")]
    Acknowledged,

    [JsonStringEnumMemberName("assessed")]
    Assessed,

    [JsonStringEnumMemberName("investigating")]
    Investigating,

    [JsonStringEnumMemberName("responded")]
    Responded,

    [JsonStringEnumMemberName("closed")]
    Closed,

    [JsonStringEnumMemberName("withdrawn")]
    Withdrawn,
}

public enum ComplaintChannel
{
    [JsonStringEnumMemberName("hall")]
    Hall,

    [JsonStringEnumMemberName("phone")]
    Phone,

    [JsonStringEnumMemberName("online")]
    Online,
}

public enum ComplaintCategory
{
    [JsonStringEnumMemberName("billing")]
    Billing,

    [JsonStringEnumMemberName("network")]
    Network,

    [JsonStringEnumMemberName("service")]
    Service,

    [JsonStringEnumMemberName("other")]
    Other,
}

// The <see cref="WireNames{TEnum}"/> of each code, as the domain's call sites spell them. Complaint reads codes
// exactly as written (no trimming, case matters).

public static class ComplaintStatusNames
{
    public static IReadOnlyList<string> All => WireNames<ComplaintStatus>.All;

    public static string ToWire(this ComplaintStatus status) => WireNames<ComplaintStatus>.ToWire(status);

    public static bool TryParse(string? name, out ComplaintStatus status) => WireNames<ComplaintStatus>.TryParse(name, out status);
}

public static class ComplaintChannelNames
{
    public static IReadOnlyList<string> All => WireNames<ComplaintChannel>.All;

    public static string ToWire(this ComplaintChannel channel) => WireNames<ComplaintChannel>.ToWire(channel);

    public static bool TryParse(string? name, out ComplaintChannel channel) => WireNames<ComplaintChannel>.TryParse(name, out channel);
}

public static class ComplaintCategoryNames
{
    public static IReadOnlyList<string> All => WireNames<ComplaintCategory>.All;

    public static string ToWire(this ComplaintCategory category) => WireNames<ComplaintCategory>.ToWire(category);

    public static bool TryParse(string? name, out ComplaintCategory category) => WireNames<ComplaintCategory>.TryParse(name, out category);
}
