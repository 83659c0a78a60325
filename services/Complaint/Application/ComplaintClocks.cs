using System.Diagnostics.Metrics;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Complaint.Data;
using HallPlatform.Complaint.Domain;
using HallPlatform.Identity;
using HallPlatform.Messaging;
using HallPlatform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HallPlatform.Complaint.Application;

/// <summary>What one sweep did (tests and logs).</summary>
public sealed record ClockSweepResult(int Warned, int Escalated, int ClosedUnconfirmed);

/// <summary>
/// The complaint clocks, run by <see cref="ComplaintClockSweeper"/>: warns before a first-response or resolution
/// target is breached, escalates to a supervisor on a breach, and closes as unconfirmed a response the customer did
/// not answer within the confirmation period. Each complaint is saved on its own (with its audit entry, message and
/// event); one that changed concurrently is left for the next sweep. Acts as the service caller
/// <c>complaint-clock</c>, which the audit trail and the history name.
/// </summary>
public sealed partial class ComplaintClockSweep(
    ComplaintDbContext db, CommunicationTemplates templates, TimeProvider time, IOptions<ComplaintOptions> options, ComplaintMetrics metrics,
    ILogger<ComplaintClockSweep> logger)
{
    public const string SweepCallerId = "complaint-clock";

    private const int BatchSize = 200;

    private static readonly HallCaller SweepCaller = new(CallerKind.Service, SweepCallerId, [], [HallCaller.AllHalls], [], null);

    public async Task<ClockSweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetStoredUtcNow();
        var horizon = now + options.Value.WarningBefore;
        var due = await db.Complaints
            .Where(c => c.Status != ComplaintStatus.Closed && c.Status != ComplaintStatus.Withdrawn)
            .Where(c => (c.FirstResponseAt == null && c.FirstResponseBreachedAt == null && c.FirstResponseDueAt <= horizon)
                || (c.Status != ComplaintStatus.Responded && c.ResolutionBreachedAt == null && c.ResolutionDueAt <= horizon)
                || (c.Status == ComplaintStatus.Responded && c.ConfirmationDueAt <= now))
            .OrderBy(c => c.ReceivedAt)
            .Take(BatchSize)
            .Select(c => c.ComplaintId)
            .ToListAsync(cancellationToken);
        int warned = 0, escalated = 0, closed = 0;
        foreach (var complaintId in due)
        {
            db.ChangeTracker.Clear();
            var complaint = await db.Complaints.FirstOrDefaultAsync(c => c.ComplaintId == complaintId, cancellationToken);
            if (complaint is null)
            {
                continue;
            }
            var (w, e, c) = Apply(complaint, now, horizon);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                (warned, escalated, closed) = (warned + w, escalated + e, closed + c);
            }
            catch (DbUpdateException exception) when (exception is DbUpdateConcurrencyException || CommunicationOutbox.IsDuplicateSource(exception))
            {
                LogSweepSkipped(complaintId);
            }
        }
        db.ChangeTracker.Clear();
        await RefreshMetricsAsync(now, cancellationToken);
        if (warned + escalated + closed > 0)
        {
            LogSweepDone(warned, escalated, closed);
        }
        return new ClockSweepResult(warned, escalated, closed);
    }

    private (int Warned, int Escalated, int Closed) Apply(CustomerComplaint complaint, DateTimeOffset now, DateTimeOffset horizon)
    {
        var audit = new AuditTrail(db, new FixedCaller(SweepCaller), time);
        var outbox = new CommunicationOutbox(db, templates, time);
        int warned = 0, escalated = 0, closed = 0;
        var from = complaint.Status;
        var before = ComplaintAuditSnapshot.Of(complaint);

        if (complaint.Status == ComplaintStatus.Responded && complaint.ConfirmationDueAt <= now)
        {
            if (complaint.Close(ComplaintOutcome.Unconfirmed, "No answer from the customer within the confirmation period.", now, SweepCallerId))
            {
                audit.Record(ComplaintAudit.UnconfirmedClosedAction, ComplaintAudit.RecordType, complaint.ComplaintId, complaint.CustomerPhoneRef,
                    before, ComplaintAuditSnapshot.Of(complaint), complaint.HallId);
                closed++;
            }
        }
        else
        {
            string? breach = null;
            if (complaint.FirstResponseAt is null && complaint.FirstResponseBreachedAt is null)
            {
                if (complaint.FirstResponseDueAt <= now)
                {
                    complaint.MarkFirstResponseBreached(now);
                    breach = "first-response";
                }
                else if (complaint.FirstResponseDueAt <= horizon && complaint.FirstResponseWarnedAt is null)
                {
                    complaint.MarkFirstResponseWarned(now);
                    Warn(audit, complaint, "first-response", complaint.FirstResponseDueAt);
                    warned++;
                }
            }
            if (complaint.Status != ComplaintStatus.Responded && complaint.ResolutionBreachedAt is null)
            {
                if (complaint.ResolutionDueAt <= now)
                {
                    complaint.MarkResolutionBreached(now);
                    breach ??= "resolution";
                }
                else if (complaint.ResolutionDueAt <= horizon && complaint.ResolutionWarnedAt is null)
                {
                    complaint.MarkResolutionWarned(now);
                    Warn(audit, complaint, "resolution", complaint.ResolutionDueAt);
                    warned++;
                }
            }
            if (breach is not null)
            {
                var moved = complaint.Status != ComplaintStatus.Escalated
                    && complaint.MoveTo(ComplaintStatus.Escalated, $"The {breach} target was breached: escalated to a supervisor.", now, SweepCallerId);
                audit.Record(ComplaintAudit.ClockBreachAction, ComplaintAudit.RecordType, complaint.ComplaintId, complaint.CustomerPhoneRef,
                    before, ComplaintAuditSnapshot.Of(complaint), complaint.HallId);
                LogBreached(complaint.ComplaintId, breach, complaint.HallId);
                if (moved)
                {
                    escalated++;
                }
            }
        }
        if (complaint.Status != from)
        {
            if (ComplaintCommunications.ForLatestChange(complaint) is { } message)
            {
                outbox.Queue(message);
            }
            db.RecordIntegrationEvent(ComplaintEvents.StatusChanged(complaint, from, complaint.JourneyId, SweepCallerId), now);
        }
        return (warned, escalated, closed);
    }

    private void Warn(AuditTrail audit, CustomerComplaint complaint, string clock, DateTimeOffset dueAt)
    {
        audit.Record(ComplaintAudit.ClockWarningAction, ComplaintAudit.RecordType, complaint.ComplaintId, complaint.CustomerPhoneRef,
            after: new { clock, dueAt }, hallId: complaint.HallId);
        LogWarned(complaint.ComplaintId, clock, dueAt, complaint.HallId);
    }

    private async Task RefreshMetricsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = await db.Complaints.AsNoTracking()
            .Where(c => c.Status != ComplaintStatus.Closed && c.Status != ComplaintStatus.Withdrawn)
            .GroupBy(c => c.HallId)
            .Select(g => new
            {
                HallId = g.Key,
                Open = g.LongCount(),
                Overdue = g.LongCount(c => (c.FirstResponseAt == null && c.FirstResponseDueAt <= now)
                    || (c.Status != ComplaintStatus.Responded && c.ResolutionDueAt <= now)),
                Escalated = g.LongCount(c => c.Status == ComplaintStatus.Escalated),
            })
            .ToListAsync(cancellationToken);
        metrics.Update([.. open.Select(o => new HallComplaintCounts(o.HallId, o.Open, o.Overdue, o.Escalated))]);
    }

    private sealed class FixedCaller(HallCaller caller) : IHallCallerAccessor
    {
        public HallCaller Current => caller;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId} {Clock} target due at {DueAt} (hall {HallId})")]
    private partial void LogWarned(string complaintId, string clock, DateTimeOffset dueAt, string hallId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId} breached its {Clock} target (hall {HallId})")]
    private partial void LogBreached(string complaintId, string clock, string hallId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId} changed concurrently during the clock sweep; next sweep")]
    private partial void LogSweepSkipped(string complaintId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint clock sweep: {Warned} warned, {Escalated} escalated, {Closed} closed unconfirmed")]
    private partial void LogSweepDone(int warned, int escalated, int closed);
}

/// <summary>Runs <see cref="ComplaintClockSweep"/> every <c>Complaint:SweepIntervalSeconds</c>; a failed sweep waits with RetryBackoff.</summary>
public sealed partial class ComplaintClockSweeper(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<ComplaintOptions> options, ILogger<ComplaintClockSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SweepEnabled)
        {
            return;
        }
        var interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.SweepIntervalSeconds));
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = interval;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ComplaintClockSweep>().SweepAsync(stoppingToken);
                failures = 0;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failures++;
                wait = RetryBackoff.After(failures, interval, TimeSpan.FromMinutes(10));
                LogSweepFailed(exception);
            }
            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Complaint clock sweep failed")]
    private partial void LogSweepFailed(Exception exception);
}

public sealed record HallComplaintCounts(string HallId, long Open, long Overdue, long Escalated);

/// <summary>
/// Complaint metrics (meter HallPlatform.Complaint): open, overdue and escalated complaints per hall as observable
/// gauges, read from the snapshot the clock sweep refreshes (gauge callbacks do no I/O). Tags: hall only.
/// </summary>
public sealed class ComplaintMetrics
{
    public const string MeterName = "HallPlatform.Complaint";

    private volatile IReadOnlyList<HallComplaintCounts> _counts = [];

    public ComplaintMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("hall.complaints.open", () => Measure(c => c.Open), "{complaint}", "Open complaints per hall.");
        meter.CreateObservableGauge("hall.complaints.overdue", () => Measure(c => c.Overdue), "{complaint}",
            "Open complaints past their first-response or resolution target, per hall.");
        meter.CreateObservableGauge("hall.complaints.escalated", () => Measure(c => c.Escalated), "{complaint}", "Escalated complaints per hall.");
    }

    public IReadOnlyList<HallComplaintCounts> Counts => _counts;

    public void Update(IReadOnlyList<HallComplaintCounts> counts) => _counts = counts;

    private IEnumerable<Measurement<long>> Measure(Func<HallComplaintCounts, long> value) =>
        _counts.Select(c => new Measurement<long>(value(c), new KeyValuePair<string, object?>("hall.id", c.HallId)));
}
