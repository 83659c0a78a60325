using System.Text.RegularExpressions;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Business.Data;
using HallPlatform.Business.Domain;
using HallPlatform.Identity;
using HallPlatform.Messaging;
using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HallPlatform.Business.Application;

public sealed record OrderItemInput(string? FeeCode, int? Quantity);

public sealed record OrderRequestInput(
    string? BusinessTypeCode,
    string? CustomerKind,
    string? LineNumber,
    string? AccountNumber,
    IReadOnlyList<OrderItemInput?>? Items,
    IReadOnlyDictionary<string, string?>? Details);

public sealed record DocumentCheckInput(string? DocumentCode, string? Status);

public sealed record ConsentInput(int? QuoteVersion, string? Method, string? WitnessStaffId);

public sealed record PaymentInput(string? Method, long? AmountFen, string? AuthorisationCode, string? TransactionReference, string? AttemptId, string? Document);

public sealed record RefundInput(string? Reason, string? RequestedBy);

/// <summary>
/// The counter's steps on an order, in the hall's order: record the request (pins the catalogue version, issues a
/// quote), check the documents, record the customer's consent to the quote, take payment (numbered receipt), and a
/// supervisor's refund. Every step is hall-scoped (another hall's order is not found), audited in the same
/// SaveChanges as the change, and (payment, refund) announced by an integration event in the same transaction.
/// </summary>
public sealed partial class OrderStepHandling(
    BusinessDbContext db,
    AuditTrail audit,
    IHallCallerAccessor callers,
    TimeProvider time,
    ILogger<OrderStepHandling> logger)
{
    public const int MaxItems = 20;
    public const int MaxQuantity = 99;
    public const int MaxDetails = 20;
    public const int DetailKeyMaxLength = 64;
    public const int DetailValueMaxLength = 500;
    public const int AccountNumberMaxLength = 32;
    public const string IdempotencyKeyField = "Idempotency-Key";

    private const int MaxConcurrencyRetries = 5;

    /// <summary>Records (or replaces, before any payment) what the customer asked for; a new quote version follows.</summary>
    public async Task<Outcome<Order>> RecordRequestAsync(string orderId, OrderRequestInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        var code = input.BusinessTypeCode?.Trim();
        if (!CatalogueHandling.IsCode(code))
        {
            errors.Add("businessTypeCode", "businessTypeCode is required: the code of a business type of the catalogue.");
        }
        if (!WireNames<CustomerKind>.TryParse(input.CustomerKind, out var customerKind))
        {
            errors.Add("customerKind", $"customerKind must be one of: {string.Join(", ", WireNames<CustomerKind>.All)}.");
        }
        string? line = null;
        if (!string.IsNullOrWhiteSpace(input.LineNumber))
        {
            if (input.LineNumber.Length > 40 || !PhoneNumbers.TryNormalize(input.LineNumber, out var normalized))
            {
                errors.Add("lineNumber", PhoneNumbers.InvalidMessage("lineNumber"));
            }
            else
            {
                line = normalized;
            }
        }
        string? account = null;
        if (!string.IsNullOrWhiteSpace(input.AccountNumber))
        {
            account = input.AccountNumber.Trim();
            if (!AccountPattern().IsMatch(account))
            {
                errors.Add("accountNumber", $"accountNumber must be 4 to {AccountNumberMaxLength} letters, digits or hyphens.");
            }
        }
        var details = ValidateDetails(input.Details, errors);
        if (input.Items is { Count: > MaxItems })
        {
            errors.Add("items", $"items may list at most {MaxItems} fees.");
        }
        if (errors.Any)
        {
            return Outcome<Order>.Invalid(errors.ToDictionary());
        }

        var type = await CatalogueHandling.FindAsync(db, code!, null, cancellationToken);
        if (type is null)
        {
            return Outcome<Order>.Invalid("businessTypeCode", $"No business type has code '{code}'.");
        }
        var items = ValidateItems(input.Items, type, errors);
        if (errors.Any)
        {
            return Outcome<Order>.Invalid(errors.ToDictionary());
        }

        var request = new OrderRequest(type.Code, customerKind, line, account, items, details);
        var detailsJson = JsonColumns.Write(details);
        return await ChangeAsync(orderId, OrderAudit.RequestRecordedAction, order =>
        {
            if (order.PaidFen > 0)
            {
                return "A payment has been taken: the request can no longer change.";
            }
            order.RecordRequest(request, type, detailsJson, callers.Current.Id, time.GetStoredUtcNow());
            return null;
        }, order => new
        {
            order.BusinessTypeCode,
            order.CatalogueVersion,
            CustomerKind = order.CustomerKind?.ToWire(),
            QuoteVersion = order.Quote?.Version,
            TotalFen = order.Quote?.TotalFen,
            Documents = order.Documents.Select(d => d.Code),
        }, allowPending: false, abort: null, cancellationToken);
    }

    /// <summary>Marks a required document of the order verified or missing, by the calling staff member.</summary>
    public async Task<Outcome<Order>> CheckDocumentAsync(string orderId, DocumentCheckInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        var code = input.DocumentCode?.Trim();
        if (!CatalogueHandling.IsCode(code))
        {
            errors.Add("documentCode", "documentCode is required: the code of one of the order's required documents.");
        }
        if (!WireNames<DocumentStatus>.TryParse(input.Status, out var status))
        {
            errors.Add("status", $"status must be one of: {string.Join(", ", WireNames<DocumentStatus>.All)}.");
        }
        if (errors.Any)
        {
            return Outcome<Order>.Invalid(errors.ToDictionary());
        }
        string? unknown = null;
        var outcome = await ChangeAsync(orderId, OrderAudit.DocumentCheckedAction, order =>
        {
            if (!order.HasRequest)
            {
                return "The customer's request is not recorded yet, so no document is required.";
            }
            if (!order.CheckDocument(code!, status, callers.Current.Id, time.GetStoredUtcNow()))
            {
                unknown = $"This order does not require document '{code}'. Required: {string.Join(", ", order.Documents.Select(d => d.Code))}.";
            }
            return null;
        }, order => new { DocumentCode = code, Status = status.ToWire(), Missing = order.MissingDocuments }, allowPending: true,
            abort: () => unknown, cancellationToken);
        return outcome;
    }

    /// <summary>Records the customer's consent to the current quote (documents verified first).</summary>
    public async Task<Outcome<Order>> ConsentAsync(string orderId, ConsentInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        if (input.QuoteVersion is not (>= 1 and <= int.MaxValue))
        {
            errors.Add("quoteVersion", "quoteVersion is required: the version of the quote the customer consents to.");
        }
        if (!WireNames<ConsentMethod>.TryParse(input.Method, out var method))
        {
            errors.Add("method", $"method must be one of: {string.Join(", ", WireNames<ConsentMethod>.All)}.");
        }
        var witness = errors.OptionalText("witnessStaffId", input.WitnessStaffId, OpenOrderCommand.MaxLength);
        if (method == ConsentMethod.VerbalWitnessed && witness is null && !errors.Any)
        {
            errors.Add("witnessStaffId", "witnessStaffId is required for verbal-witnessed consent.");
        }
        if (errors.Any)
        {
            return Outcome<Order>.Invalid(errors.ToDictionary());
        }
        return await ChangeAsync(orderId, OrderAudit.ConsentRecordedAction, order =>
        {
            if (order.ConsentRefusal(input.QuoteVersion!.Value) is { } refusal)
            {
                return refusal;
            }
            order.RecordConsent(new Consent(input.QuoteVersion.Value, method, witness, callers.Current.Id, time.GetStoredUtcNow()));
            return null;
        }, order => new { order.Consent!.QuoteVersion, Method = method.ToWire(), order.Consent.WitnessStaffId, TotalFen = order.Quote!.TotalFen },
            allowPending: false, abort: null, cancellationToken);
    }

    /// <summary>
    /// Takes a payment once per (order, attempt key): a retry with the same key and body replays the first payment;
    /// the same key with another body is KeyReused. The order row is locked for the transaction, so payments of one
    /// order are decided one after the other, and the receipt number is taken in the same transaction (gap-free).
    /// </summary>
    public async Task<Outcome<PaymentResult>> PayAsync(string orderId, PaymentInput input, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        var key = !string.IsNullOrWhiteSpace(idempotencyKey) ? idempotencyKey.Trim() : input.AttemptId?.Trim();
        var keyField = !string.IsNullOrWhiteSpace(idempotencyKey) ? IdempotencyKeyField : "attemptId";
        if (string.IsNullOrEmpty(key))
        {
            errors.Add("attemptId", $"An {IdempotencyKeyField} header or an attemptId is required, so a retried payment charges once.");
        }
        else if (key.Length > Payment.AttemptKeyMaxLength)
        {
            errors.Add(keyField, $"{keyField} must be at most {Payment.AttemptKeyMaxLength} characters.");
        }
        if (!WireNames<PaymentMethod>.TryParse(input.Method, out var method))
        {
            errors.Add("method", $"method must be one of: {string.Join(", ", WireNames<PaymentMethod>.All)}.");
        }
        if (input.AmountFen is not (>= 1 and <= BusinessTypeVersion.MaxAmountFen * 100))
        {
            errors.Add("amountFen", "amountFen is required: a positive whole number of fen.");
        }
        var authorisation = errors.OptionalText("authorisationCode", input.AuthorisationCode, Payment.ReferenceMaxLength);
        var reference = errors.OptionalText("transactionReference", input.TransactionReference, Payment.ReferenceMaxLength);
        if (method == PaymentMethod.BankCard && authorisation is null && input.AuthorisationCode is not { Length: > Payment.ReferenceMaxLength })
        {
            errors.Add("authorisationCode", "authorisationCode (the card terminal's authorisation code) is required for bank-card.");
        }
        if (method == PaymentMethod.MobileWallet && reference is null && input.TransactionReference is not { Length: > Payment.ReferenceMaxLength })
        {
            errors.Add("transactionReference", "transactionReference is required for mobile-wallet.");
        }
        var kind = ReceiptKind.Receipt;
        if (input.Document is not null && !WireNames<ReceiptKind>.TryParse(input.Document, out kind))
        {
            errors.Add("document", $"document must be one of: {string.Join(", ", WireNames<ReceiptKind>.All)}.");
        }
        if (errors.Any)
        {
            return Outcome<PaymentResult>.Invalid(errors.ToDictionary());
        }
        var amount = input.AmountFen!.Value;
        // A method's reference that does not belong to it is not kept.
        authorisation = method == PaymentMethod.BankCard ? authorisation : null;
        reference = method == PaymentMethod.MobileWallet ? reference : null;

        var strategy = db.Database.CreateExecutionStrategy();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await strategy.ExecuteAsync(async ct =>
                {
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(ct);
                    var order = await LockOrderAsync(orderId, ct);
                    if (order is null)
                    {
                        return NotFound<PaymentResult>(orderId);
                    }
                    using var journey = BusinessTelemetry.JoinJourney(order, OrderAudit.PaymentTakenAction);
                    var existing = await db.Payments.AsNoTracking()
                        .SingleOrDefaultAsync(p => p.OrderId == orderId && p.AttemptKey == key, ct);
                    if (existing is not null)
                    {
                        if (!existing.SameAs(method, amount, authorisation, reference))
                        {
                            return Outcome<PaymentResult>.KeyReused(
                                $"Attempt '{key}' of order {orderId} was already used for a different payment.");
                        }
                        LogPaymentReplayed(orderId, existing.PaymentId);
                        return Outcome<PaymentResult>.Replayed(new PaymentResult(order, existing));
                    }
                    if (order.State != OrderState.InProgress)
                    {
                        return Outcome<PaymentResult>.Conflict("The order is not in progress",
                            $"Order {orderId} is {order.State.ToWire()}; payments are taken while it is inProgress.");
                    }
                    var type = order.HasRequest
                        ? await CatalogueHandling.FindAsync(db, order.BusinessTypeCode!, order.CatalogueVersion, ct)
                        : null;
                    var refusal = type is null
                        ? "The customer's request is not recorded."
                        : order.PaymentRefusal(amount, type.PartialPaymentAllowed);
                    if (refusal is not null || type is null)
                    {
                        return Outcome<PaymentResult>.Conflict("Payment refused", refusal ?? "The customer's request is not recorded.");
                    }

                    var now = time.GetStoredUtcNow();
                    var payment = Payment.Take(order, key!, method, amount, authorisation, reference, callers.Current.Id, now);
                    order.RecordPayment(amount);
                    var sequence = await ReceiptNumbers.TakeNextAsync(db, order.HallId, now.Year, kind, ct);
                    var receipt = Receipt.Issue(kind, sequence, order, type.Name, payment, now);
                    payment.IssueReceipt(receipt.Number);
                    db.Payments.Add(payment);
                    db.Receipts.Add(receipt);
                    audit.Record(OrderAudit.PaymentTakenAction, OrderAudit.RecordType, order.OrderId, after: new
                    {
                        payment.PaymentId,
                        Method = method.ToWire(),
                        payment.AmountFen,
                        order.PaidFen,
                        TotalFen = order.Quote!.TotalFen,
                        payment.ReceiptNumber,
                    }, hallId: order.HallId);
                    db.RecordIntegrationEvent(OrderEvents.Paid(order, payment), now);
                    await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                    LogPaymentTaken(orderId, payment.PaymentId, amount, receipt.Number);
                    return Outcome<PaymentResult>.Created(new PaymentResult(order, payment));
                }, cancellationToken);
            }
            catch (DbUpdateException exception) when (attempt < MaxConcurrencyRetries
                && exception is DbUpdateConcurrencyException
                    or { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } })
            {
                // A concurrent attempt with the same key won the unique index: the next round replays it.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// A supervisor's refund of one payment, in full, with a reason; the approver (the caller) must not be the staff
    /// member who requested it. The payment's receipt keeps its number, marked void.
    /// </summary>
    public async Task<Outcome<PaymentResult>> RefundAsync(string orderId, string paymentId, RefundInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        var reason = errors.RequiredText("reason", input.Reason, OrderHandling.MaxReasonLength);
        var requestedBy = errors.RequiredText("requestedBy", input.RequestedBy, OpenOrderCommand.MaxLength);
        if (errors.Any)
        {
            return Outcome<PaymentResult>.Invalid(errors.ToDictionary());
        }
        var caller = callers.Current;
        var supervisor = caller.Kind == CallerKind.Staff && (caller.IsInRole(HallRoles.Supervisor) || caller.IsInRole(HallRoles.Administrator));

        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            return await strategy.ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var order = await LockOrderAsync(orderId, ct);
                var payment = order is null ? null : await db.Payments.SingleOrDefaultAsync(p => p.PaymentId == paymentId && p.OrderId == orderId, ct);
                if (order is null || payment is null)
                {
                    return Outcome<PaymentResult>.NotFound("Payment not found", $"Order {orderId} has no payment '{paymentId}'.");
                }
                using var journey = BusinessTelemetry.JoinJourney(order, OrderAudit.RefundedAction);
                if (payment.RefundRefusal(requestedBy!, caller.Id, supervisor) is { } refusal)
                {
                    return supervisor
                        ? Outcome<PaymentResult>.Conflict("Refund refused", refusal)
                        : Outcome<PaymentResult>.Forbidden("Refund refused", refusal);
                }
                if (await db.Payments.AnyAsync(p => p.RefundOf == paymentId, ct))
                {
                    return Outcome<PaymentResult>.Conflict("Already refunded", $"Payment {paymentId} has already been refunded.");
                }
                var now = time.GetStoredUtcNow();
                var refund = Payment.RefundOfPayment(payment, reason!, requestedBy!, caller.Id, now);
                order.RecordRefund(refund.AmountFen);
                if (payment.ReceiptNumber is { } number && await db.Receipts.SingleOrDefaultAsync(r => r.Number == number, ct) is { } receipt)
                {
                    receipt.MarkVoid(reason!, now);
                }
                db.Payments.Add(refund);
                audit.Record(OrderAudit.RefundedAction, OrderAudit.RecordType, order.OrderId, after: new
                {
                    RefundId = refund.PaymentId,
                    PaymentId = payment.PaymentId,
                    refund.AmountFen,
                    refund.RequestedBy,
                    refund.ApprovedBy,
                    VoidedReceipt = payment.ReceiptNumber,
                }, hallId: order.HallId);
                db.RecordIntegrationEvent(OrderEvents.Refunded(order, refund), now);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                LogRefunded(orderId, payment.PaymentId, refund.AmountFen);
                return Outcome<PaymentResult>.Created(new PaymentResult(order, refund));
            }, cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Outcome<PaymentResult>.Conflict("Already refunded", $"Payment {paymentId} has already been refunded.");
        }
    }

    /// <summary>The payments and refunds of an order, oldest first.</summary>
    public async Task<Outcome<IReadOnlyList<Payment>>> PaymentsAsync(string orderId, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
        if (order is null || !callers.Current.CanSeeHall(order.HallId))
        {
            return NotFound<IReadOnlyList<Payment>>(orderId);
        }
        var payments = await db.Payments.AsNoTracking().Where(p => p.OrderId == orderId).OrderBy(p => p.TakenAt).ThenBy(p => p.PaymentId)
            .ToListAsync(cancellationToken);
        return Outcome<IReadOnlyList<Payment>>.Ok(payments);
    }

    /// <summary>A receipt or invoice by number; another hall's is not found.</summary>
    public async Task<Outcome<Receipt>> ReceiptAsync(string number, CancellationToken cancellationToken)
    {
        var receipt = number.Length > Receipt.NumberMaxLength
            ? null
            : await db.Receipts.AsNoTracking().SingleOrDefaultAsync(r => r.Number == number, cancellationToken);
        return receipt is not null && callers.Current.CanSeeHall(receipt.HallId)
            ? Outcome<Receipt>.Ok(receipt)
            : Outcome<Receipt>.NotFound("Receipt not found", $"No receipt has number '{number}'.");
    }

    /// <summary>
    /// Applies one counter step to the order (tracked, hall-checked, in progress unless <paramref name="allowPending"/>)
    /// with its audit entry; a refusal is a Conflict carrying the order, a lost optimistic race is tried again.
    /// </summary>
    private async Task<Outcome<Order>> ChangeAsync(string orderId, string action,
        Func<Order, string?> change, Func<Order, object> auditAfter, bool allowPending, Func<string?>? abort, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var order = await db.Orders.SingleOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
            if (order is null || !callers.Current.CanSeeHall(order.HallId))
            {
                return NotFound<Order>(orderId);
            }
            using var journey = BusinessTelemetry.JoinJourney(order, action);
            if (order.State != OrderState.InProgress && !(allowPending && order.State == OrderState.Pending))
            {
                return Outcome<Order>.Conflict("The order is not in progress",
                    $"Order {orderId} is {order.State.ToWire()}; this step is taken while it is inProgress.") with { Value = order };
            }
            if (change(order) is { } refusal)
            {
                LogStepRefused(orderId, action);
                return Outcome<Order>.Conflict("Step refused", refusal) with { Value = order };
            }
            if (abort?.Invoke() is { } invalid)
            {
                return Outcome<Order>.Invalid("documentCode", invalid);
            }
            audit.Record(action, OrderAudit.RecordType, order.OrderId, after: auditAfter(order), hallId: order.HallId);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                LogStepTaken(orderId, action);
                return Outcome<Order>.Ok(order);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxConcurrencyRetries)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Locks the order row for the current transaction and reads it; null when unknown or another hall's.</summary>
    private async Task<Order?> LockOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM orders WHERE order_id = {orderId} FOR UPDATE", cancellationToken);
        var order = await db.Orders.SingleOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
        return order is not null && callers.Current.CanSeeHall(order.HallId) ? order : null;
    }

    private static SortedDictionary<string, string> ValidateDetails(IReadOnlyDictionary<string, string?>? details, FieldErrors errors)
    {
        var kept = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (details is null)
        {
            return kept;
        }
        if (details.Count > MaxDetails)
        {
            errors.Add("details", $"details may hold at most {MaxDetails} entries.");
            return kept;
        }
        foreach (var (key, value) in details)
        {
            if (!DetailKeyPattern().IsMatch(key))
            {
                errors.Add("details", $"Detail keys are 1 to {DetailKeyMaxLength} letters, digits, '.', '_' or '-'.");
                continue;
            }
            var text = errors.RequiredText($"details.{key}", value, DetailValueMaxLength);
            if (text is not null)
            {
                kept[key] = text;
            }
        }
        return kept;
    }

    /// <summary>The requested fees (each a fee of the type, once, quantity 1..99); none given = every fee once.</summary>
    private static List<OrderItem> ValidateItems(IReadOnlyList<OrderItemInput?>? items, BusinessTypeVersion type, FieldErrors errors)
    {
        if (items is null || items.Count == 0)
        {
            return [.. type.FeeItems.Select(f => new OrderItem(f.Code, 1))];
        }
        var kept = new List<OrderItem>();
        foreach (var (item, index) in items.Select((item, index) => (item, index)))
        {
            var field = $"items[{index}]";
            if (item is null)
            {
                errors.Add(field, $"{field} is required.");
                continue;
            }
            var feeCode = item.FeeCode?.Trim();
            if (feeCode is null || !type.FeeItems.Any(f => f.Code == feeCode))
            {
                errors.Add(field + ".feeCode",
                    $"feeCode must be one of the fees of '{type.Code}': {string.Join(", ", type.FeeItems.Select(f => f.Code))}.");
            }
            else if (kept.Any(k => k.FeeCode == feeCode))
            {
                errors.Add(field + ".feeCode", $"Fee '{feeCode}' is listed twice; give its quantity once.");
            }
            if (item.Quantity is not (>= 1 and <= MaxQuantity))
            {
                errors.Add(field + ".quantity", $"quantity is required, from 1 to {MaxQuantity}.");
            }
            if (feeCode is not null && item.Quantity is { } quantity)
            {
                kept.Add(new OrderItem(feeCode, quantity));
            }
        }
        return kept;
    }

    private static Outcome<T> NotFound<T>(string orderId) => Outcome<T>.NotFound("Order not found", $"No order has id '{orderId}'.");

    [GeneratedRegex("^[A-Za-z0-9-]{4,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex DetailKeyPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId}: {Action}")]
    private partial void LogStepTaken(string orderId, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId}: {Action} refused by the order's rules")]
    private partial void LogStepRefused(string orderId, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId}: payment {PaymentId} of {AmountFen} fen taken, receipt {ReceiptNumber}")]
    private partial void LogPaymentTaken(string orderId, string paymentId, long amountFen, string receiptNumber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId}: payment {PaymentId} replayed for a retried attempt")]
    private partial void LogPaymentReplayed(string orderId, string paymentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId}: payment {PaymentId} refunded ({AmountFen} fen)")]
    private partial void LogRefunded(string orderId, string paymentId, long amountFen);
}

/// <summary>A payment (or refund) with the order as it stands after it.</summary>
public sealed record PaymentResult(Order Order, Payment Payment);
