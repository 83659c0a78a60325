using Microsoft.Extensions.Logging;

namespace HallPlatform.Reception.Application.Infrastructure;

/// <summary>Reception's log messages. Ids only: personal data never reaches a log.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Checked in visit {VisitId} in hall {HallId}: ticket {TicketNumber} for {ServiceType}, position {Position}")]
    public static partial void CheckedIn(ILogger logger, string visitId, string hallId, string ticketNumber, string serviceType, int position);

    [LoggerMessage(1002, LogLevel.Error, "Visit {VisitId} could not be recorded; its ticket {TicketNumber} was taken back from the queue")]
    public static partial void CheckInCompensated(ILogger logger, Exception exception, string visitId, string ticketNumber);

    [LoggerMessage(1003, LogLevel.Critical, "Visit {VisitId} could not be recorded and its ticket could not be taken back from the queue")]
    public static partial void CheckInCompensationFailed(ILogger logger, Exception exception, string visitId);

    [LoggerMessage(1004, LogLevel.Warning, "The queue is unreachable")]
    public static partial void QueueUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(1005, LogLevel.Information, "Counter {CounterId} called visit {VisitId} (ticket {TicketNumber}) after {WaitedSeconds} s")]
    public static partial void Called(ILogger logger, string counterId, string visitId, string ticketNumber, long waitedSeconds);

    [LoggerMessage(1006, LogLevel.Warning, "Counter {CounterId} called visit {VisitId} of {ServiceType}, which requires training its agent does not have (warn mode)")]
    public static partial void CalledWithoutTraining(ILogger logger, string counterId, string visitId, string serviceType);

    [LoggerMessage(1007, LogLevel.Error, "The call of visit {VisitId} by counter {CounterId} could not be recorded; the ticket went back to its place in the queue: {Returned}")]
    public static partial void CallNotRecorded(ILogger logger, Exception? exception, string visitId, string counterId, bool returned);

    [LoggerMessage(1008, LogLevel.Warning, "Queue entry {VisitId} does not match a waiting visit (status {Status}); it was dropped from the queue")]
    public static partial void StaleQueueEntry(ILogger logger, string visitId, string status);

    [LoggerMessage(1010, LogLevel.Information, "Counter {CounterId} {Action} visit {VisitId} (ticket {TicketNumber}) by staff {StaffId}")]
    public static partial void CounterAction(ILogger logger, string counterId, string action, string visitId, string ticketNumber, string? staffId);

    [LoggerMessage(1011, LogLevel.Warning, "Visit {VisitId} changed in PostgreSQL but its queue step failed; reconciliation will repair the queue")]
    public static partial void QueueStepFailed(ILogger logger, Exception exception, string visitId);

    [LoggerMessage(1012, LogLevel.Warning, "The board event for visit {VisitId} could not be published")]
    public static partial void BoardAnnounceFailed(ILogger logger, Exception exception, string visitId);

    [LoggerMessage(1013, LogLevel.Warning, "The queue-length sample failed")]
    public static partial void QueueSampleFailed(ILogger logger, Exception exception);

    [LoggerMessage(1014, LogLevel.Information, "Reconciled hall {HallId}: {Added} queue entries restored, {Removed} removed")]
    public static partial void Reconciled(ILogger logger, string hallId, int added, int removed);

    [LoggerMessage(1015, LogLevel.Warning, "Reconciliation of the queues failed")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception);

    [LoggerMessage(1016, LogLevel.Information, "Closed the day of hall {HallId}: {Closed} open visits closed")]
    public static partial void DayClosed(ILogger logger, string hallId, int closed);

    [LoggerMessage(1017, LogLevel.Information, "Counter {CounterId} {Action} by staff {StaffId}")]
    public static partial void CounterOpenedOrClosed(ILogger logger, string counterId, string action, string? staffId);

    [LoggerMessage(1018, LogLevel.Warning, "The board feed of hall {HallId} could not subscribe")]
    public static partial void BoardSubscribeFailed(ILogger logger, Exception exception, string hallId);

    [LoggerMessage(1040, LogLevel.Warning, "The {Owner} case of visit {VisitId} could not be opened (attempt {Attempt}); retrying at {NextAttemptAt}: {Error}")]
    public static partial void CaseSendFailed(ILogger logger, string owner, string visitId, int attempt, DateTimeOffset nextAttemptAt, string error);

    [LoggerMessage(1041, LogLevel.Information, "The {Owner} case {CaseId} of visit {VisitId} is open (attempt {Attempt})")]
    public static partial void CaseOpened(ILogger logger, string owner, string caseId, string visitId, int attempt);

    [LoggerMessage(1042, LogLevel.Error, "The outcome of the case request of visit {VisitId} could not be recorded")]
    public static partial void CaseOutcomeNotStored(ILogger logger, Exception exception, string visitId);

    [LoggerMessage(1043, LogLevel.Warning, "The case request dispatcher failed; it keeps trying")]
    public static partial void CaseDispatchFailed(ILogger logger, Exception exception);
}
