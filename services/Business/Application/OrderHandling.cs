using HallPlatform.Business.Data;
using HallPlatform.Business.Domain;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Messaging;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Business.Application;

public sealed record OrderQuery(string? VisitId, OrderState? State, PageRequest Page);

/// <summary>
/// The order use cases. REST and gRPC both call these; neither talks to the database itself, so both are audited and
/// hall-scoped alike: staff see and act only on orders of their halls (another hall's order is "not found", so ids do
/// not leak), service callers on every order.
/// </summary>
public sealed partial class OrderHandling(
    BusinessDbContext db,
    OrderInserts inserts,
    AuditTrail audit,
    IHallCallerAccessor callers,
    TimeProvider time,
    ILogger<OrderHandling> logger)
{
    public const int MaxReasonLength = 500;

    // A lost optimistic-concurrency race is re-evaluated against the fresh state a few times before giving up.
    private const int MaxConcurrencyRetries = 5;

    /// <summary>
    /// Opens the visit's order: Created for a new one, Replayed with the visit's existing order (one order per visit).
    /// </summary>
    public async Task<Outcome<Order>> OpenOrderAsync(OpenOrderCommand command, CancellationToken cancellationToken)
    {
        command = command.Normalized();
        var errors = new FieldErrors();
        Validate(command, errors);
        if (errors.Any)
        {
            return Outcome<Order>.Invalid(errors.ToDictionary());
        }

        // The counter agent Reception acts for may open orders only in their own halls.
        var caller = callers.Current;
        if (!caller.CanSeeHall(command.HallId))
        {
            LogOpenOutsideHallsRefused(command.VisitId);
            return OutsideCallerHalls(command.HallId);
        }

        // Insert first (group commit): a new visit, the common case, costs one statement, audit entry included; the unique
        // index on visit_id decides between concurrent callers without an error, and the loser reads the winner's order.
        var order = Order.Open(command, time.GetStoredUtcNow());
        // The open runs in the journey's trace (Reception's case request carries it): later steps join it.
        order.RememberJourneyTrace(JourneyTrace.Current());
        if (await inserts.TryInsertAsync(order, OrderAudit.Opened(order, audit), OutboxEvent.From(OrderEvents.Opened(order), order.CreatedAt)))
        {
            LogOrderOpened(order.OrderId, order.VisitId, order.HallId, order.ServiceType);
            return Outcome<Order>.Created(order);
        }

        var existing = await FindByVisitAsync(command.VisitId, cancellationToken)
            ?? throw new InvalidOperationException($"The order of visit '{command.VisitId}' won the unique index but is not readable.");
        if (!caller.CanSeeHall(existing.HallId))
        {
            // The visit's order was opened in another hall: this caller learns nothing about it.
            LogOpenOutsideHallsRefused(command.VisitId);
            return OutsideCallerHalls(command.HallId);
        }
        LogOrderReturnedForVisit(existing.OrderId, existing.VisitId);
        return Outcome<Order>.Replayed(existing);
    }

    /// <summary>The order; NotFound also when it belongs to a hall the caller does not serve.</summary>
    public async Task<Outcome<Order>> GetAsync(string? orderId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(orderId))
        {
            var errors = new FieldErrors();
            errors.Add("orderId", "orderId is required.");
            return Outcome<Order>.Invalid(errors.ToDictionary());
        }
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
        return order is not null && callers.Current.CanSeeHall(order.HallId) ? Outcome<Order>.Ok(order) : NotFound(orderId);
    }

    /// <summary>Orders of the caller's halls only, newest first.</summary>
    public async Task<Outcome<ResultPage<Order>>> ListAsync(OrderQuery query, CancellationToken cancellationToken)
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
        return Outcome<ResultPage<Order>>.Ok(query.Page.Of<Order>(items, total));
    }

    public Task<Outcome<Order>> StartAsync(string orderId, CancellationToken cancellationToken) =>
        TransitionAsync(orderId, OrderState.InProgress, "started at the counter", cancellationToken);

    /// <summary>Completes the order once its request is recorded, documents verified and the quote paid in full.</summary>
    public Task<Outcome<Order>> CompleteAsync(string orderId, CancellationToken cancellationToken) =>
        TransitionAsync(orderId, OrderState.Completed, "completed at the counter", cancellationToken, order => order.CompletionRefusal());

    /// <summary>The states a counter may move an order to with a reason (besides start, complete and cancel).</summary>
    public static readonly IReadOnlyList<OrderState> ManualTargets = [OrderState.Pending, OrderState.Held, OrderState.InProgress, OrderState.Failed];

    /// <summary>
    /// Moves the order to pending (waiting for the customer), held, back to inProgress, or failed, with the staff
    /// member's reason (required).
    /// </summary>
    public async Task<Outcome<Order>> MoveAsync(string orderId, string? target, string? reason, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (!WireNames<OrderState>.TryParse(target, out var state) || !ManualTargets.Contains(state))
        {
            errors.Add("to", $"to must be one of: {string.Join(", ", ManualTargets.Select(s => s.ToWire()))}.");
        }
        reason = errors.RequiredText("reason", reason, MaxReasonLength);
        if (errors.Any)
        {
            return Outcome<Order>.Invalid(errors.ToDictionary());
        }
        return await TransitionAsync(orderId, state, reason!, cancellationToken);
    }

    /// <summary>Cancels with the staff member's reason, which is required.</summary>
    public async Task<Outcome<Order>> CancelAsync(string orderId, string? reason, CancellationToken cancellationToken)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            var errors = new FieldErrors();
            errors.Add("reason", $"reason is required and must be at most {MaxReasonLength} characters.");
            return Outcome<Order>.Invalid(errors.ToDictionary());
        }
        return await TransitionAsync(orderId, OrderState.Cancelled, reason, cancellationToken);
    }

    /// <summary>
    /// Moves an order to <paramref name="target"/> if the TMF622 transition table allows it now. A refused move is a
    /// Conflict whose value is the order as it stands, so REST can name its state.
    /// </summary>
    private async Task<Outcome<Order>> TransitionAsync(string orderId, OrderState target, string reason, CancellationToken cancellationToken,
        Func<Order, string?>? guard = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var order = await db.Orders.SingleOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
            if (order is null || !callers.Current.CanSeeHall(order.HallId))
            {
                return NotFound(orderId);
            }
            using var journey = BusinessTelemetry.JoinJourney(order, OrderAudit.StateChangedAction);

            var from = order.State;
            var before = OrderAuditSnapshot.Of(order);
            if (OrderStateMachine.CanMove(from, target) && guard?.Invoke(order) is { } refusal)
            {
                LogTransitionRefused(orderId, from, target);
                return Outcome<Order>.Conflict("The order cannot move yet", refusal) with { Value = order };
            }
            if (!order.TryMoveTo(target, reason, time.GetStoredUtcNow(), callers.Current.Id))
            {
                LogTransitionRefused(orderId, from, target);
                return Outcome<Order>.Conflict(
                    "Forbidden order state transition",
                    $"Order {orderId} is {from.ToWire()}; it cannot move to {target.ToWire()}.") with { Value = order };
            }
            // Same SaveChanges as the move: the entry commits with it or not at all (a lost race discards both).
            audit.Record(OrderAudit.StateChangedAction, OrderAudit.RecordType, order.OrderId, before: before, after: OrderAuditSnapshot.Of(order),
                hallId: order.HallId);
            db.RecordIntegrationEvent(OrderEvents.StateChanged(order, from, order.JourneyId), time.GetStoredUtcNow());

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                LogOrderMoved(orderId, from, target);
                return Outcome<Order>.Ok(order);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxConcurrencyRetries)
            {
                // Someone else changed the order since we read it: decide again against its new state.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// Checks a normalised command: visit, hall and service type are required, every field is at most
    /// <see cref="OpenOrderCommand.MaxLength"/> characters. Public so the rules can be unit tested without a server.
    /// </summary>
    public static void Validate(OpenOrderCommand command, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(errors);
        Required(errors, "visitId", command.VisitId);
        Required(errors, "hallId", command.HallId);
        Required(errors, "serviceType", command.ServiceType);
        Bounded(errors, "counterId", command.CounterId);
        Bounded(errors, "ticketNumber", command.TicketNumber);
        if (command.JourneyId is not null && !JourneyIds.IsValid(command.JourneyId))
        {
            errors.Add("journeyId", $"journeyId must be '{JourneyIds.Prefix}' and lower-case letters or digits, at most {JourneyIds.MaxLength} characters.");
        }
    }

    private static void Required(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"{field} is required.");
        }
        else
        {
            Bounded(errors, field, value);
        }
    }

    private static void Bounded(FieldErrors errors, string field, string? value)
    {
        if (value is { Length: > OpenOrderCommand.MaxLength })
        {
            errors.Add(field, $"{field} must be at most {OpenOrderCommand.MaxLength} characters.");
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

    private static Outcome<Order> NotFound(string orderId) =>
        Outcome<Order>.NotFound("Order not found", $"No order has id '{orderId}'.");

    private static Outcome<Order> OutsideCallerHalls(string hallId) => Outcome<Order>.Forbidden(
        "Not your hall.", $"Orders of hall '{hallId}' cannot be opened by this caller: it is not one of their halls.");

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
