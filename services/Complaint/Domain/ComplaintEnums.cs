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

// Codes are named by WireNames<TEnum> and read exactly as written (no trimming, case matters).

