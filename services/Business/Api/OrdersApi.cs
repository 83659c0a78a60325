using HallPlatform.Business.Application;
using HallPlatform.Business.Domain;
using HallPlatform.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Business.Api;

/// <summary>REST for orders: read them, and move them through the counter's start / complete / cancel steps.</summary>
public static class OrdersApi
{
    private const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/v1/orders").WithTags("Orders");
        orders.MapGet("/", ListOrdersAsync).WithName("ListOrders")
            .ProducesValidationProblem();
        orders.MapGet("/{orderId}", GetOrderAsync).WithName("GetOrder")
            .ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapPost("/{orderId}/start", StartOrderAsync).WithName("StartOrder")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapPost("/{orderId}/complete", CompleteOrderAsync).WithName("CompleteOrder")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapPost("/{orderId}/cancel", CancelOrderAsync).WithName("CancelOrder")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Ok<ResultPage<OrderResponse>>, ValidationProblem>> ListOrdersAsync(
        string? visitId, string? state, string? page, string? pageSize,
        OrderApplicationService orders, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        OrderState? stateFilter = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (OrderStateNames.TryParse(state, out var parsed))
            {
                stateFilter = parsed;
            }
            else
            {
                errors.Add("state", $"Unknown order state '{state}'. Known states: {string.Join(", ", OrderStateNames.All)}.");
            }
        }
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var result = await orders.ListAsync(new OrderQuery(visitId, stateFilter, paging), cancellationToken);
        return TypedResults.Ok(result.Map(OrderResponse.From));
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetOrderAsync(
        string orderId, OrderApplicationService orders, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken);
        return order is null ? OrderNotFound(orderId) : TypedResults.Ok(OrderResponse.From(order));
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> StartOrderAsync(
        string orderId, OrderApplicationService orders, CancellationToken cancellationToken) =>
        ToHttp(await orders.TransitionAsync(orderId, OrderState.InProgress, "started at the counter", cancellationToken));

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> CompleteOrderAsync(
        string orderId, OrderApplicationService orders, CancellationToken cancellationToken) =>
        ToHttp(await orders.TransitionAsync(orderId, OrderState.Completed, "completed at the counter", cancellationToken));

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> CancelOrderAsync(
        string orderId, CancelOrderRequest request, OrderApplicationService orders, CancellationToken cancellationToken)
    {
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["reason"] = [$"reason is required and must be at most {MaxReasonLength} characters."],
            });
        }
        return ToHttp(await orders.TransitionAsync(orderId, OrderState.Cancelled, reason, cancellationToken)) switch
        {
            { Result: Ok<OrderResponse> ok } => ok,
            { Result: ProblemHttpResult problem } => problem,
            _ => throw new InvalidOperationException("Unexpected transition outcome."),
        };
    }

    private static Results<Ok<OrderResponse>, ProblemHttpResult> ToHttp(TransitionResult result) => result switch
    {
        TransitionResult.Moved moved => TypedResults.Ok(OrderResponse.From(moved.Order)),
        TransitionResult.NotFound notFound => OrderNotFound(notFound.OrderId),
        TransitionResult.Forbidden forbidden => TypedResults.Problem(
            title: "Forbidden order state transition",
            detail: $"Order {forbidden.OrderId} is {forbidden.Current.ToWire()}; it cannot move to {forbidden.Target.ToWire()}.",
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?>
            {
                ["currentState"] = forbidden.Current.ToWire(),
                ["targetState"] = forbidden.Target.ToWire(),
                ["allowedStates"] = OrderStateMachine.AllowedFrom(forbidden.Current).Select(s => s.ToWire()).ToArray(),
            }),
        _ => throw new InvalidOperationException("Unexpected transition outcome."),
    };

    private static ProblemHttpResult OrderNotFound(string orderId) => TypedResults.Problem(
        title: "Order not found",
        detail: $"No order has id '{orderId}'.",
        statusCode: StatusCodes.Status404NotFound);
}
