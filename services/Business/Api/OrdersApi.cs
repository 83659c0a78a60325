using HallPlatform.Business.Application;
using HallPlatform.Business.Data;
using HallPlatform.Privacy;
using HallPlatform.Business.Domain;
using HallPlatform.Application;
using System.ComponentModel.DataAnnotations;
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
    string? JourneyId,
    string? BusinessTypeCode,
    int? CatalogueVersion,
    [property: WireEnum<CustomerKind>] string? CustomerKind,
    string? LineNumberMasked,
    string? AccountNumberMasked,
    IReadOnlyDictionary<string, string> Details,
    IReadOnlyList<OrderItemResponse> Items,
    IReadOnlyList<DocumentCheckResponse> Documents,
    IReadOnlyList<string> MissingDocuments,
    string? ConfirmedBy,
    DateTimeOffset? ConfirmedAt,
    QuoteResponse? Quote,
    ConsentResponse? Consent,
    long PaidFen,
    long RefundedFen,
    long OutstandingFen)
{
    public static OrderResponse From(Order order) => new(
        order.OrderId, order.VisitId, order.HallId, order.ServiceType, order.CounterId, order.TicketNumber,
        order.State.ToWire(), order.CreatedAt, order.StateChangedAt, order.StateChangeReason,
        [.. order.StateChangeHistory.Select(h => new OrderStateChangeResponse(h.From.ToWire(), h.To.ToWire(), h.At, h.Reason, h.ChangedBy))],
        order.JourneyId,
        order.BusinessTypeCode,
        order.CatalogueVersion,
        order.CustomerKind?.ToWire(),
        PersonalDataMask.OptionalPhone(order.LineNumber),
        order.AccountNumber is { Length: > 4 } account ? string.Concat("****", account.AsSpan(account.Length - 4)) : order.AccountNumber is null ? null : "****",
        string.IsNullOrEmpty(order.DetailsJson) ? new Dictionary<string, string>() : JsonColumns.Read<Dictionary<string, string>>(order.DetailsJson),
        [.. order.Items.Select(i => new OrderItemResponse(i.FeeCode, i.Quantity))],
        [.. order.Documents.Select(d => new DocumentCheckResponse(d.Code, d.Name, d.Status.ToWire(), d.CheckedBy, d.CheckedAt))],
        order.MissingDocuments,
        order.ConfirmedBy,
        order.ConfirmedAt,
        order.Quote is null ? null : QuoteResponse.From(order.Quote),
        order.Consent is { } consent
            ? new ConsentResponse(consent.QuoteVersion, consent.Method.ToWire(), consent.WitnessStaffId, consent.RecordedBy, consent.At,
                consent.QuoteVersion == order.Quote?.Version)
            : null,
        order.PaidFen,
        order.RefundedFen,
        order.OutstandingFen);
}

public sealed record OrderStateChangeResponse(
    [property: WireEnum<OrderState>] string From, [property: WireEnum<OrderState>] string To, DateTimeOffset At, string Reason, string? ChangedBy);

public sealed record OrderItemResponse(string FeeCode, int Quantity);

public sealed record DocumentCheckResponse(string Code, string Name, [property: WireEnum<DocumentStatus>] string Status, string? CheckedBy, DateTimeOffset? CheckedAt);

/// <summary>The itemised quote: amounts in fen, tax per line rounded half away from zero.</summary>
public sealed record QuoteResponse(int Version, IReadOnlyList<QuoteLineResponse> Lines, long NetFen, long TaxFen, long TotalFen, DateTimeOffset At)
{
    public static QuoteResponse From(Quote quote) => new(quote.Version, [.. quote.Lines.Select(QuoteLineResponse.From)], quote.NetFen, quote.TaxFen, quote.TotalFen, quote.At);
}

public sealed record QuoteLineResponse(
    string FeeCode, string Name, [property: WireEnum<FeeKind>] string Kind, int Quantity, long UnitAmountFen, long NetFen, int TaxRateBasisPoints,
    long TaxFen, long LineTotalFen)
{
    public static QuoteLineResponse From(QuoteLine line) => new(
        line.FeeCode, line.Name, line.Kind.ToWire(), line.Quantity, line.UnitAmountFen, line.NetFen, line.TaxRateBasisPoints, line.TaxFen, line.LineTotalFen);
}

/// <summary>The consent given; <c>current</c> is false once a changed request has issued a newer quote.</summary>
public sealed record ConsentResponse(
    int QuoteVersion, [property: WireEnum<ConsentMethod>] string Method, string? WitnessStaffId, string RecordedBy, DateTimeOffset At, bool Current);

public sealed record CancelOrderRequest(string? Reason);

public sealed record MoveOrderRequest(
    [property: Required, WireEnum<OrderState>] string? To,
    [property: Required, MaxLength(OrderHandling.MaxReasonLength)] string? Reason);

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
            .WithDescription("Moves the order from `inProgress` to `completed` once the customer's request is recorded, every required "
                + "document is verified and the quote is paid in full (a zero total needs no payment); otherwise 409 naming what is missing.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapPost("/{orderId}/cancel", CancelOrderAsync).WithName("CancelOrder")
            .WithSummary("Cancel an order")
            .WithDescription("Cancels the order with a `reason` where the state model allows it; otherwise 409.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapPost("/{orderId}/transitions", MoveOrderAsync).WithName("MoveOrder")
            .WithSummary("Move an order to pending, held, inProgress or failed")
            .WithDescription("`to` is `pending` (waiting for the customer, e.g. a missing document), `held`, `inProgress` (resume) or `failed`, "
                + "with a required `reason`; the move must be allowed by the TMF622 table (docs/business.md), otherwise 409. "
                + "The history records who (the calling staff member), when and why.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> MoveOrderAsync(
        string orderId, MoveOrderRequest request, OrderHandling orders, CancellationToken cancellationToken)
    {
        var outcome = await orders.MoveAsync(orderId, request.To, request.Reason, cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Ok(OrderResponse.From(outcome.Value!)),
            OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors!, title: outcome.Title),
            _ => MoveProblem(outcome, WireNames<OrderState>.TryParse(request.To, out var to) ? to : OrderState.InProgress),
        };
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
            problem.ProblemDetails.Extensions["missingDocuments"] = current.MissingDocuments.ToArray();
        }
        return problem;
    }
}
