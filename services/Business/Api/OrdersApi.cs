using HallPlatform.Business.Application;
using HallPlatform.Business.Domain;
using HallPlatform.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Business.Api;

public sealed record OrderResponse(
    string OrderId,
    string VisitId,
    string HallId,
    string ServiceType,
    string CounterId,
    string TicketNumber,
    [property: WireEnum<OrderState>] string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset StateChangedAt,
    string StateChangeReason,
    IReadOnlyList<OrderStateChangeResponse> StateChangeHistory,
    string? JourneyId)
{
    public static OrderResponse From(Order order) => new(
        order.OrderId, order.VisitId, order.HallId, order.ServiceType, order.CounterId, order.TicketNumber,
        order.State.ToWire(), order.CreatedAt, order.StateChangedAt, order.StateChangeReason,
        [.. order.StateChangeHistory.Select(h => new OrderStateChangeResponse(h.From.ToWire(), h.To.ToWire(), h.At, h.Reason))],
        order.JourneyId);
}

public sealed record OrderStateChangeResponse(
    [property: WireEnum<OrderState>] string From, [property: WireEnum<OrderState>] string To, DateTimeOffset At, string Reason);

public sealed record CancelOrderRequest(string? Reason);

/// <summary>REST for orders: read them, and move them through the counter's start / complete / cancel steps.</summary>
public static class OrdersApi
{
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/v1/orders")
            .WithTag("Orders", "Product orders opened when a counter calls a ticket (TMF622), and their lifecycle.");
        orders.MapGet("/", ListOrdersAsync).WithName("ListOrders")
            .WithSummary("List orders")
            .WithDescription("Pages of orders, filtered by `visitId` and `state`.")
            .ProducesValidationProblem();
        orders.MapGet("/{orderId}", GetOrderAsync).WithName("GetOrder")
            .WithSummary("Get an order")
            .WithDescription("One order with its state history.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapPost("/{orderId}/start", StartOrderAsync).WithName("StartOrder")
            .WithSummary("Start an order")
            .WithDescription("Moves the order from `acknowledged` to `inProgress`; any other state is 409.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapPost("/{orderId}/complete", CompleteOrderAsync).WithName("CompleteOrder")
            .WithSummary("Complete an order")
            .WithDescription("Moves the order from `inProgress` to `completed`; any other state is 409.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapPost("/{orderId}/cancel", CancelOrderAsync).WithName("CancelOrder")
            .WithSummary("Cancel an order")
            .WithDescription("Cancels the order with a `reason` where the state model allows it; otherwise 409.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    // Query values arrive as text so a bad one becomes a field error naming it, not a generic binding failure.
    private static async Task<Results<Ok<ResultPage<OrderResponse>>, ValidationProblem, ProblemHttpResult>> ListOrdersAsync(
        string? visitId, [WireEnum<OrderState>] string? state, [IntegerText(1, PageRequest.MaxPage)] string? page, [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize,
        OrderHandling orders, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        OrderState? stateFilter = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (WireNames<OrderState>.TryParseLenient(state, out var parsed))
            {
                stateFilter = parsed;
            }
            else
            {
                errors.Add("state", $"Unknown order state '{state}'. Known states: {string.Join(", ", WireNames<OrderState>.All)}.");
            }
        }
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var outcome = await orders.ListAsync(new OrderQuery(visitId, stateFilter, paging), cancellationToken);
        return outcome.ToOk(result => result.Map(OrderResponse.From));
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetOrderAsync(
        string orderId, OrderHandling orders, CancellationToken cancellationToken)
    {
        // The route always carries an id, so the only failure is 404 (or 403/503).
        var outcome = await orders.GetAsync(orderId, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(OrderResponse.From(outcome.Value!)) : outcome.ToProblem();
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> StartOrderAsync(
        string orderId, OrderHandling orders, CancellationToken cancellationToken)
    {
        var outcome = await orders.StartAsync(orderId, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(OrderResponse.From(outcome.Value!)) : MoveProblem(outcome, OrderState.InProgress);
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> CompleteOrderAsync(
        string orderId, OrderHandling orders, CancellationToken cancellationToken)
    {
        var outcome = await orders.CompleteAsync(orderId, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(OrderResponse.From(outcome.Value!)) : MoveProblem(outcome, OrderState.Completed);
    }

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> CancelOrderAsync(
        string orderId, CancelOrderRequest request, OrderHandling orders, CancellationToken cancellationToken)
    {
        var outcome = await orders.CancelAsync(orderId, request.Reason, cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Ok(OrderResponse.From(outcome.Value!)),
            OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors!, title: outcome.Title),
            _ => MoveProblem(outcome, OrderState.Cancelled),
        };
    }

    /// <summary>The failure of a move; a refused one also names the current, target and allowed states.</summary>
    private static ProblemHttpResult MoveProblem(Outcome<Order> outcome, OrderState target)
    {
        var problem = outcome.ToProblem();
        if (outcome is { Kind: OutcomeKind.Conflict, Value: { } current })
        {
            problem.ProblemDetails.Extensions["currentState"] = current.State.ToWire();
            problem.ProblemDetails.Extensions["targetState"] = target.ToWire();
            problem.ProblemDetails.Extensions["allowedStates"] = OrderStateMachine.AllowedFrom(current.State).Select(s => s.ToWire()).ToArray();
        }
        return problem;
    }
}
