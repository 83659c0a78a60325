using System.ComponentModel.DataAnnotations;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Messaging;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HallPlatform.Quality.Application;

/// <summary>The customer's answers through a survey link, before validation.</summary>
public sealed record AnswerSurveyInvitationCommand(
    [property: Required] int? CsatScore,
    [property: Required] int? NpsScore,
    bool? FirstContactResolved,
    string? Comment);

/// <summary>What an open survey link shows: the kind of case and the hall, never who the customer is.</summary>
public sealed record SurveyInvitationView(CaseType CaseKind, string? HallId, DateTimeOffset ExpiresAt);

/// <summary>
/// The survey link (anonymous: the token is the credential). A link works once, only for the case it was sent for,
/// and only until it expires; an unknown or malformed token answers 404, a used or expired one 409. The answer is
/// recorded as the case's survey answer and the follow-up becomes reached, in one transaction; two concurrent uses
/// of one link record one answer (the follow-up's row version decides).
/// </summary>
public sealed partial class SurveyInvitationHandling(
    QualityDbContext db, AuditTrail audit, TimeProvider time, ILogger<SurveyInvitationHandling> logger)
{
    public async Task<Outcome<SurveyInvitationView>> GetAsync(string token, CancellationToken cancellationToken)
    {
        var followUp = await FindAsync(token, tracked: false, cancellationToken);
        if (followUp is null)
        {
            return UnknownLink<SurveyInvitationView>();
        }
        return Refusal<SurveyInvitationView>(followUp)
            ?? Outcome<SurveyInvitationView>.Ok(new SurveyInvitationView(followUp.CaseKind, followUp.HallId, followUp.InvitationExpiresAt!.Value));
    }

    public async Task<Outcome<SurveyResponse>> AnswerAsync(string token, AnswerSurveyInvitationCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var errors = new FieldErrors();
        SurveyHandling.CheckRequiredScores(command.CsatScore, command.NpsScore, errors);
        var comment = errors.OptionalText("comment", command.Comment, SurveyResponse.MaxCommentLength);
        if (errors.Any)
        {
            return Outcome<SurveyResponse>.Invalid(errors.ToDictionary());
        }

        var followUp = await FindAsync(token, tracked: true, cancellationToken);
        if (followUp is null)
        {
            return UnknownLink<SurveyResponse>();
        }
        if (Refusal<SurveyResponse>(followUp) is { } refused)
        {
            return refused;
        }
        if (await db.SurveyResponses.AnyAsync(r => r.CaseType == followUp.CaseKind && r.CaseId == followUp.CaseId, cancellationToken))
        {
            return AlreadyAnswered();
        }
        var traceParent = await QualityTelemetry.CaseTraceParentAsync(db, followUp, cancellationToken);
        using var journey = QualityTelemetry.JoinJourney(followUp.CaseKind, followUp.CaseId, followUp.JourneyId, traceParent);

        var now = time.GetStoredUtcNow();
        var before = FollowUpAuditSnapshot.Of(followUp);
        var response = SurveyResponse.Record(SurveyResponse.NewId(),
            new SurveyAnswer(followUp.CaseKind, followUp.CaseId, followUp.HallId ?? "", command.CsatScore!.Value, command.NpsScore!.Value,
                comment, command.FirstContactResolved), now);
        db.SurveyResponses.Add(response);
        followUp.TryMoveTo(FollowUpStatus.Reached);
        followUp.ResponseId = response.ResponseId;
        followUp.FinishedAt = now;
        audit.Record(SurveyResponseAudit.RecordedAction, SurveyResponseAudit.RecordType, response.ResponseId,
            after: SurveyResponseAuditSnapshot.Of(response), hallId: response.HallId);
        audit.Record(FollowUpAudit.InvitationAnsweredAction, FollowUpAudit.RecordType, followUp.FollowUpId, customerRef: followUp.CustomerPhoneRef,
            before: before, after: FollowUpAuditSnapshot.Of(followUp), hallId: followUp.HallId);
        db.RecordIntegrationEvent(SurveyEvents.Answered(response, followUp.JourneyId), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception is DbUpdateConcurrencyException
            || exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same link (or another answer for the case) committed first.
            db.ChangeTracker.Clear();
            return AlreadyAnswered();
        }
        LogAnswered(followUp.FollowUpId, followUp.CaseKind, followUp.CaseId, response.ResponseId);
        return Outcome<SurveyResponse>.Created(response);
    }

    private async Task<FollowUp?> FindAsync(string token, bool tracked, CancellationToken cancellationToken)
    {
        if (!SurveyInvitationToken.IsWellFormed(token))
        {
            return null;
        }
        var hash = SurveyInvitationToken.Hash(token);
        var followUps = tracked ? db.FollowUps : db.FollowUps.AsNoTracking();
        return await followUps.FirstOrDefaultAsync(f => f.InvitationTokenHash == hash, cancellationToken);
    }

    private Outcome<T>? Refusal<T>(FollowUp followUp)
    {
        if (followUp.Status != FollowUpStatus.Invited)
        {
            return Outcome<T>.Conflict("Survey link already used.", "This survey link has been answered already; each link works once.");
        }
        if (followUp.InvitationExpiresAt is not { } expiresAt || time.GetUtcNow() >= expiresAt)
        {
            return Outcome<T>.Conflict("Survey link expired.", "This survey link has expired; thank you all the same.");
        }
        return null;
    }

    private static Outcome<T> UnknownLink<T>() =>
        Outcome<T>.NotFound("Survey link not found.", "token: no survey invitation has this link.");

    private static Outcome<SurveyResponse> AlreadyAnswered() =>
        Outcome<SurveyResponse>.Conflict("Survey link already used.", "This case's survey has been answered already; each link works once.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Follow-up {FollowUpId} for {CaseKind} {CaseId}: survey link answered ({ResponseId})")]
    private partial void LogAnswered(string followUpId, CaseType caseKind, string caseId, string responseId);
}
