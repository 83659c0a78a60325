using System.Text.Json.Serialization;
using HallPlatform.Application;

namespace HallPlatform.Business.Domain;

/// <summary>Product order states of TMF622 v4, with their wire names (REST, gRPC, database) spelled out.</summary>
public enum OrderState
{
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

    [JsonStringEnumMemberName("completed")]
    Completed,

    [JsonStringEnumMemberName("failed")]
    Failed,

    [JsonStringEnumMemberName("partial")]
    Partial,

    [JsonStringEnumMemberName("assessingCancellation")]
    AssessingCancellation,

    [JsonStringEnumMemberName("pendingCancellation")]
    PendingCancellation,
}

