using System.Text.Json;

namespace HallPlatform.Business.Domain;

/// <summary>Product order states of TMF622 v4.</summary>
public enum OrderState
{
    Acknowledged,
    Rejected,
    Pending,
    Held,
    InProgress,
    Cancelled,
    Completed,
    Failed,
    Partial,
    AssessingCancellation,
    PendingCancellation,
}

/// <summary>The TMF622 wire names (camelCase, e.g. <c>inProgress</c>) shared by REST, gRPC and the database.</summary>
public static class OrderStateNames
{
    private static readonly Dictionary<string, OrderState> ByName = Enum.GetValues<OrderState>()
        .ToDictionary(ToWire, state => state, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<string> All { get; } = [.. Enum.GetValues<OrderState>().Select(ToWire)];

    public static string ToWire(this OrderState state) => JsonNamingPolicy.CamelCase.ConvertName(state.ToString());

    public static bool TryParse(string? name, out OrderState state)
    {
        state = default;
        return !string.IsNullOrWhiteSpace(name) && ByName.TryGetValue(name.Trim(), out state);
    }
}
