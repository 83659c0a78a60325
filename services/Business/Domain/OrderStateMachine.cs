namespace HallPlatform.Business.Domain;

/// <summary>
/// The TMF622 order lifecycle as an explicit transition table. Every state change goes through
/// <see cref="CanMove"/>; anything not listed here is refused.
/// <code>
/// from                   allowed next states
/// acknowledged           inProgress, rejected, cancelled
/// inProgress             pending, held, completed, failed, partial, assessingCancellation
/// pending                inProgress, assessingCancellation
/// held                   inProgress, assessingCancellation
/// assessingCancellation  pendingCancellation, inProgress, held, pending
/// pendingCancellation    cancelled
/// partial, completed, failed, rejected, cancelled: final
/// </code>
/// </summary>
public static class OrderStateMachine
{
    private static readonly Dictionary<OrderState, OrderState[]> Transitions = new()
    {
        [OrderState.Acknowledged] = [OrderState.InProgress, OrderState.Rejected, OrderState.Cancelled],
        [OrderState.InProgress] =
        [
            OrderState.Pending, OrderState.Held, OrderState.Completed, OrderState.Failed, OrderState.Partial,
            OrderState.AssessingCancellation,
        ],
        [OrderState.Pending] = [OrderState.InProgress, OrderState.AssessingCancellation],
        [OrderState.Held] = [OrderState.InProgress, OrderState.AssessingCancellation],
        [OrderState.AssessingCancellation] =
            [OrderState.PendingCancellation, OrderState.InProgress, OrderState.Held, OrderState.Pending],
        [OrderState.PendingCancellation] = [OrderState.Cancelled],
        [OrderState.Partial] = [],
        [OrderState.Completed] = [],
        [OrderState.Failed] = [],
        [OrderState.Rejected] = [],
        [OrderState.Cancelled] = [],
    };

    public static IReadOnlyList<OrderState> AllowedFrom(OrderState from) => Transitions[from];

    public static bool CanMove(OrderState from, OrderState to) => Transitions[from].Contains(to);

    public static bool IsFinal(OrderState state) => Transitions[state].Length == 0;
}
