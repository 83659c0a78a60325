using HallPlatform.Business.Data;
using HallPlatform.Business.Domain;
using HallPlatform.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HallPlatform.Business.Application;

/// <summary>The order use cases. REST and gRPC both call these; neither talks to the database itself.</summary>
public sealed partial class OrderApplicationService(
    BusinessDbContext db,
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

        var existing = await FindByVisitAsync(command.VisitId, cancellationToken);
        if (existing is not null)
        {
            LogOrderReturnedForVisit(existing.OrderId, existing.VisitId);
            return new OpenOrderResult.Opened(existing, Created: false);
        }

        var order = Order.Open(command, time.GetUtcNow());
        db.Orders.Add(order);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (IsVisitUniqueViolation(exception))
        {
            // A concurrent OpenOrder for the same visit inserted first: the unique index decided, return its order.
            db.ChangeTracker.Clear();
            var winner = await FindByVisitAsync(command.VisitId, cancellationToken)
                ?? throw new InvalidOperationException("The order that won the unique index is not readable.", exception);
            LogOrderReturnedForVisit(winner.OrderId, winner.VisitId);
            return new OpenOrderResult.Opened(winner, Created: false);
        }

        LogOrderOpened(order.OrderId, order.VisitId, order.HallId, order.ServiceType);
        return new OpenOrderResult.Opened(order, Created: true);
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

    private static bool IsVisitUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: BusinessDbContext.VisitIndexName,
        };

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} opened for visit {VisitId} in hall {HallId} ({ServiceType})")]
    private partial void LogOrderOpened(string orderId, string visitId, string hallId, string serviceType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Visit {VisitId} already has order {OrderId}; returning it")]
    private partial void LogOrderReturnedForVisit(string orderId, string visitId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} moved from {From} to {To}")]
    private partial void LogOrderMoved(string orderId, OrderState from, OrderState to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} refused the transition from {From} to {To}")]
    private partial void LogTransitionRefused(string orderId, OrderState from, OrderState to);
}
