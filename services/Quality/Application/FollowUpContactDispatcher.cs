using Grpc.Core;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Notifications;
using HallPlatform.Privacy;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace HallPlatform.Quality.Application;

/// <summary>
/// Makes due follow-ups workable: for each planned follow-up whose due time (or retry time) has come, asks the case's
/// owner for the customer's contact and decides. Do-not-contact: skipped. No usable phone: skipped. The same customer
/// (the phone's blind index) already contacted within <see cref="FollowUpOptions.ThrottleDays"/>: skipped (throttled).
/// Otherwise ready, with name and phone stored encrypted. An owner that cannot be reached leaves the follow-up planned
/// and retries it with <see cref="RetryBackoff"/>.
/// </summary>
public sealed partial class FollowUpContacts(
    QualityDbContext db, ICaseContactSource contacts, BlindIndex blindIndex, AuditTrail audit, CommunicationOutbox communications, TimeProvider time,
    IOptions<FollowUpOptions> options, ILogger<FollowUpContacts> logger)
{
    /// <summary>Handles the follow-ups due now, oldest first; returns how many were looked at.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetStoredUtcNow();
        var due = await db.FollowUps
            .Where(f => f.Status == FollowUpStatus.Planned && f.NextAttemptAt <= now)
            .OrderBy(f => f.NextAttemptAt).ThenBy(f => f.FollowUpId)
            .Take(Math.Clamp(settings.BatchSize, 1, 1000))
            .Select(f => f.FollowUpId)
            .ToListAsync(cancellationToken);
        foreach (var followUpId in due)
        {
            db.ChangeTracker.Clear();
            await HandleAsync(followUpId, settings, cancellationToken);
        }
        return due.Count;
    }

    private async Task HandleAsync(string followUpId, FollowUpOptions settings, CancellationToken cancellationToken)
    {
        var followUp = await db.FollowUps.FirstOrDefaultAsync(f => f.FollowUpId == followUpId && f.Status == FollowUpStatus.Planned, cancellationToken);
        if (followUp is null)
        {
            return;
        }
        CaseContactInfo? contact;
        try
        {
            contact = await contacts.GetAsync(followUp.CaseKind, followUp.ContactCaseId, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            followUp.ContactAttempts++;
            followUp.LastError = exception is RpcException rpc ? rpc.StatusCode.ToString() : exception.GetType().Name;
            if (followUp.LastError.Length > FollowUp.MaxErrorLength)
            {
                followUp.LastError = followUp.LastError[..FollowUp.MaxErrorLength];
            }
            var wait = RetryBackoff.After(followUp.ContactAttempts,
                TimeSpan.FromSeconds(settings.FirstRetrySeconds), TimeSpan.FromSeconds(settings.MaxRetrySeconds));
            followUp.NextAttemptAt = time.GetStoredUtcNow().Add(wait).ToStoredPrecision();
            await SaveAsync(cancellationToken);
            LogRetry(followUp.FollowUpId, followUp.CaseKind, followUp.LastError, followUp.ContactAttempts, wait);
            return;
        }

        var now = time.GetStoredUtcNow();
        if (contact is null)
        {
            Skip(followUp, FollowUpSkipReason.CaseUnknown);
        }
        else if (contact.DoNotContact)
        {
            Skip(followUp, FollowUpSkipReason.DoNotContact);
        }
        else if (contact.CustomerPhone is not { } phone || phone.Length > FollowUp.MaxPhoneLength || blindIndex.ForPhone(phone) is not { } phoneRef)
        {
            Skip(followUp, FollowUpSkipReason.NoContact);
        }
        else
        {
            var since = now.AddDays(-Math.Max(settings.ThrottleDays, 0));
            var recentlyContacted = await db.FollowUps.AnyAsync(
                f => f.CustomerPhoneRef == phoneRef && f.ContactedAt != null && f.ContactedAt > since && f.FollowUpId != followUp.FollowUpId,
                cancellationToken);
            if (recentlyContacted)
            {
                Skip(followUp, FollowUpSkipReason.Throttled);
            }
            else
            {
                followUp.NextAttemptAt = now;
                followUp.CustomerPhone = phone;
                followUp.CustomerPhoneRef = phoneRef;
                followUp.CustomerName = contact.CustomerName is { Length: > FollowUp.MaxNameLength } name ? name[..FollowUp.MaxNameLength] : contact.CustomerName;
                followUp.ContactedAt = now;
                followUp.LastError = null;
                if (settings.For(followUp.CaseKind).ParsedMethod == FollowUpMethod.Invitation)
                {
                    // The token leaves only in the message; Quality keeps its hash, so the table alone cannot answer.
                    var token = SurveyInvitationToken.New();
                    followUp.TryMoveTo(FollowUpStatus.Invited);
                    followUp.InvitationTokenHash = SurveyInvitationToken.Hash(token);
                    followUp.InvitationExpiresAt = now.AddDays(Math.Clamp(settings.InvitationValidDays, 0.01, 90)).ToStoredPrecision();
                    communications.Queue(SurveyInvitationMessages.For(followUp, settings.InvitationLinkBase + token));
                    audit.Record(FollowUpAudit.InvitedAction, FollowUpAudit.RecordType, followUp.FollowUpId, customerRef: phoneRef,
                        after: FollowUpAuditSnapshot.Of(followUp), hallId: followUp.HallId);
                    LogInvited(followUp.FollowUpId, followUp.CaseKind, followUp.CaseId);
                }
                else
                {
                    followUp.TryMoveTo(FollowUpStatus.Ready);
                    audit.Record(FollowUpAudit.ContactFetchedAction, FollowUpAudit.RecordType, followUp.FollowUpId, customerRef: phoneRef,
                        after: FollowUpAuditSnapshot.Of(followUp), hallId: followUp.HallId);
                    LogReady(followUp.FollowUpId, followUp.CaseKind, followUp.CaseId);
                }
            }
        }
        await SaveAsync(cancellationToken);
    }

    private void Skip(FollowUp followUp, FollowUpSkipReason reason)
    {
        followUp.TryMoveTo(FollowUpStatus.Skipped);
        followUp.SkipReason = reason;
        followUp.LastError = null;
        audit.Record(FollowUpAudit.SkippedAction, FollowUpAudit.RecordType, followUp.FollowUpId,
            after: FollowUpAuditSnapshot.Of(followUp), hallId: followUp.HallId);
        LogSkipped(followUp.FollowUpId, followUp.CaseKind, followUp.CaseId, reason);
    }

    /// <summary>A concurrent replica that handled the same follow-up first wins (xmin); this one's work is dropped.</summary>
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
        }
    }

    // Ids and codes only: never the contact.
    [LoggerMessage(Level = LogLevel.Information, Message = "Follow-up {FollowUpId} for {CaseKind} {CaseId} is ready")]
    private partial void LogReady(string followUpId, CaseType caseKind, string caseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Follow-up {FollowUpId} for {CaseKind} {CaseId}: survey invitation sent")]
    private partial void LogInvited(string followUpId, CaseType caseKind, string caseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Follow-up {FollowUpId} for {CaseKind} {CaseId} skipped: {Reason}")]
    private partial void LogSkipped(string followUpId, CaseType caseKind, string caseId, FollowUpSkipReason reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Follow-up {FollowUpId}: the {CaseKind} owner did not give the contact ({Error}, attempt {Attempts}); retry in {Wait}")]
    private partial void LogRetry(string followUpId, CaseType caseKind, string error, int attempts, TimeSpan wait);
}

/// <summary>Runs <see cref="FollowUpContacts.RunDueAsync"/> every <see cref="FollowUpOptions.PollSeconds"/>.</summary>
public sealed partial class FollowUpContactDispatcher(
    IServiceScopeFactory scopes, IOptions<FollowUpOptions> options, TimeProvider time, ILogger<FollowUpContactDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Clamp(options.Value.PollSeconds, 0.05, 3600));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                int handled;
                // An idle look starts no trace.
                using (SuppressInstrumentationScope.Begin())
                {
                    handled = await scope.ServiceProvider.GetRequiredService<FollowUpContacts>().RunDueAsync(stoppingToken);
                }
                if (handled > 0)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
            {
                LogFailed(exception.GetType().Name);
            }
            await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Follow-up dispatcher pass failed ({Error}); trying again")]
    private partial void LogFailed(string error);
}
