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

/// <summary>The <see cref="WireNames{TEnum}"/> of <see cref="OrderState"/>, as the domain's call sites spell them.</summary>
public static class OrderStateNames
{
    public static IReadOnlyList<string> All => WireNames<OrderState>.All;

    public static string ToWire(this OrderState state) => WireNames<OrderState>.ToWire(state);

    /// <summary>Lenient (trimmed, any case), as order state filters have always been read.</summary>
    public static bool TryParse(string? name, out OrderState state) => WireNames<OrderState>.TryParseLenient(name, out state);
}
