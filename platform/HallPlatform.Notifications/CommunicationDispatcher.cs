using HallPlatform.Application;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace HallPlatform.Notifications;

/// <summary>
/// Delivers the pending messages of <typeparamref name="TContext"/>: claims the due ones (<c>FOR UPDATE SKIP LOCKED</c>,
/// so several instances never send the same message at once), renders their template, hands them to the
/// <see cref="ICommunicationSender"/> and records the outcome. A failed attempt is retried with exponential backoff
/// until <see cref="CommunicationOptions.MaxAttempts"/>, then the message is <c>failed</c> (Warning log and the
/// <c>hall.communications.failed</c> counter). Delivery is at least once: a dispatcher that dies after the sender
/// accepted a message but before recording it sends it again after the claim lease.
/// </summary>
public sealed partial class CommunicationDispatcher<TContext>(
    IServiceScopeFactory scopes,
    ICommunicationSender sender,
    CommunicationTemplates templates,
    CommunicationTelemetry telemetry,
    IOptions<CommunicationOptions> options,
    TimeProvider time,
    ILogger<CommunicationDispatcher<TContext>> logger)
    : BackgroundService
    where TContext : DbContext
{
    private const string LeaseLostError = "The attempt did not finish before its claim lease ran out.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatcherEnabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                // A full batch means more may be due: go on at once instead of waiting for the next tick.
                while (await DispatchDueAsync(stoppingToken) >= options.Value.BatchSize)
                {
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database may be restarting; the next tick tries again and nothing was lost.
                LogRoundFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round: claims up to a batch of due messages and attempts each once. Returns how many it claimed.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var settings = options.Value;
        List<CommunicationMessage> claimed;
        // Polling finds nothing most of the time: its queries must not fill the dashboard with traces.
        using (SuppressInstrumentationScope.Begin())
        {
            var now = time.GetStoredUtcNow();
            await GiveUpAbandonedLastAttemptsAsync(db, settings, now, cancellationToken);
            claimed = await ClaimAsync(db, settings, now, cancellationToken);
        }
        foreach (var message in claimed)
        {
            // Stopping: the claims not attempted are picked up again once their lease runs out.
            cancellationToken.ThrowIfCancellationRequested();
            await AttemptAsync(db, message, settings, cancellationToken);
        }
        return claimed.Count;
    }

    /// <summary>
    /// Takes the due messages for this round: each claim counts as an attempt and holds the message for the lease, in
    /// one statement, so a concurrent dispatcher skips them and a crash only delays them.
    /// </summary>
    private static Task<List<CommunicationMessage>> ClaimAsync(
        TContext db, CommunicationOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var leaseUntil = now + settings.ClaimLease;
        var pending = CommunicationState.Pending.ToWire();
        return db.Set<CommunicationMessage>().FromSql($"""
            UPDATE communication_messages AS m
            SET attempts = m.attempts + 1, next_attempt_at = {leaseUntil}
            WHERE m.id IN (
                SELECT id FROM communication_messages
                WHERE state = {pending} AND next_attempt_at <= {now} AND attempts < {settings.MaxAttempts}
                ORDER BY next_attempt_at
                LIMIT {settings.BatchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING m.*
            """).AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>A last attempt whose dispatcher died (its lease ran out) gets no further attempt: the message fails.</summary>
    private async Task GiveUpAbandonedLastAttemptsAsync(
        TContext db, CommunicationOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var abandoned = await db.Set<CommunicationMessage>()
            .Where(m => m.State == CommunicationState.Pending && m.Attempts >= settings.MaxAttempts && m.NextAttemptAt <= now)
            .ExecuteUpdateAsync(update => update
                .SetProperty(m => m.State, CommunicationState.Failed)
                .SetProperty(m => m.LastError, LeaseLostError), cancellationToken);
        if (abandoned > 0)
        {
            LogAbandoned(abandoned);
        }
    }

    private async Task AttemptAsync(TContext db, CommunicationMessage message, CommunicationOptions settings, CancellationToken cancellationToken)
    {
        using var send = CommunicationTelemetry.StartSend(message);
        var activity = send.Activity;
        string? error;
        try
        {
            var content = templates[message.TemplateCode].Render(message.Parameters());
            await sender.SendAsync(new OutgoingCommunication(message.Id, message.Channel, message.Recipient, message.RecipientMasked,
                message.TemplateCode, message.SubjectKind, message.SubjectId, content, message.Attempts), cancellationToken);
            error = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = Describe(exception, message);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error);
        }

        var now = time.GetStoredUtcNow();
        // The outcome is recorded even while the service stops: a message the sender accepted must not be sent again.
        var recording = CancellationToken.None;
        // Guarded by the attempt number: if this attempt outlived its lease and another dispatcher took the message,
        // the newer attempt's outcome is the one that stands.
        var mine = db.Set<CommunicationMessage>()
            .Where(m => m.Id == message.Id && m.State == CommunicationState.Pending && m.Attempts == message.Attempts);
        if (error is null)
        {
            await mine.ExecuteUpdateAsync(update => update
                .SetProperty(m => m.State, CommunicationState.Sent)
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.NextAttemptAt, now), recording);
            telemetry.Sent(message);
            LogSent(message.Id, message.TemplateCode, message.Attempts);
        }
        else if (message.Attempts >= settings.MaxAttempts)
        {
            await mine.ExecuteUpdateAsync(update => update
                .SetProperty(m => m.State, CommunicationState.Failed)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.NextAttemptAt, now), recording);
            telemetry.Failed(message);
            LogFailed(message.Id, message.TemplateCode, message.SubjectKind, message.SubjectId, message.Attempts, error);
        }
        else
        {
            var next = now + settings.BackoffAfter(message.Attempts);
            await mine.ExecuteUpdateAsync(update => update
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.NextAttemptAt, next), recording);
            telemetry.Retried(message);
            LogRetrying(message.Id, message.TemplateCode, message.Attempts, next, error);
        }
    }

    /// <summary>The sender's error as stored and logged: the recipient masked if a sender echoed it, length bounded.</summary>
    private static string Describe(Exception exception, CommunicationMessage message)
    {
        var text = $"{exception.GetType().Name}: {exception.Message}"
            .Replace(message.Recipient, message.RecipientMasked, StringComparison.OrdinalIgnoreCase);
        return text.Length <= CommunicationMessage.MaxErrorLength ? text : text[..CommunicationMessage.MaxErrorLength];
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Communication {MessageId} ({TemplateCode}) sent on attempt {Attempt}")]
    private partial void LogSent(string messageId, string templateCode, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Communication {MessageId} ({TemplateCode}) attempt {Attempt} failed, next attempt at {NextAttemptAt}: {Error}")]
    private partial void LogRetrying(string messageId, string templateCode, int attempt, DateTimeOffset nextAttemptAt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Communication {MessageId} ({TemplateCode}) about {SubjectKind} {SubjectId} failed after {Attempts} attempts: {Error}")]
    private partial void LogFailed(string messageId, string templateCode, string subjectKind, string subjectId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} communications failed: their last attempt was abandoned")]
    private partial void LogAbandoned(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Communication dispatch round failed; retrying at the next tick")]
    private partial void LogRoundFailed(Exception exception);
}
