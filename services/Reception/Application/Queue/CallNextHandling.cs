using System.Diagnostics;
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

/// <summary>
/// A counter calls the next customer: Redis picks and removes the longest-waiting ticket of the counter's service
/// types in one script, PostgreSQL records the call together with the visit's case request (the outbox row), then the
/// service owning the visit's type is asked at once to open its case (<see cref="CaseRequestSender"/>; the
/// <see cref="CaseRequestDispatcher"/> retries it if that fails). The hot path reads the counter fresh with one
/// primary-key lookup, and records the call through the group-commit <see cref="VisitRecordWriter"/> (a
/// status-guarded update); EF only handles the rare cases.
/// "Trained before serving" (<see cref="AgentTraining"/>): the script is given only the service types the agent may
/// be given now, so it stays the one place that picks; types blocked for the agent stay queued for another counter.
/// </summary>
public sealed class CallNextHandling(
    ReceptionDbContext db,
    CounterReader counters,
    VisitRecordWriter writer,
    QueueStore queue,
    HallClock clock,
    CaseRequestSender cases,
    BoardAnnouncer board,
    ReceptionMetrics metrics,
    ReceptionAudit audit,
    HallAccess access,
    AgentTraining training,
    IOptions<ReceptionOptions> options,
    ILogger<CallNextHandling> logger)
{
    public static readonly string CalledAction = ReceptionAudit.VisitAction("call-next");

    // A ticket can be called a moment before its check-in has committed the visit row: wait this long for it.
    private static readonly TimeSpan RowWaitStep = TimeSpan.FromMilliseconds(50);
    private const int RowWaitSteps = 40;
    // A queue entry this old without a visit row belongs to a check-in that died before it could compensate.
    private static readonly TimeSpan AbandonedCheckInAge = TimeSpan.FromSeconds(30);
    // Stale queue entries (no waiting visit behind them) are dropped and the next ticket is tried, this many times.
    private const int MaxTicketsTried = 50;

    public async Task<Outcome<CallNextResult>> CallNextAsync(string counterId, CancellationToken cancellationToken)
    {
        var counter = await counters.FindAsync(counterId, cancellationToken);
        // Another hall's counter answers like an unknown one.
        if (counter is null || !access.MayWorkIn(counter.HallId))
        {
            return Outcome<CallNextResult>.NotFoundById("Counter", counterId);
        }
        if (!counter.IsOpen)
        {
            return Outcome<CallNextResult>.Conflict("Counter is closed.",
                $"Counter '{counterId}' is closed: a closed counter cannot call the next customer. Open it first.");
        }

        using var activity = ReceptionTelemetry.Source.StartActivity("reception.call-next");
        activity?.SetTag("hall.id", counter.HallId);
        activity?.SetTag("hall.counter_id", counterId);

        var check = await training.CheckAsync(counter.ServiceTypes, training.AgentOf(counter), clock.Now(), cancellationToken);
        if (check.Blocked.Count > 0)
        {
            activity?.SetTag("hall.training_blocked", string.Join(',', check.Blocked));
        }

        for (var tried = 0; tried < MaxTicketsTried; tried++)
        {
            var calledAt = clock.Now();
            CalledTicket? ticket;
            try
            {
                ticket = await queue.CallNextAsync(counter.HallId, counterId, check.Allowed, calledAt.ToUnixTimeMilliseconds(), options.Value.FairnessSettings);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                Log.QueueUnavailable(logger, ex);
                return Outcome<CallNextResult>.Unavailable("The queue is unreachable; nobody was called. Please try again.");
            }
            if (ticket is null)
            {
                activity?.SetTag("hall.queue_empty", true);
                return await NobodyForThisAgentAsync(counter, check);
            }
            activity?.SetTag("hall.visit_id", ticket.VisitId);
            activity?.SetTag("hall.ticket_number", ticket.Number);
            activity?.SetTag("hall.priority_class", ticket.PriorityClass.ToWire());
            activity?.SetTag("hall.fairness_rule", ticket.Rule);
            // From here on the work belongs to the customer's journey (started at check-in): recording the call, the
            // case request stored with it and the case's opening join the journey's trace; this request is linked.
            using var journey = JourneyTrace.Start(ReceptionTelemetry.Source, "reception.call", ticket.TraceParent);
            journey.Activity?.SetTag("hall.id", counter.HallId);
            journey.Activity?.SetTag("hall.counter_id", counterId);
            journey.Activity?.SetTag("hall.visit_id", ticket.VisitId);
            journey.Activity?.SetTag("hall.ticket_number", ticket.Number);
            journey.Activity?.SetTag("hall.service_type", ticket.ServiceType);

            // The ticket is now called in Redis: record it or give it back, even if the caller goes away.
            var warned = check.IsWarned(ticket.ServiceType);
            var recorded = await RecordCallAsync(counter, ticket, calledAt, warned);
            if (!recorded.Succeeded)
            {
                activity?.SetStatus(ActivityStatusCode.Error, recorded.Title);
                return recorded.CastFailure<CallNextResult>();
            }
            if (recorded.Value is not { } visit)
            {
                continue;
            }

            journey.Activity?.SetTag("hall.journey_id", visit.NewCaseRequest?.JourneyId);
            if (visit.FirstCall)
            {
                // Waiting time ends at the first call; a recycled ticket called again is not a second wait.
                metrics.RecordWait(visit.HallId, visit.ServiceType, visit.WaitedSeconds);
            }
            // Both only follow the recorded call and do not depend on each other: the board and the case in parallel.
            var announced = board.AnnounceAsync(visit.HallId, visit.VisitId, visit.TicketNumber, visit.ServiceType, counterId, BoardAnnouncer.Called, calledAt);
            var orderId = await OpenCaseAsync(visit);
            await announced;
            var called = new CalledVisit(visit.VisitId, visit.TicketNumber, visit.ServiceType, visit.PriorityClass, counterId, calledAt, visit.WaitedSeconds, orderId);
            Log.Called(logger, counterId, visit.VisitId, visit.TicketNumber, called.WaitedSeconds);
            if (warned)
            {
                Log.CalledWithoutTraining(logger, counterId, visit.VisitId, visit.ServiceType);
                return Outcome<CallNextResult>.Ok(new CallNextResult(called) { Warnings = [new CallWarning(TrainingGate.WarningCode, visit.ServiceType)] });
            }
            return Outcome<CallNextResult>.Ok(new CallNextResult(called));
        }
        return Outcome<CallNextResult>.Unavailable("The queue holds entries without waiting visits; they were dropped. Please try again.");
    }

    /// <summary>
    /// Nobody was given to this counter: either nobody waits for its types, or only tickets of types blocked for its
    /// agent do (they stay queued for a trained counter, and the answer says which types).
    /// </summary>
    private async Task<Outcome<CallNextResult>> NobodyForThisAgentAsync(Counter counter, TrainingCheck check)
    {
        var waitingBlocked = new List<string>();
        try
        {
            foreach (var type in check.Blocked)
            {
                var (normal, priority) = await queue.QueueLengthsAsync(counter.HallId, type);
                if (normal + priority > 0)
                {
                    waitingBlocked.Add(type);
                }
            }
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            Log.QueueUnavailable(logger, ex);
            return Outcome<CallNextResult>.Unavailable("The queue is unreachable; nobody was called. Please try again.");
        }
        return Outcome<CallNextResult>.Ok(waitingBlocked.Count == 0 ? CallNextResult.NobodyWaiting : CallNextResult.OnlyBlocked(waitingBlocked));
    }

    /// <summary>
    /// Moves the visit row to called. Value null: the entry had no waiting visit behind it and was dropped, try the
    /// next one. Failure: the call could not be recorded and the ticket is back at its place in the queue.
    /// </summary>
    private async Task<Outcome<CalledVisitRow?>> RecordCallAsync(Counter counter, CalledTicket ticket, DateTimeOffset calledAt, bool warned)
    {
        var reason = "fairness:" + ticket.Rule;
        try
        {
            // The common case: the visit row is there and waiting. One guarded statement in the next group commit.
            // The guarded update knows only that the visit was waiting: the entry says so and what the call changed.
            // A call given despite a warn-mode training requirement says so in its entry.
            object after = warned
                ? new { status = VisitStatus.Called.ToWire(), counterId = counter.Id, staffId = counter.StaffId, rule = ticket.Rule, warning = TrainingGate.WarningCode }
                : new { status = VisitStatus.Called.ToWire(), counterId = counter.Id, staffId = counter.StaffId, rule = ticket.Rule };
            var entry = audit.ForWriter(CalledAction, ticket.VisitId, before: new { status = VisitStatus.Waiting.ToWire() }, after: after);
            // The queue entry does not carry the journey id: the statement takes it from the visit row.
            var calledEvent = OutboxEvent.From(VisitEvents.Called(ticket.VisitId, counter.HallId, counter.Id, ticket.ServiceType, journeyId: null), calledAt);
            if (await writer.CallAsync(ticket.VisitId, counter.Id, counter.StaffId, calledAt, reason, entry, calledEvent,
                    JourneyTrace.Current(), calledAt + TimeSpan.FromSeconds(options.Value.CaseRequests.SendHoldSeconds)) is { } called)
            {
                return Outcome<CalledVisitRow?>.Ok(called);
            }
        }
        catch (Exception ex)
        {
            var returned = await TryReturnToQueueAsync(counter, ticket);
            Log.CallNotRecorded(logger, ex, ticket.VisitId, counter.Id, returned);
            return Outcome<CalledVisitRow?>.Unavailable("The call could not be recorded; the ticket is back in the queue. Please try again.");
        }
        return await RecordCallSlowlyAsync(counter, ticket, calledAt, reason, warned);
    }

    /// <summary>
    /// No waiting visit row answered the guarded update: the check-in may still be committing, may have failed, or
    /// the record says the ticket is done. Sorted out with EF, as this is rare.
    /// </summary>
    private async Task<Outcome<CalledVisitRow?>> RecordCallSlowlyAsync(Counter counter, CalledTicket ticket, DateTimeOffset calledAt, string reason, bool warned)
    {
        try
        {
            var enqueuedAt = DateTimeOffset.FromUnixTimeMilliseconds(ticket.EnqueuedAtMs);
            var abandoned = calledAt - enqueuedAt > AbandonedCheckInAge;
            var visit = await FindVisitAsync(ticket.VisitId, waitForCheckIn: !abandoned);
            if (visit is null)
            {
                // No row behind the entry. Cancelled: the check-in failed after this counter took the entry.
                // Old: the check-in died before recording or compensating. Either way the entry is dropped.
                var status = await queue.TicketStatusAsync(counter.HallId, ticket.VisitId);
                if (status == "cancelled" || abandoned)
                {
                    await queue.CancelAsync(counter.HallId, ticket.VisitId, ticket.ServiceType, idempotencyKey: null);
                    Log.StaleQueueEntry(logger, ticket.VisitId, status ?? "unknown");
                    return Outcome<CalledVisitRow?>.Ok(null);
                }
                // A check-in still committing: give the ticket back rather than lose it.
                var returned = await queue.ReturnToQueueAsync(counter.HallId, ticket.VisitId, ticket.ServiceType, ticket.PriorityClass, counter.Id);
                Log.CallNotRecorded(logger, null, ticket.VisitId, counter.Id, returned);
                return Outcome<CalledVisitRow?>.Unavailable("The next ticket is still being issued. Please try again.");
            }
            if (visit.Status != VisitStatus.Waiting)
            {
                // The system of record says this ticket is done (e.g. Redis was restored from an older state):
                // calling it again would call a customer twice.
                Log.StaleQueueEntry(logger, ticket.VisitId, visit.Status.ToWire());
                return Outcome<CalledVisitRow?>.Ok(null);
            }
            var before = VisitAuditSnapshot.Of(visit);
            visit.Call(counter.Id, counter.StaffId, calledAt);
            db.QueueEvents.Add(QueueEvent.For(visit, QueueEventTypes.Called, calledAt, reason: reason));
            audit.Record(CalledAction, ReceptionAudit.VisitRecord, visit.Id, visit.CustomerPhoneRef, before,
                VisitAuditSnapshot.Of(visit) with { Rule = ticket.Rule, Warning = warned ? TrainingGate.WarningCode : null }, hallId: visit.HallId);
            var caseRequest = await CaseRequestRecording.AddForCallAsync(db, visit, counter.Id, calledAt, options.Value.CaseRequests);
            db.RecordIntegrationEvent(VisitEvents.Called(visit.Id, visit.HallId, counter.Id, visit.ServiceType, visit.JourneyId), calledAt);
            await db.SaveChangesAsync(CancellationToken.None);
            return Outcome<CalledVisitRow?>.Ok(new CalledVisitRow(visit.Id, visit.HallId, visit.ServiceType, visit.TicketNumber, visit.PriorityClass, visit.ArrivedAt,
                visit.FirstCalledAt ?? calledAt, visit.FirstCalledAt == calledAt, caseRequest));
        }
        catch (Exception ex)
        {
            db.ChangeTracker.Clear();
            var returned = await TryReturnToQueueAsync(counter, ticket);
            Log.CallNotRecorded(logger, ex, ticket.VisitId, counter.Id, returned);
            return Outcome<CalledVisitRow?>.Unavailable("The call could not be recorded; the ticket is back in the queue. Please try again.");
        }
    }

    private async Task<Visit?> FindVisitAsync(string visitId, bool waitForCheckIn)
    {
        for (var step = 0; ; step++)
        {
            var visit = await db.Visits.FirstOrDefaultAsync(v => v.Id == visitId, CancellationToken.None);
            if (visit is not null || !waitForCheckIn || step >= RowWaitSteps)
            {
                return visit;
            }
            await Task.Delay(RowWaitStep, clock.Time, CancellationToken.None);
        }
    }

    private async Task<bool> TryReturnToQueueAsync(Counter counter, CalledTicket ticket)
    {
        try
        {
            return await queue.ReturnToQueueAsync(counter.HallId, ticket.VisitId, ticket.ServiceType, ticket.PriorityClass, counter.Id);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sends the case request the call just recorded to the service owning the visit's type. If that service is
    /// unreachable the call still stands (the customer was called and the visit row says so) and the request stays
    /// pending for the dispatcher; the answer then carries no order id. A visit called again has no new request.
    /// </summary>
    private async Task<string?> OpenCaseAsync(CalledVisitRow visit)
    {
        if (visit.NewCaseRequest is not { } request)
        {
            return null;
        }
        var caseId = await cases.SendAsync(request);
        return request.Owner == CaseOwner.Business ? caseId : null;
    }
}
