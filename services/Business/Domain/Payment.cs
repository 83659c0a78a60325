using System.Text.Json.Serialization;
using HallPlatform.Application;

namespace HallPlatform.Business.Domain;

public enum PaymentMethod
{
    [JsonStringEnumMemberName("cash")]
    Cash,

    [JsonStringEnumMemberName("bank-card")]
    BankCard,

    [JsonStringEnumMemberName("mobile-wallet")]
    MobileWallet,
}

/// <summary>A payment taken, or a refund given back against one.</summary>
public enum PaymentKind
{
    [JsonStringEnumMemberName("payment")]
    Payment,

    [JsonStringEnumMemberName("refund")]
    Refund,
}

/// <summary>What the customer receives for a payment: a receipt (R-) or a tax invoice (I-), numbered separately.</summary>
public enum ReceiptKind
{
    [JsonStringEnumMemberName("receipt")]
    Receipt,

    [JsonStringEnumMemberName("invoice")]
    Invoice,
}

/// <summary>
/// A payment of an order, unique per (order, attempt key) so a retried request charges once; or a refund, recorded
/// against the original payment (at most one refund per payment).
/// </summary>
public sealed class Payment
{
    public const string IdPrefix = "pay_";
    public const int AttemptKeyMaxLength = 100;
    public const int ReferenceMaxLength = 64;
    public const int ReasonMaxLength = 500;

    // For EF Core materialisation.
    private Payment()
    {
    }

    public string PaymentId { get; private set; } = "";
    public string OrderId { get; private set; } = "";
    public string HallId { get; private set; } = "";
    public PaymentKind Kind { get; private set; }
    public string AttemptKey { get; private set; } = "";
    public PaymentMethod Method { get; private set; }
    public long AmountFen { get; private set; }
    public string? AuthorisationCode { get; private set; }
    public string? TransactionReference { get; private set; }
    public string TakenBy { get; private set; } = "";
    public DateTimeOffset TakenAt { get; private set; }
    public string? ReceiptNumber { get; private set; }
    /// <summary>For a refund: the payment it gives back.</summary>
    public string? RefundOf { get; private set; }
    public string? Reason { get; private set; }
    public string? RequestedBy { get; private set; }
    public string? ApprovedBy { get; private set; }

    public static Payment Take(Order order, string attemptKey, PaymentMethod method, long amountFen, string? authorisationCode,
        string? transactionReference, string takenBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(order);
        now = now.ToStoredPrecision();
        return new()
        {
            PaymentId = IdPrefix + Guid.CreateVersion7(now).ToString("N"),
            OrderId = order.OrderId,
            HallId = order.HallId,
            Kind = PaymentKind.Payment,
            AttemptKey = attemptKey,
            Method = method,
            AmountFen = amountFen,
            AuthorisationCode = authorisationCode,
            TransactionReference = transactionReference,
            TakenBy = takenBy,
            TakenAt = now,
        };
    }

    /// <summary>The refund of all of <paramref name="original"/>, paid back by the same method.</summary>
    public static Payment RefundOfPayment(Payment original, string reason, string requestedBy, string approvedBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(original);
        now = now.ToStoredPrecision();
        return new()
        {
            PaymentId = IdPrefix + Guid.CreateVersion7(now).ToString("N"),
            OrderId = original.OrderId,
            HallId = original.HallId,
            Kind = PaymentKind.Refund,
            AttemptKey = "refund:" + original.PaymentId,
            Method = original.Method,
            AmountFen = original.AmountFen,
            TakenBy = approvedBy,
            TakenAt = now,
            RefundOf = original.PaymentId,
            Reason = reason,
            RequestedBy = requestedBy,
            ApprovedBy = approvedBy,
        };
    }

    /// <summary>
    /// Why <paramref name="approverId"/> cannot refund this payment (null: they can): only a payment (not a refund)
    /// is refunded, with a reason, by a supervisor who is not the staff member who asked for it.
    /// </summary>
    public string? RefundRefusal(string requestedBy, string approverId, bool approverIsSupervisor)
    {
        if (Kind != PaymentKind.Payment)
        {
            return "A refund cannot itself be refunded.";
        }
        if (!approverIsSupervisor)
        {
            return "Only a supervisor may approve a refund.";
        }
        return string.Equals(requestedBy, approverId, StringComparison.Ordinal)
            ? "The supervisor approving a refund must not be the staff member who requested it."
            : null;
    }

    public void IssueReceipt(string number) => ReceiptNumber = number;

    /// <summary>Same payment again (a retry): same method, amount and references.</summary>
    public bool SameAs(PaymentMethod method, long amountFen, string? authorisationCode, string? transactionReference) =>
        Method == method && AmountFen == amountFen
        && string.Equals(AuthorisationCode, authorisationCode, StringComparison.Ordinal)
        && string.Equals(TransactionReference, transactionReference, StringComparison.Ordinal);
}

/// <summary>
/// A numbered receipt or invoice of one payment, with a snapshot of what was paid for. Numbers are gap-free per hall,
/// year and kind; a voided receipt (its payment refunded) keeps its number, marked void.
/// </summary>
public sealed class Receipt
{
    public const int NumberMaxLength = 120;

    // For EF Core materialisation.
    private Receipt()
    {
    }

    public string Number { get; private set; } = "";
    public ReceiptKind Kind { get; private set; }
    public string HallId { get; private set; } = "";
    public int Year { get; private set; }
    public long Sequence { get; private set; }
    public string OrderId { get; private set; } = "";
    public string PaymentId { get; private set; } = "";
    public string BusinessTypeCode { get; private set; } = "";
    public string BusinessTypeName { get; private set; } = "";
    public int CatalogueVersion { get; private set; }
    public int QuoteVersion { get; private set; }
    public IReadOnlyList<QuoteLine> Lines { get; private set; } = [];
    public long NetFen { get; private set; }
    public long TaxFen { get; private set; }
    public long TotalFen { get; private set; }
    public long AmountPaidFen { get; private set; }
    public PaymentMethod Method { get; private set; }
    public string IssuedBy { get; private set; } = "";
    public DateTimeOffset IssuedAt { get; private set; }
    public bool Void { get; private set; }
    public DateTimeOffset? VoidedAt { get; private set; }
    public string? VoidReason { get; private set; }

    /// <summary>R-hall-001-2026-000123 (I- for an invoice).</summary>
    public static string FormatNumber(ReceiptKind kind, string hallId, int year, long sequence) =>
        $"{(kind == ReceiptKind.Invoice ? "I" : "R")}-{hallId}-{year:D4}-{sequence:D6}";

    public static Receipt Issue(ReceiptKind kind, long sequence, Order order, string businessTypeName, Payment payment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(payment);
        var quote = order.Quote ?? throw new InvalidOperationException("A receipt needs the order's quote.");
        now = now.ToStoredPrecision();
        return new()
        {
            Number = FormatNumber(kind, order.HallId, now.Year, sequence),
            Kind = kind,
            HallId = order.HallId,
            Year = now.Year,
            Sequence = sequence,
            OrderId = order.OrderId,
            PaymentId = payment.PaymentId,
            BusinessTypeCode = order.BusinessTypeCode ?? "",
            BusinessTypeName = businessTypeName,
            CatalogueVersion = order.CatalogueVersion ?? 0,
            QuoteVersion = quote.Version,
            Lines = quote.Lines,
            NetFen = quote.NetFen,
            TaxFen = quote.TaxFen,
            TotalFen = quote.TotalFen,
            AmountPaidFen = payment.AmountFen,
            Method = payment.Method,
            IssuedBy = payment.TakenBy,
            IssuedAt = now,
        };
    }

    public void MarkVoid(string reason, DateTimeOffset now)
    {
        Void = true;
        VoidReason = reason;
        VoidedAt = now.ToStoredPrecision();
    }
}
