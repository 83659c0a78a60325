using HallPlatform.Application;
using HallPlatform.Business.Data;
using HallPlatform.Business.Domain;
using HallPlatform.Audit;
using HallPlatform.Identity;

namespace HallPlatform.Business.Application;

/// <summary>
/// The audit trail's names and snapshots for orders. Orders carry no customer personal data, so reads are not
/// audited; the cancel reason is staff free text that may quote the customer, so the trail keeps only the state.
/// </summary>
public static class OrderAudit
{
    public const string RecordType = "order";
    public const string OpenedAction = "order.opened";
    public const string StateChangedAction = "order.state-changed";
    public const string RequestRecordedAction = "order.request-recorded";
    public const string DocumentCheckedAction = "order.document-checked";
    public const string ConsentRecordedAction = "order.consent-recorded";
    public const string PaymentTakenAction = "order.payment-taken";
    public const string RefundedAction = "order.refunded";

    /// <summary>
    /// The "order opened" entry for the group-commit insert, which writes it in the same statement as the order
    /// (so it exists exactly when the order row was inserted). Described here in the request, because the insert
    /// itself runs later on the writer loop, outside the request.
    /// </summary>
    public static AuditEntry Opened(Order order, AuditTrail audit) =>
        // The hall and time are not carried here: the insert takes them from the order it writes.
        audit.Describe(OpenedAction, RecordType, order.OrderId, after: OrderAuditSnapshot.Of(order));
}

/// <summary>What the audit trail keeps of an order's state (the reason text stays out: see <see cref="OrderAudit"/>).</summary>
public sealed record OrderAuditSnapshot(
    string State, string VisitId, string HallId, string ServiceType, string CounterId, string TicketNumber, DateTimeOffset StateChangedAt)
{
    public static OrderAuditSnapshot Of(Order order) => new(
        order.State.ToWire(), order.VisitId, order.HallId, order.ServiceType, order.CounterId, order.TicketNumber, order.StateChangedAt);
}
