using HallPlatform.Application;

namespace HallPlatform.Business.Domain;

/// <summary>A business order (TMF622 product order) opened for one visit when a counter calls its ticket.</summary>
public sealed class Order
{
    public const string IdPrefix = "ord_";

    private readonly List<OrderStateChange> _stateChangeHistory = [];

    // For EF Core materialisation.
    private Order()
    {
    }

    public string OrderId { get; private set; } = "";
    public string VisitId { get; private set; } = "";
    public string HallId { get; private set; } = "";
    public string ServiceType { get; private set; } = "";
    public string CounterId { get; private set; } = "";
    public string TicketNumber { get; private set; } = "";
    /// <summary>The customer journey of the visit (from Reception); null for orders opened before journeys existed.</summary>
    public string? JourneyId { get; private set; }
    /// <summary>
    /// The trace context the order was opened in (the journey's trace, as Reception's call carried it): later steps on
    /// the order join that trace.
    /// </summary>
    public string? JourneyTraceParent { get; private set; }
    public OrderState State { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset StateChangedAt { get; private set; }
    public string StateChangeReason { get; private set; } = "";
    public IReadOnlyList<OrderStateChange> StateChangeHistory => _stateChangeHistory;

    // The customer's request (null until the counter records it), pinned to one catalogue version.
    public string? BusinessTypeCode { get; private set; }
    public int? CatalogueVersion { get; private set; }
    public CustomerKind? CustomerKind { get; private set; }
    /// <summary>The phone line concerned, in clear in memory, encrypted at rest (personal data).</summary>
    public string? LineNumber { get; private set; }
    /// <summary>The account concerned, encrypted at rest.</summary>
    public string? AccountNumber { get; private set; }
    /// <summary>The details captured (JSON object of text values), encrypted at rest: they may quote the customer.</summary>
    public string? DetailsJson { get; private set; }
    public IReadOnlyList<OrderItem> Items { get; private set; } = [];
    public IReadOnlyList<DocumentCheck> Documents { get; private set; } = [];
    public string? ConfirmedBy { get; private set; }
    public DateTimeOffset? ConfirmedAt { get; private set; }
    public Quote? Quote { get; private set; }
    public Consent? Consent { get; private set; }
    /// <summary>Sum of the payments taken, in fen (refunds are counted separately).</summary>
    public long PaidFen { get; private set; }
    public long RefundedFen { get; private set; }

    public long NetPaidFen => PaidFen - RefundedFen;

    public long OutstandingFen => (Quote?.TotalFen ?? 0) - NetPaidFen;

    public bool HasRequest => BusinessTypeCode is not null;

    /// <summary>The names of the required documents not (yet) verified.</summary>
    public IReadOnlyList<string> MissingDocuments =>
        [.. Documents.Where(d => d.Status != DocumentStatus.Verified).Select(d => d.Code)];

    public void RememberJourneyTrace(string? traceParent) => JourneyTraceParent ??= traceParent;

    public static Order Open(OpenOrderCommand command, DateTimeOffset now)
    {
        now = now.ToStoredPrecision();
        return new()
        {
            OrderId = IdPrefix + Guid.CreateVersion7(now).ToString("N"),
            VisitId = command.VisitId,
            HallId = command.HallId,
            ServiceType = command.ServiceType,
            CounterId = command.CounterId,
            TicketNumber = command.TicketNumber,
            JourneyId = command.JourneyId,
            State = OrderState.Acknowledged,
            CreatedAt = now,
            StateChangedAt = now,
            StateChangeReason = "opened",
        };
    }

    /// <summary>Moves the order to <paramref name="target"/> when the transition table allows it.</summary>
    /// <returns>false, with the order unchanged, when the move is forbidden from the current state.</returns>
    public bool TryMoveTo(OrderState target, string reason, DateTimeOffset now, string? changedBy = null)
    {
        if (!OrderStateMachine.CanMove(State, target))
        {
            return false;
        }
        now = now.ToStoredPrecision();
        _stateChangeHistory.Add(new OrderStateChange(State, target, now, reason, changedBy));
        State = target;
        StateChangedAt = now;
        StateChangeReason = reason;
        return true;
    }

    /// <summary>
    /// Records (or replaces) the customer's request against <paramref name="type"/>: pins its version, rebuilds the
    /// document checklist for the customer kind (a document already verified for the same code stays verified), and
    /// issues the next quote version, which withdraws any consent given to the previous one.
    /// </summary>
    public void RecordRequest(OrderRequest request, BusinessTypeVersion type, string detailsJson, string confirmedBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(type);
        now = now.ToStoredPrecision();
        var previous = Documents.ToDictionary(d => d.Code, StringComparer.Ordinal);
        BusinessTypeCode = type.Code;
        CatalogueVersion = type.Version;
        CustomerKind = request.CustomerKind;
        LineNumber = request.LineNumber;
        AccountNumber = request.AccountNumber;
        DetailsJson = detailsJson;
        Items = [.. request.Items];
        Documents = [.. type.DocumentsFor(request.CustomerKind).Select(d =>
            previous.TryGetValue(d.Code, out var before) && before.Status == DocumentStatus.Verified
                ? before with { Name = d.Name }
                : new DocumentCheck(d.Code, d.Name, DocumentStatus.Missing, null, null))];
        ConfirmedBy = confirmedBy;
        ConfirmedAt = now;
        var fees = type.FeeItems.ToDictionary(f => f.Code, StringComparer.Ordinal);
        Quote = Money.Quote((Quote?.Version ?? 0) + 1, Items.Select(i => Money.Line(fees[i.FeeCode], i.Quantity)), now);
        Consent = null;
    }

    /// <summary>Marks one required document verified or missing; false when the order does not require it.</summary>
    public bool CheckDocument(string code, DocumentStatus status, string staffId, DateTimeOffset now)
    {
        var index = Documents.ToList().FindIndex(d => d.Code == code);
        if (index < 0)
        {
            return false;
        }
        var documents = Documents.ToList();
        documents[index] = documents[index] with
        {
            Status = status,
            CheckedBy = staffId,
            CheckedAt = now.ToStoredPrecision(),
        };
        Documents = documents;
        return true;
    }

    /// <summary>
    /// Why consent to <paramref name="quoteVersion"/> cannot be recorded now (null: it can): there must be a quote,
    /// it must be the current one, and every required document must be verified.
    /// </summary>
    public string? ConsentRefusal(int quoteVersion)
    {
        if (Quote is null)
        {
            return "The order has no quote yet: record the customer's request first.";
        }
        if (MissingDocuments.Count > 0)
        {
            return "Required documents are missing: " + string.Join(", ", MissingDocuments) + ".";
        }
        return quoteVersion != Quote.Version
            ? $"Quote version {quoteVersion} is not the current quote (version {Quote.Version}); the customer must consent to the current one."
            : null;
    }

    public void RecordConsent(Consent consent) => Consent = consent;

    /// <summary>
    /// Why a payment of <paramref name="amountFen"/> cannot be taken now (null: it can): the documents must be
    /// verified, the customer must have consented to the current quote, the amount must not exceed what is
    /// outstanding, and it must be all of it unless the business type allows partial payment.
    /// </summary>
    public string? PaymentRefusal(long amountFen, bool partialPaymentAllowed)
    {
        if (Quote is null)
        {
            return "The order has no quote yet: record the customer's request first.";
        }
        if (MissingDocuments.Count > 0)
        {
            return "Required documents are missing: " + string.Join(", ", MissingDocuments) + ".";
        }
        if (Consent is null || Consent.QuoteVersion != Quote.Version)
        {
            return $"The customer has not consented to the current quote (version {Quote.Version}).";
        }
        if (OutstandingFen <= 0)
        {
            return "Nothing is outstanding on this order.";
        }
        if (amountFen > OutstandingFen)
        {
            return $"amountFen {amountFen} is more than the {OutstandingFen} fen outstanding.";
        }
        return amountFen < OutstandingFen && !partialPaymentAllowed
            ? $"This business type does not allow partial payment: pay the {OutstandingFen} fen outstanding."
            : null;
    }

    public void RecordPayment(long amountFen) => PaidFen = checked(PaidFen + amountFen);

    public void RecordRefund(long amountFen) => RefundedFen = checked(RefundedFen + amountFen);

    /// <summary>
    /// Why the order cannot complete (null: it can): a request must be recorded, every required document verified,
    /// and the quote paid in full (a zero total needs no payment).
    /// </summary>
    public string? CompletionRefusal()
    {
        if (Quote is null)
        {
            return "The customer's request is not recorded.";
        }
        if (MissingDocuments.Count > 0)
        {
            return "Required documents are missing: " + string.Join(", ", MissingDocuments) + ".";
        }
        if (Quote.TotalFen > 0 && (Consent is null || Consent.QuoteVersion != Quote.Version))
        {
            return "The customer has not consented to the current quote.";
        }
        return OutstandingFen != 0 ? $"The order is not paid in full: {OutstandingFen} fen outstanding." : null;
    }
}

/// <summary>One entry of an order's state history: from, to, when, why and by whom (staff or service id).</summary>
public sealed record OrderStateChange(OrderState From, OrderState To, DateTimeOffset At, string Reason, string? ChangedBy = null);

/// <summary>What Reception knows when a counter calls a ticket.</summary>
public sealed record OpenOrderCommand(string VisitId, string HallId, string ServiceType, string CounterId, string TicketNumber,
    string? JourneyId = null)
{
    public const int MaxLength = 64;

    /// <summary>Trims every field so " v1" and "v1" are the same visit.</summary>
    public OpenOrderCommand Normalized() => new(
        (VisitId ?? "").Trim(), (HallId ?? "").Trim(), (ServiceType ?? "").Trim(),
        (CounterId ?? "").Trim(), (TicketNumber ?? "").Trim(), string.IsNullOrWhiteSpace(JourneyId) ? null : JourneyId.Trim());
}
