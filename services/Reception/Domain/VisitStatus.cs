using System.Text.Json.Serialization;
using HallPlatform.Application;

namespace HallPlatform.Reception.Domain;

/// <summary>Status of a visit (TMF683 party interaction) and of the ticket it holds in the hall.</summary>
public enum VisitStatus
{
    [JsonStringEnumMemberName("waiting")]
    Waiting,

    [JsonStringEnumMemberName("called")]
    Called,

    [JsonStringEnumMemberName("serving")]
    Serving,

    /// <summary>Set aside in the staff pool; any counter can pick it up with a specific call.</summary>
    [JsonStringEnumMemberName("parked")]
    Parked,

    [JsonStringEnumMemberName("completed")]
    Completed,

    [JsonStringEnumMemberName("noShow")]
    NoShow,

    /// <summary>Taken back (check-in compensation) or closed at the end of the business day.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}

/// <summary>What staff (or the system) do to a visit; each action is one row per allowed start state in the table.</summary>
public enum VisitAction
{
    /// <summary>Call-next or a specific call (out of order, or picking up a parked visit).</summary>
    Call,
    Recall,
    NoShow,
    /// <summary>Back in its queue at its original arrival time.</summary>
    Recycle,
    Park,
    /// <summary>To another service type's queue of the same hall, keeping arrival time, number and history.</summary>
    Transfer,
    Start,
    Complete,
    /// <summary>Check-in compensation: the visit could not be recorded.</summary>
    Cancel,
    /// <summary>End-of-day rule: every open visit is closed with the outcome closedAtDayEnd.</summary>
    CloseDay,
}

/// <summary>The only place that decides which visit status changes are allowed: an explicit (state, action) table.</summary>
public static class VisitStatusMachine
{
    private static readonly Dictionary<(VisitStatus From, VisitAction Action), VisitStatus> Table = new()
    {
        [(VisitStatus.Waiting, VisitAction.Call)] = VisitStatus.Called,
        [(VisitStatus.Waiting, VisitAction.Transfer)] = VisitStatus.Waiting,
        [(VisitStatus.Waiting, VisitAction.Cancel)] = VisitStatus.Cancelled,
        [(VisitStatus.Waiting, VisitAction.CloseDay)] = VisitStatus.Cancelled,

        [(VisitStatus.Called, VisitAction.Recall)] = VisitStatus.Called,
        [(VisitStatus.Called, VisitAction.Start)] = VisitStatus.Serving,
        [(VisitStatus.Called, VisitAction.NoShow)] = VisitStatus.NoShow,
        [(VisitStatus.Called, VisitAction.Recycle)] = VisitStatus.Waiting,
        [(VisitStatus.Called, VisitAction.Park)] = VisitStatus.Parked,
        [(VisitStatus.Called, VisitAction.Transfer)] = VisitStatus.Waiting,
        [(VisitStatus.Called, VisitAction.CloseDay)] = VisitStatus.Cancelled,

        [(VisitStatus.Serving, VisitAction.Complete)] = VisitStatus.Completed,
        [(VisitStatus.Serving, VisitAction.Park)] = VisitStatus.Parked,
        [(VisitStatus.Serving, VisitAction.Transfer)] = VisitStatus.Waiting,
        [(VisitStatus.Serving, VisitAction.CloseDay)] = VisitStatus.Cancelled,

        [(VisitStatus.Parked, VisitAction.Call)] = VisitStatus.Called,
        [(VisitStatus.Parked, VisitAction.Transfer)] = VisitStatus.Waiting,
        [(VisitStatus.Parked, VisitAction.CloseDay)] = VisitStatus.Cancelled,
        // Completed, NoShow and Cancelled are final: no row starts from them.
    };

    public static bool IsFinal(VisitStatus status) => status is VisitStatus.Completed or VisitStatus.NoShow or VisitStatus.Cancelled;

    public static bool CanApply(VisitStatus from, VisitAction action) => Table.ContainsKey((from, action));

    /// <summary>The status after <paramref name="action"/>, or <see cref="ForbiddenTransitionException"/> naming state and action.</summary>
    public static VisitStatus Apply(VisitStatus from, VisitAction action) =>
        Table.TryGetValue((from, action), out var to) ? to : throw new ForbiddenTransitionException(from, action);

    /// <summary>The status pairs the table allows through any action (derived, for reading and tests).</summary>
    public static bool CanTransition(VisitStatus from, VisitStatus to) => Table.Any(row => row.Key.From == from && row.Value == to);

    public static IReadOnlyCollection<VisitAction> ActionsFrom(VisitStatus from) => [.. Table.Keys.Where(k => k.From == from).Select(k => k.Action)];

    public static VisitStatus FromWire(string status) =>
        WireNames<VisitStatus>.TryParse(status, out var parsed)
            ? parsed
            : throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown visit status.");

    /// <summary>Phrases for messages ("cannot mark no-show"), not wire names.</summary>
    public static string ToWire(this VisitAction action) => action switch
    {
        VisitAction.Call => "call",
        VisitAction.Recall => "recall",
        VisitAction.NoShow => "mark no-show",
        VisitAction.Recycle => "recycle",
        VisitAction.Park => "park",
        VisitAction.Transfer => "transfer",
        VisitAction.Start => "start service",
        VisitAction.Complete => "complete service",
        VisitAction.Cancel => "cancel",
        VisitAction.CloseDay => "close at day end",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}

public sealed class ForbiddenTransitionException(VisitStatus from, VisitAction action)
    : InvalidOperationException($"A visit that is {from.ToWire()} cannot {action.ToWire()}.")
{
    public VisitStatus From { get; } = from;
    public VisitAction Action { get; } = action;
}
