using HallPlatform.Business.Data;
using HallPlatform.Business.Domain;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Business.Application;

/// <summary>
/// The order use cases. REST and gRPC both call these; neither talks to the database itself, so both are audited and
/// hall-scoped alike: staff see and act only on orders of their halls (another hall's order is "not found", so ids do
/// not leak), service callers on every order.
/// </summary>
public sealed partial class OrderApplicationService(
    BusinessDbContext db,
    OrderInserts inserts,
    AuditTrail audit,
    IHallCallerAccessor callers,
    TimeProvider time,
    ILogger<OrderApplicationService> logger)
{
    // A lost optimistic-concurrency race is re-evaluated against the fresh state a few times before giving up.
    private const int MaxConcurrencyRetries = 5;

    public async Task<OpenOrderResult> OpenOrderAsync(OpenOrderCommand command, CancellationToken cancellationToken)
    {
        command = command.Normalized();
        var errors = command.Validate();
        if (errors.Count > 0)
        {
            return new OpenOrderResult.Invalid(errors);
        }

        // The counter agent Reception acts for may open orders only in their own halls.
        var caller = callers.Current;
        if (!caller.CanSeeHall(command.HallId))
        {
            LogOpenOutsideHallsRefused(command.VisitId);
            return new OpenOrderResult.OutsideCallerHalls(command.HallId);
        }

        // Insert first (group commit): a new visit, the common case, costs one statement, audit entry included; the unique
        // index on visit_id decides between concurrent callers without an error, and the loser reads the winner's order.
        var order = Order.Open(command, time.GetUtcNow());
        if (await inserts.TryInsertAsync(order, OrderAudit.Opened(order, audit)))
        {
            LogOrderOpened(order.OrderId, order.VisitId, order.HallId, order.ServiceType);
            return new OpenOrderResult.Opened(order, Created: true);
        }

        var existing = await FindByVisitAsync(command.VisitId, cancellationToken)
            ?? throw new InvalidOperationException($"The order of visit '{command.VisitId}' won the unique index but is not readable.");
        if (!caller.CanSeeHall(existing.HallId))
        {
            // The visit's order was opened in another hall: this caller learns nothing about it.
            LogOpenOutsideHallsRefused(command.VisitId);
            return new OpenOrderResult.OutsideCallerHalls(command.HallId);
        }
        LogOrderReturnedForVisit(existing.OrderId, existing.VisitId);
        return new OpenOrderResult.Opened(existing, Created: false);
    }

    /// <summary>The order, or null when there is none or it belongs to a hall the caller does not serve.</summary>
    public async Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
        return order is not null && callers.Current.CanSeeHall(order.HallId) ? order : null;
    }

    /// <summary>Orders of the caller's halls only, newest first.</summary>
    public async Task<ResultPage<Order>> ListAsync(OrderQuery query, CancellationToken cancellationToken)
    {
        var orders = VisibleOrders(db.Orders.AsNoTracking(), callers.Current);
        if (!string.IsNullOrWhiteSpace(query.VisitId))
        {
            var visitId = query.VisitId.Trim();
            orders = orders.Where(o => o.VisitId == visitId);
        }
        if (query.State is { } state)
        {
            orders = orders.Where(o => o.State == state);
        }

        var total = await orders.CountAsync(cancellationToken);
        var items = await orders
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.OrderId)
            .Skip(query.Page.Skip).Take(query.Page.PageSize)
            .ToListAsync(cancellationToken);
        return query.Page.Of<Order>(items, total);
    }

    /// <summary>Moves an order to <paramref name="target"/> if the TMF622 transition table allows it now.</summary>
    public async Task<TransitionResult> TransitionAsync(string orderId, OrderState target, string reason, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var order = await db.Orders.SingleOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
            if (order is null || !callers.Current.CanSeeHall(order.HallId))
            {
                return new TransitionResult.NotFound(orderId);
            }

            var from = order.State;
            var before = OrderAuditSnapshot.Of(order);
            if (!order.TryMoveTo(target, reason, time.GetUtcNow()))
            {
                LogTransitionRefused(orderId, from, target);
                return new TransitionResult.Forbidden(orderId, from, target);
            }
            // Same SaveChanges as the move: the entry commits with it or not at all (a lost race discards both).
            audit.Record(OrderAudit.StateChangedAction, OrderAudit.RecordType, order.OrderId, before: before, after: OrderAuditSnapshot.Of(order),
                hallId: order.HallId);

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                LogOrderMoved(orderId, from, target);
                return new TransitionResult.Moved(order);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxConcurrencyRetries)
            {
                // Someone else changed the order since we read it: decide again against its new state.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Staff see the orders of their halls ("*" = all); services see every order; anyone else none.</summary>
    private static IQueryable<Order> VisibleOrders(IQueryable<Order> orders, HallCaller caller)
    {
        if (caller.Kind == CallerKind.Service || caller.Halls.Contains(HallCaller.AllHalls, StringComparer.Ordinal))
        {
            return orders;
        }
        var halls = caller.Kind == CallerKind.Staff ? caller.Halls.ToList() : [];
        return orders.Where(o => halls.Contains(o.HallId));
    }

    private Task<Order?> FindByVisitAsync(string visitId, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.VisitId == visitId, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} opened for visit {VisitId} in hall {HallId} ({ServiceType})")]
    private partial void LogOrderOpened(string orderId, string visitId, string hallId, string serviceType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Visit {VisitId} already has order {OrderId}; returning it")]
    private partial void LogOrderReturnedForVisit(string orderId, string visitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OpenOrder for visit {VisitId} refused: the hall is not one of the caller's halls")]
    private partial void LogOpenOutsideHallsRefused(string visitId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} moved from {From} to {To}")]
    private partial void LogOrderMoved(string orderId, OrderState from, OrderState to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} refused the transition from {From} to {To}")]
    private partial void LogTransitionRefused(string orderId, OrderState from, OrderState to);
}
