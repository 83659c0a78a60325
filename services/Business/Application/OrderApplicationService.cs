using HallPlatform.Business.Data;
using HallPlatform.Business.Domain;
using HallPlatform.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Business.Application;

/// <summary>The order use cases. REST and gRPC both call these; neither talks to the database itself.</summary>
public sealed partial class OrderApplicationService(
    BusinessDbContext db,
    OrderInserts inserts,
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

        // Insert first (group commit): a new visit, the common case, costs one statement; the unique index on visit_id decides
        // between concurrent callers without an error, and the loser reads the winner's order.
        var order = Order.Open(command, time.GetUtcNow());
        if (await inserts.TryInsertAsync(order))
        {
            LogOrderOpened(order.OrderId, order.VisitId, order.HallId, order.ServiceType);
            return new OpenOrderResult.Opened(order, Created: true);
        }

        var existing = await FindByVisitAsync(command.VisitId, cancellationToken)
            ?? throw new InvalidOperationException($"The order of visit '{command.VisitId}' won the unique index but is not readable.");
        LogOrderReturnedForVisit(existing.OrderId, existing.VisitId);
        return new OpenOrderResult.Opened(existing, Created: false);
    }

    public Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);

    public async Task<ResultPage<Order>> ListAsync(OrderQuery query, CancellationToken cancellationToken)
    {
        var orders = db.Orders.AsNoTracking();
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
            if (order is null)
            {
                return new TransitionResult.NotFound(orderId);
            }

            var from = order.State;
            if (!order.TryMoveTo(target, reason, time.GetUtcNow()))
            {
                LogTransitionRefused(orderId, from, target);
                return new TransitionResult.Forbidden(orderId, from, target);
            }

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

    private Task<Order?> FindByVisitAsync(string visitId, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.VisitId == visitId, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} opened for visit {VisitId} in hall {HallId} ({ServiceType})")]
    private partial void LogOrderOpened(string orderId, string visitId, string hallId, string serviceType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Visit {VisitId} already has order {OrderId}; returning it")]
    private partial void LogOrderReturnedForVisit(string orderId, string visitId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} moved from {From} to {To}")]
    private partial void LogOrderMoved(string orderId, OrderState from, OrderState to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} refused the transition from {From} to {To}")]
    private partial void LogTransitionRefused(string orderId, OrderState from, OrderState to);
}
