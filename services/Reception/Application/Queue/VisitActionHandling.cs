using HallPlatform.Reception.Application.Board;
using HallPlatform.Reception.Application.Cases;
using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Application.Training;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using HallPlatform.Application;
using HallPlatform.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HallPlatform.Reception.Application.Queue;

/// <summary>A counter action on a visit: which counter acts, and why (required for some actions).</summary>
public sealed record VisitActionCommand(string VisitId, string? CounterId, string? Reason = null, string? ServiceType = null);

/// <summary>
/// What a counter does with a visit: call a specific ticket, recall, no-show, recycle, park, transfer, start and
/// complete. Each one checks the transition table, changes the visit and writes its queue event in ONE
/// PostgreSQL transaction; the Redis step (if any) is an atomic script. PostgreSQL is the record: when a queue
/// step fails after the commit, reconciliation puts the queue back in line with it.
/// </summary>
public sealed class VisitActionHandling(
    ReceptionDbContext db,
    QueueStore queue,
    HallClock clock,
    HallCatalogue catalogue,
    VisitQueries visits,
    BoardAnnouncer board,
    ReceptionMetrics metrics,
    CaseRequestSender cases,
    ServiceTimeCache serviceTimes,
    ReceptionAudit audit,
    HallAccess access,
    AgentTraining training,
    IOptions<ReceptionOptions> options,
    ILogger<VisitActionHandling> logger)
{
    public const int ReasonMaxLength = 500;

    /// <summary>The title of the 409 answered when the agent lacks training a <c>block</c> requirement asks for.</summary>
    public const string TrainingRequiredTitle = "Training required.";

    /// <summary>
    /// Calls one specific ticket (out of order) or picks up a parked visit. The reason is required and recorded with
    /// the counter and staff: calling out of order is never silent.
    /// </summary>
    public async Task<Outcome<VisitView>> CallSpecificAsync(string counterId, string? visitId, string? reason, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var id = errors.RequiredText("visitId", visitId, 40);
        var why = errors.RequiredText("reason", reason, ReasonMaxLength);
        if (errors.Any)
        {
            return Outcome<VisitView>.Invalid(errors.ToDictionary());
        }
        var counter = await db.Counters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == counterId, cancellationToken);
        if (counter is null || !access.MayWorkIn(counter.HallId))
        {
            return Outcome<VisitView>.NotFoundById("Counter", counterId);
        }
        if (!counter.IsOpen)
        {
            return CounterClosed(counterId);
        }
        var visit = await db.Visits.FirstOrDefaultAsync(v => v.Id == id, cancellationToken);
        if (visit is null || !access.MayWorkIn(visit.HallId))
        {
            return Outcome<VisitView>.NotFoundById("Visit", id!);
        }
        if (visit.HallId != counter.HallId || !counter.Serves(visit.ServiceType))
        {
            return Outcome<VisitView>.Conflict("Counter does not serve this ticket.",
                $"Counter '{counterId}' does not serve {visit.ServiceType} in hall {visit.HallId}; transfer the visit first.");
        }
        if (!VisitStatusMachine.CanApply(visit.Status, VisitAction.Call))
        {
            return Forbidden(visit, VisitAction.Call);
        }
        // Trained before serving: a blocked type is refused to an untrained agent, a warn type is called and noted.
        var check = await training.CheckAsync([visit.ServiceType], training.AgentOf(counter), clock.Now(), cancellationToken);
        if (check.IsBlocked(visit.ServiceType))
        {
            return Outcome<VisitView>.Conflict(TrainingRequiredTitle,
                $"Service type '{visit.ServiceType}' requires training that the agent at counter '{counterId}' does not have now; "
                + "the ticket stays for a trained counter.");
        }
        var warned = check.IsWarned(visit.ServiceType);

        using var journey = JoinJourney(visit, VisitAction.Call);
        var calledAt = clock.Now();
        var before = VisitAuditSnapshot.Of(visit);
        var wasWaiting = visit.Status == VisitStatus.Waiting;
        if (wasWaiting)
        {
            try
            {
                if (!await queue.TakeSpecificAsync(visit, counterId, calledAt.ToUnixTimeMilliseconds()))
                {
                    return Outcome<VisitView>.Conflict("Ticket is no longer waiting.",
                        $"Ticket {visit.TicketNumber} was just taken from the queue by another call; nothing was changed.");
                }
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                Log.QueueUnavailable(logger, ex);
                return Outcome<VisitView>.Unavailable("The queue is unreachable; nobody was called. Please try again.");
            }
        }
        visit.Call(counterId, counter.StaffId, calledAt);
        db.QueueEvents.Add(QueueEvent.For(visit, QueueEventTypes.CalledOutOfOrder, calledAt, reason: why));
        var caseRequest = await CaseRequestRecording.AddForCallAsync(db, visit, counterId, calledAt, options.Value.CaseRequests);
        audit.Record(ReceptionAudit.VisitAction(VisitAction.Call), ReceptionAudit.VisitRecord, visit.Id, visit.CustomerPhoneRef, before,
            VisitAuditSnapshot.Of(visit, reasonGiven: true) with { Warning = warned ? TrainingGate.WarningCode : null }, hallId: visit.HallId);
        db.RecordIntegrationEvent(VisitEvents.Called(visit.Id, visit.HallId, counterId, visit.ServiceType, visit.JourneyId), calledAt);
        if (await RecordSteps.SaveAsync<VisitView>(db, logger, "Visit", visit.Id) is { } failure)
        {
            if (wasWaiting)
            {
                // Give the ticket back its place: the call was not recorded.
                await RecordSteps.TryQueueStepAsync(logger, visit.Id, () => queue.ReturnToQueueAsync(visit.HallId, visit.Id, visit.ServiceType, visit.PriorityClass, counterId));
            }
            return failure;
        }
        if (visit.FirstCalledAt == calledAt && visit.WaitedSeconds is { } waited)
        {
            metrics.RecordWait(visit.HallId, visit.ServiceType, waited);
        }
        await board.AnnounceAsync(visit, counterId, BoardAnnouncer.Called, calledAt);
        if (caseRequest is not null && await cases.SendAsync(caseRequest) is { } caseId && caseRequest.Owner == CaseOwner.Business)
        {
            // The sender stored it in the database; the tracked entity shows it in this answer too.
            visit.AttachOrder(caseId);
        }
        Log.CounterAction(logger, counterId, "called out of order", visit.Id, visit.TicketNumber, counter.StaffId);
        if (warned)
        {
            Log.CalledWithoutTraining(logger, counterId, visit.Id, visit.ServiceType);
        }
        return Outcome<VisitView>.Ok(await visits.ViewAsync(visit, CancellationToken.None));
    }

    public Task<Outcome<VisitView>> RecallAsync(VisitActionCommand command, CancellationToken cancellationToken) =>
        AtHoldingCounterAsync(command, VisitAction.Recall, reasonRequired: false, (visit, counter, now) =>
        {
            visit.Recall();
            return QueueEvent.For(visit, QueueEventTypes.Recalled, now, reason: command.Reason);
        }, (visit, counter, now) => board.AnnounceAsync(visit, counter.Id, BoardAnnouncer.Recalled, now), cancellationToken);

    public Task<Outcome<VisitView>> NoShowAsync(VisitActionCommand command, CancellationToken cancellationToken) =>
        AtHoldingCounterAsync(command, VisitAction.NoShow, reasonRequired: false, (visit, counter, now) =>
        {
            visit.MarkNoShow(options.Value.NoShowAfterRecalls, now);
            return QueueEvent.For(visit, QueueEventTypes.NoShow, now, reason: command.Reason);
        }, (visit, counter, now) => queue.RemoveAsync(visit.HallId, visit.Id, [visit.ServiceType], "noShow"), cancellationToken);

    public Task<Outcome<VisitView>> RecycleAsync(VisitActionCommand command, CancellationToken cancellationToken) =>
        AtHoldingCounterAsync(command, VisitAction.Recycle, reasonRequired: false, (visit, counter, now) =>
        {
            var recycled = QueueEvent.For(visit, QueueEventTypes.Recycled, now, reason: command.Reason);
            visit.Recycle();
            return recycled;
        }, async (visit, counter, now) => await PlaceAsync(visit), cancellationToken);

    public Task<Outcome<VisitView>> ParkAsync(VisitActionCommand command, CancellationToken cancellationToken) =>
        AtHoldingCounterAsync(command, VisitAction.Park, reasonRequired: false, (visit, counter, now) =>
        {
            visit.Park();
            return QueueEvent.For(visit, QueueEventTypes.Parked, now, reason: command.Reason);
        }, null, cancellationToken);

    public Task<Outcome<VisitView>> StartAsync(VisitActionCommand command, CancellationToken cancellationToken) =>
        AtHoldingCounterAsync(command, VisitAction.Start, reasonRequired: false, (visit, counter, now) =>
        {
            visit.StartService(now);
            return QueueEvent.For(visit, QueueEventTypes.ServiceStarted, now);
        }, null, cancellationToken);

    public Task<Outcome<VisitView>> CompleteAsync(VisitActionCommand command, CancellationToken cancellationToken) =>
        AtHoldingCounterAsync(command, VisitAction.Complete, reasonRequired: false, (visit, counter, now) =>
        {
            visit.Complete(now);
            return QueueEvent.For(visit, QueueEventTypes.ServiceCompleted, now);
        }, async (visit, counter, now) =>
        {
            if (visit.ServiceSeconds is { } seconds)
            {
                await serviceTimes.AddAsync(visit.HallId, visit.ServiceType, seconds, options.Value.Estimates.ServiceTimeSamples);
            }
        }, cancellationToken);

    /// <summary>
    /// Moves the visit to another service type's queue of the hall, at its original arrival time, keeping its
    /// ticket number and history. A waiting visit moves in one queue script; a called, serving or parked one is
    /// recorded first and then placed in its new queue.
    /// </summary>
    public async Task<Outcome<VisitView>> TransferAsync(VisitActionCommand command, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var toType = errors.RequiredText("serviceType", command.ServiceType, 40);
        var why = errors.RequiredText("reason", command.Reason, ReasonMaxLength);
        var counterId = errors.OptionalText("counterId", command.CounterId, 40);
        var visit = await db.Visits.FirstOrDefaultAsync(v => v.Id == command.VisitId, cancellationToken);
        if (visit is null || !access.MayWorkIn(visit.HallId))
        {
            return Outcome<VisitView>.NotFoundById("Visit", command.VisitId);
        }
        var hall = await catalogue.LoadAsync(visit.HallId, cancellationToken);
        if (toType is not null && hall?.FindServiceType(toType) is null)
        {
            errors.Add("serviceType", $"Unknown service type '{toType}' for hall '{visit.HallId}'.");
        }
        else if (toType == visit.ServiceType)
        {
            errors.Add("serviceType", $"The visit is already in the {toType} queue.");
        }
        if (errors.Any || hall is null)
        {
            return Outcome<VisitView>.Invalid(errors.ToDictionary());
        }
        Counter? counter = null;
        if (counterId is not null)
        {
            counter = await db.Counters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == counterId, cancellationToken);
            if (counter is null || !access.MayWorkIn(counter.HallId))
            {
                return Outcome<VisitView>.NotFoundById("Counter", counterId);
            }
        }
        if (!VisitStatusMachine.CanApply(visit.Status, VisitAction.Transfer))
        {
            return Forbidden(visit, VisitAction.Transfer);
        }
        if (visit.Status is VisitStatus.Called or VisitStatus.Serving && (counter is null || !visit.IsHeldBy(counter.Id)))
        {
            return NotHeld(visit, counterId, VisitAction.Transfer);
        }

        using var journey = JoinJourney(visit, VisitAction.Transfer);
        var now = clock.Now();
        var before = VisitAuditSnapshot.Of(visit);
        var fromType = visit.ServiceType;
        var wasWaiting = visit.Status == VisitStatus.Waiting;
        if (wasWaiting)
        {
            try
            {
                if (!await queue.MoveAsync(visit.HallId, visit.Id, visit.PriorityClass, fromType, toType!))
                {
                    return Outcome<VisitView>.Conflict("Ticket is no longer waiting.",
                        $"Ticket {visit.TicketNumber} was just called; transfer it from the counter that holds it.");
                }
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                Log.QueueUnavailable(logger, ex);
                return Outcome<VisitView>.Unavailable("The queue is unreachable; the visit was not transferred. Please try again.");
            }
        }
        var staff = counter?.StaffId;
        visit.Transfer(toType!);
        db.QueueEvents.Add(QueueEvent.For(visit, QueueEventTypes.Transferred, now, counterId, staff, why, fromType, toType));
        audit.Record(ReceptionAudit.VisitAction(VisitAction.Transfer), ReceptionAudit.VisitRecord, visit.Id, visit.CustomerPhoneRef,
            before, VisitAuditSnapshot.Of(visit, reasonGiven: true), hallId: visit.HallId);
        if (await RecordSteps.SaveAsync<VisitView>(db, logger, "Visit", visit.Id) is { } failure)
        {
            if (wasWaiting)
            {
                await RecordSteps.TryQueueStepAsync(logger, visit.Id, () => queue.MoveAsync(visit.HallId, visit.Id, visit.PriorityClass, toType!, fromType));
            }
            return failure;
        }
        if (!wasWaiting)
        {
            await PlaceAsync(visit);
        }
        Log.CounterAction(logger, counterId ?? "-", "transferred", visit.Id, visit.TicketNumber, staff);
        return Outcome<VisitView>.Ok(await visits.ViewAsync(visit, CancellationToken.None));
    }

    /// <summary>The shared path of the actions only the holding counter may take.</summary>
    private async Task<Outcome<VisitView>> AtHoldingCounterAsync(VisitActionCommand command, VisitAction action, bool reasonRequired,
        Func<Visit, Counter, DateTimeOffset, QueueEvent> change, Func<Visit, Counter, DateTimeOffset, Task>? afterCommit,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var counterId = errors.RequiredText("counterId", command.CounterId, 40);
        if (reasonRequired)
        {
            errors.RequiredText("reason", command.Reason, ReasonMaxLength);
        }
        else
        {
            errors.OptionalText("reason", command.Reason, ReasonMaxLength);
        }
        if (errors.Any)
        {
            return Outcome<VisitView>.Invalid(errors.ToDictionary());
        }
        var visit = await db.Visits.FirstOrDefaultAsync(v => v.Id == command.VisitId, cancellationToken);
        // Another hall's visit or counter answers like an unknown one: ids do not reveal what exists elsewhere.
        if (visit is null || !access.MayWorkIn(visit.HallId))
        {
            return Outcome<VisitView>.NotFoundById("Visit", command.VisitId);
        }
        var counter = await db.Counters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == counterId, cancellationToken);
        if (counter is null || !access.MayWorkIn(counter.HallId))
        {
            return Outcome<VisitView>.NotFoundById("Counter", counterId!);
        }
        if (!VisitStatusMachine.CanApply(visit.Status, action))
        {
            return Forbidden(visit, action);
        }
        if (!visit.IsHeldBy(counter.Id))
        {
            return NotHeld(visit, counter.Id, action);
        }
        if (!counter.IsOpen)
        {
            return CounterClosed(counter.Id);
        }

        using var journey = JoinJourney(visit, action);
        var now = clock.Now();
        var before = VisitAuditSnapshot.Of(visit);
        QueueEvent recorded;
        try
        {
            recorded = change(visit, counter, now);
        }
        catch (NoShowTooEarlyException tooEarly)
        {
            return Outcome<VisitView>.Conflict("Too early for no-show.",
                $"Ticket {visit.TicketNumber} is called but {tooEarly.Message} Recall it first.");
        }
        db.QueueEvents.Add(recorded);
        audit.Record(ReceptionAudit.VisitAction(action), ReceptionAudit.VisitRecord, visit.Id, visit.CustomerPhoneRef, before,
            VisitAuditSnapshot.Of(visit, reasonGiven: command.Reason is not null), hallId: visit.HallId);
        if (VisitStatusMachine.IsFinal(visit.Status))
        {
            var serviceLevel = await HallCatalogue.ServiceLevelSecondsAsync(db, visit.HallId, visit.ServiceType, cancellationToken);
            db.RecordIntegrationEvent(VisitEvents.Ended(visit, visit.JourneyId, serviceLevel, now), now);
        }
        if (await RecordSteps.SaveAsync<VisitView>(db, logger, "Visit", visit.Id) is { } failure)
        {
            return failure;
        }
        if (afterCommit is not null)
        {
            await RecordSteps.TryQueueStepAsync(logger, visit.Id, () => afterCommit(visit, counter, now));
        }
        Log.CounterAction(logger, counter.Id, action.ToWire(), visit.Id, visit.TicketNumber, counter.StaffId);
        return Outcome<VisitView>.Ok(await visits.ViewAsync(visit, CancellationToken.None));
    }

    /// <summary>
    /// A span of the visit's journey trace (the check-in's) for this step; the counter's own request is linked to it.
    /// The step's audit entry and events carry that trace, so the journey reads as one trace on the dashboard.
    /// </summary>
    private static JourneyScope JoinJourney(Visit visit, VisitAction action)
    {
        var journey = JourneyTrace.Start(ReceptionTelemetry.Source, "reception." + ReceptionAudit.VisitAction(action), visit.JourneyTraceParent);
        journey.Activity?.SetTag("hall.id", visit.HallId);
        journey.Activity?.SetTag("hall.visit_id", visit.Id);
        journey.Activity?.SetTag("hall.journey_id", visit.JourneyId);
        return journey;
    }

    private async Task PlaceAsync(Visit visit)
    {
        var hall = await catalogue.LoadAsync(visit.HallId, CancellationToken.None);
        await queue.PlaceAsync(visit, hall?.ServiceTypes.Select(t => t.Code) ?? [visit.ServiceType]);
    }

    private static Outcome<VisitView> Forbidden(Visit visit, VisitAction action) => Outcome<VisitView>.Conflict(
        $"Cannot {action.ToWire()} a {visit.Status.ToWire()} visit.",
        $"Visit '{visit.Id}' (ticket {visit.TicketNumber}) is {visit.Status.ToWire()}: a visit that is {visit.Status.ToWire()} cannot {action.ToWire()}.");

    private static Outcome<VisitView> NotHeld(Visit visit, string? counterId, VisitAction action) => Outcome<VisitView>.Conflict(
        "Visit is held by another counter.",
        $"Visit '{visit.Id}' (ticket {visit.TicketNumber}) is {visit.Status.ToWire()} at counter '{visit.CounterId}'; counter '{counterId}' cannot {action.ToWire()} it.");

    private static Outcome<VisitView> CounterClosed(string counterId) => Outcome<VisitView>.Conflict("Counter is closed.",
        $"Counter '{counterId}' is closed: open it before acting on visits.");
}
