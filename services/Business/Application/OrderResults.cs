using HallPlatform.Business.Domain;
using HallPlatform.Application;

namespace HallPlatform.Business.Application;

/// <summary>Outcome of OpenOrder: the order (new or the visit's existing one) or the field errors.</summary>
public abstract record OpenOrderResult
{
    private OpenOrderResult()
    {
    }

    /// <param name="Created">false when the visit already had an order and that order is returned.</param>
    public sealed record Opened(Order Order, bool Created) : OpenOrderResult;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : OpenOrderResult;

    /// <summary>A staff caller asked for an order in (or of a visit of) a hall that is not one of theirs.</summary>
    public sealed record OutsideCallerHalls(string HallId) : OpenOrderResult;
}

/// <summary>Outcome of a state transition request.</summary>
public abstract record TransitionResult
{
    private TransitionResult()
    {
    }

    public sealed record Moved(Order Order) : TransitionResult;

    public sealed record NotFound(string OrderId) : TransitionResult;

    public sealed record Forbidden(string OrderId, OrderState Current, OrderState Target) : TransitionResult;
}

public sealed record OrderQuery(string? VisitId, OrderState? State, PageRequest Page);
