using System.ComponentModel.DataAnnotations;
using HallPlatform.Application;
using HallPlatform.Business.Application;
using HallPlatform.Business.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HallPlatform.Business.Api;

public sealed record OrderItemRequest(
    [property: Required, MaxLength(BusinessTypeVersion.CodeMaxLength)] string? FeeCode,
    [property: Required, Range(1, OrderStepHandling.MaxQuantity)] int? Quantity);

public sealed record RecordRequestRequest(
    [property: Required, MaxLength(BusinessTypeVersion.CodeMaxLength)] string? BusinessTypeCode,
    [property: Required, WireEnum<CustomerKind>] string? CustomerKind,
    [property: MaxLength(40)] string? LineNumber = null,
    [property: MaxLength(OrderStepHandling.AccountNumberMaxLength)] string? AccountNumber = null,
    [property: MaxLength(OrderStepHandling.MaxItems)] IReadOnlyList<OrderItemRequest?>? Items = null,
    IReadOnlyDictionary<string, string?>? Details = null);

public sealed record DocumentCheckRequest(
    [property: Required, MaxLength(BusinessTypeVersion.CodeMaxLength)] string? DocumentCode,
    [property: Required, WireEnum<DocumentStatus>] string? Status);

public sealed record ConsentRequest(
    [property: Required, Range(1, int.MaxValue)] int? QuoteVersion,
    [property: Required, WireEnum<ConsentMethod>] string? Method,
    [property: MaxLength(OpenOrderCommand.MaxLength)] string? WitnessStaffId = null);

public sealed record PaymentRequest(
    [property: Required, WireEnum<PaymentMethod>] string? Method,
    [property: Required, Range(1, BusinessTypeVersion.MaxAmountFen * 100)] long? AmountFen,
    [property: MaxLength(Payment.ReferenceMaxLength)] string? AuthorisationCode = null,
    [property: MaxLength(Payment.ReferenceMaxLength)] string? TransactionReference = null,
    [property: MaxLength(Payment.AttemptKeyMaxLength)] string? AttemptId = null,
    [property: WireEnum<ReceiptKind>] string? Document = null);

public sealed record RefundRequest(
    [property: Required, MaxLength(OrderHandling.MaxReasonLength)] string? Reason,
    [property: Required, MaxLength(OpenOrderCommand.MaxLength)] string? RequestedBy);

public sealed record PaymentResponse(
    string PaymentId,
    string OrderId,
    [property: WireEnum<PaymentKind>] string Kind,
    [property: WireEnum<PaymentMethod>] string Method,
    long AmountFen,
    string? AuthorisationCode,
    string? TransactionReference,
    string TakenBy,
    DateTimeOffset TakenAt,
    string? ReceiptNumber,
    string? RefundOf,
    string? RequestedBy,
    string? ApprovedBy)
{
    public static PaymentResponse From(Payment p) => new(p.PaymentId, p.OrderId, p.Kind.ToWire(), p.Method.ToWire(), p.AmountFen,
        p.AuthorisationCode, p.TransactionReference, p.TakenBy, p.TakenAt, p.ReceiptNumber, p.RefundOf, p.RequestedBy, p.ApprovedBy);
}

/// <summary>A payment or refund with the order as it stands after it (paid, outstanding).</summary>
public sealed record PaymentResultResponse(PaymentResponse Payment, OrderResponse Order)
{
    public static PaymentResultResponse From(PaymentResult result) => new(PaymentResponse.From(result.Payment), OrderResponse.From(result.Order));
}

/// <summary>REST for the counter's steps on an order: request, documents, consent, payment, refund.</summary>
public static class OrderStepsApi
{
    public static IEndpointRouteBuilder MapOrderStepsApi(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/v1/orders")
            .WithTag("Orders", "Product orders opened when a counter calls a ticket (TMF622), and their lifecycle.");
        orders.MapPut("/{orderId}/request", RecordRequestAsync).WithName("RecordOrderRequest")
            .WithSummary("Record the customer's request")
            .WithDescription("Business type (pinned to its current catalogue version), customer kind (decides the required documents), the "
                + "line or account concerned (kept encrypted, answered masked), the fees asked for (none = every fee of the type once) and "
                + "the details captured. Issues the next quote version and withdraws any consent. 409 when the order is not inProgress or "
                + "a payment was already taken.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapPost("/{orderId}/documents", CheckDocumentAsync).WithName("CheckOrderDocument")
            .WithSummary("Mark a required document verified or missing")
            .WithDescription("Records who checked it and when. Allowed while the order is inProgress or pending; a document the order does "
                + "not require is 400 naming `documentCode`.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapPost("/{orderId}/consent", ConsentAsync).WithName("RecordOrderConsent")
            .WithSummary("Record the customer's consent to the current quote")
            .WithDescription("`quoteVersion` must be the current quote's; `verbal-witnessed` needs `witnessStaffId`. 409 (naming the missing "
                + "documents in `missingDocuments`) while a required document is not verified, or when the quote changed.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapPost("/{orderId}/payments", PayAsync).WithName("TakeOrderPayment")
            .WithSummary("Take a payment and issue its receipt")
            .WithDescription("Idempotent per (order, `Idempotency-Key` header or body `attemptId`): a retry answers 200 with the first "
                + "payment; the same key with another body is 409. bank-card needs `authorisationCode`, mobile-wallet `transactionReference`. "
                + "409 without consent to the current quote, with a missing document, over the outstanding amount, or partial where the "
                + "business type does not allow it. 201 with the payment (its `receiptNumber`) and the order.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapGet("/{orderId}/payments", PaymentsAsync).WithName("ListOrderPayments")
            .WithSummary("List an order's payments and refunds")
            .WithDescription("Oldest first, with their receipt numbers.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapPost("/{orderId}/payments/{paymentId}/refund", RefundAsync).WithName("RefundOrderPayment")
            .WithSummary("Refund a payment (supervisor)")
            .WithDescription("Refunds the whole payment with a `reason`; the caller is the approving supervisor and must not be "
                + "`requestedBy`. The payment's receipt is kept, marked void. 403 for a caller who is not a supervisor, 409 when already "
                + "refunded or approved by the requester.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> RecordRequestAsync(
        string orderId, RecordRequestRequest request, OrderStepHandling steps, CancellationToken cancellationToken)
    {
        var input = new OrderRequestInput(request.BusinessTypeCode, request.CustomerKind, request.LineNumber, request.AccountNumber,
            request.Items?.Select(i => i is null ? null : new OrderItemInput(i.FeeCode, i.Quantity)).ToList(), request.Details);
        return StepResult(await steps.RecordRequestAsync(orderId, input, cancellationToken));
    }

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> CheckDocumentAsync(
        string orderId, DocumentCheckRequest request, OrderStepHandling steps, CancellationToken cancellationToken) =>
        StepResult(await steps.CheckDocumentAsync(orderId, new DocumentCheckInput(request.DocumentCode, request.Status), cancellationToken));

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> ConsentAsync(
        string orderId, ConsentRequest request, OrderStepHandling steps, CancellationToken cancellationToken) =>
        StepResult(await steps.ConsentAsync(orderId, new ConsentInput(request.QuoteVersion, request.Method, request.WitnessStaffId), cancellationToken));

    private static async Task<Results<Created<PaymentResultResponse>, Ok<PaymentResultResponse>, ValidationProblem, ProblemHttpResult>> PayAsync(
        string orderId, PaymentRequest request, [FromHeader(Name = OrderStepHandling.IdempotencyKeyField)] string? idempotencyKey,
        OrderStepHandling steps, CancellationToken cancellationToken)
    {
        var outcome = await steps.PayAsync(orderId,
            new PaymentInput(request.Method, request.AmountFen, request.AuthorisationCode, request.TransactionReference, request.AttemptId, request.Document),
            idempotencyKey, cancellationToken);
        return outcome.ToCreatedOrOk(PaymentResultResponse.From, result => $"/api/v1/orders/{orderId}/payments");
    }

    private static async Task<Results<Ok<IReadOnlyList<PaymentResponse>>, ValidationProblem, ProblemHttpResult>> PaymentsAsync(
        string orderId, OrderStepHandling steps, CancellationToken cancellationToken) =>
        (await steps.PaymentsAsync(orderId, cancellationToken)).ToOk(payments => (IReadOnlyList<PaymentResponse>)[.. payments.Select(PaymentResponse.From)]);

    private static async Task<Results<Created<PaymentResultResponse>, Ok<PaymentResultResponse>, ValidationProblem, ProblemHttpResult>> RefundAsync(
        string orderId, string paymentId, RefundRequest request, OrderStepHandling steps, CancellationToken cancellationToken)
    {
        var outcome = await steps.RefundAsync(orderId, paymentId, new RefundInput(request.Reason, request.RequestedBy), cancellationToken);
        return outcome.ToCreatedOrOk(PaymentResultResponse.From, result => $"/api/v1/orders/{orderId}/payments");
    }

    /// <summary>A step's answer; a refused step also names the order's state and its missing documents.</summary>
    private static Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult> StepResult(Outcome<Order> outcome)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                return TypedResults.Ok(OrderResponse.From(outcome.Value!));
            case OutcomeKind.Invalid:
                return TypedResults.ValidationProblem(outcome.Errors!, title: outcome.Title);
            default:
                var problem = outcome.ToProblem();
                if (outcome is { Kind: OutcomeKind.Conflict, Value: { } order })
                {
                    problem.ProblemDetails.Extensions["currentState"] = order.State.ToWire();
                    problem.ProblemDetails.Extensions["missingDocuments"] = order.MissingDocuments.ToArray();
                }
                return problem;
        }
    }
}
