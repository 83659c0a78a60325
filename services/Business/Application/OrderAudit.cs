using System.Diagnostics;
using System.Text.Json;
using HallPlatform.Business.Data;
using HallPlatform.Business.Domain;
using HallPlatform.ServiceDefaults.Audit;
using HallPlatform.ServiceDefaults.Identity;

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

    private static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The "order opened" entry for the group-commit insert, which writes it in the same statement as the order
    /// (so it exists exactly when the order row was inserted). Built like <see cref="AuditTrail"/> builds its entries,
    /// here in the request, because the insert itself runs later on the writer loop, outside the request.
    /// </summary>
    public static OrderOpenedAudit Opened(Order order, HallCaller caller) => new(
        order.CreatedAt,
        caller.Kind.ToString().ToLowerInvariant(),
        Truncate(caller.Id, AuditEntry.MaxActorIdLength),
        caller.ClientAddress is null ? null : Truncate(caller.ClientAddress, AuditEntry.MaxClientAddressLength),
        OpenedAction,
        RecordType,
        JsonSerializer.Serialize(OrderAuditSnapshot.Of(order), SnapshotJson),
        Activity.Current?.TraceId.ToHexString());

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}

/// <summary>What the audit trail keeps of an order's state (the reason text stays out: see <see cref="OrderAudit"/>).</summary>
public sealed record OrderAuditSnapshot(
    string State, string VisitId, string HallId, string ServiceType, string CounterId, string TicketNumber, DateTimeOffset StateChangedAt)
{
    public static OrderAuditSnapshot Of(Order order) => new(
        order.State.ToWire(), order.VisitId, order.HallId, order.ServiceType, order.CounterId, order.TicketNumber, order.StateChangedAt);
}
