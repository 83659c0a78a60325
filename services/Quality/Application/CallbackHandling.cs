using System.ComponentModel.DataAnnotations;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Messaging;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HallPlatform.Quality.Application;

/// <summary>A callback call's result as REST hands it in, before validation.</summary>
public sealed record RecordCallbackResultCommand(
    [property: Required, WireEnum<CallbackResult>] string? Result,
    int? CsatScore,
    int? NpsScore,
    bool? FirstContactResolved,
    string? Comment);

/// <summary>
/// The callback list (回访): quality analysts of a hall list its due callbacks, claim one (and get the customer's
/// contact) and record what the call came to. Another hall's follow-up answers like an unknown id; a follow-up is
/// never listed for or given to the staff member who served its case.
/// </summary>
public sealed partial class CallbackHandling(
    QualityDbContext db, AuditTrail audit, IHallCallerAccessor callers, TimeProvider time, IOptions<FollowUpOptions> options,
    ILogger<CallbackHandling> logger)
{
    /// <summary>Ready callbacks whose time has come, oldest first, in the caller's halls (or <paramref name="hallId"/>).</summary>
    public async Task<Outcome<ResultPage<FollowUp>>> ListDueAsync(string? hallId, PageRequest page, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var hall = HallIds.Check("hallId", hallId, errors);
        if (errors.Any)
        {
            return Outcome<ResultPage<FollowUp>>.Invalid(errors.ToDictionary());
        }
        var caller = callers.Current;
        if (hall is not null && !caller.MayReachHall(hall))
        {
            return Outcome<ResultPage<FollowUp>>.Forbidden("Not your hall.", $"The callbacks of hall '{hall}' are not available to this caller.");
        }
        var now = time.GetStoredUtcNow();
        var due = db.FollowUps.AsNoTracking()
            .Where(f => f.Status == FollowUpStatus.Ready && f.NextAttemptAt <= now && (f.ServedBy == null || f.ServedBy != caller.Id));
        if (hall is not null)
        {
            due = due.Where(f => f.HallId == hall);
        }
        else if (caller.IsLimitedToHalls)
        {
            var halls = caller.Halls.ToList();
            due = due.Where(f => f.HallId != null && halls.Contains(f.HallId));
        }
        var total = await due.CountAsync(cancellationToken);
        var items = await due.OrderBy(f => f.NextAttemptAt).ThenBy(f => f.FollowUpId)
            .Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return Outcome<ResultPage<FollowUp>>.Ok(page.Of(items, total));
    }

    /// <summary>Takes a due callback: ready → claimed by the caller, who gets the customer's contact (an audited read).</summary>
    public async Task<Outcome<FollowUp>> ClaimAsync(string followUpId, CancellationToken cancellationToken)
    {
        var caller = callers.Current;
        var followUp = await FindVisibleAsync(followUpId, cancellationToken);
        if (followUp is null)
        {
            return Outcome<FollowUp>.NotFoundById("Follow-up", followUpId);
        }
        if (followUp.ServedBy is not null && followUp.ServedBy == caller.Id)
        {
            return Outcome<FollowUp>.Conflict("Served by you.", "A follow-up is never called back by the staff member who served the case.");
        }
        var now = time.GetStoredUtcNow();
        if (followUp.NextAttemptAt > now || !followUp.TryMoveTo(FollowUpStatus.Claimed))
        {
            return Outcome<FollowUp>.Conflict("Not a due callback.",
                $"Follow-up '{followUpId}' is {followUp.Status.ToWire()}: only a ready callback whose time has come can be claimed.");
        }
        followUp.ClaimedBy = caller.Id;
        followUp.ClaimedAt = now;
        audit.Record(CallbackAudit.ClaimedAction, FollowUpAudit.RecordType, followUp.FollowUpId, customerRef: followUp.CustomerPhoneRef,
            after: FollowUpAuditSnapshot.Of(followUp), hallId: followUp.HallId);
        if (!await SaveAsync(cancellationToken))
        {
            return Outcome<FollowUp>.Conflict("Claimed concurrently.", $"Follow-up '{followUpId}' changed meanwhile; list the callbacks again.");
        }
        LogClaimed(followUp.FollowUpId, followUp.CaseKind, followUp.CaseId);
        return Outcome<FollowUp>.Ok(followUp);
    }

    /// <summary>
    /// Records the call by the analyst holding the claim: reached (with the answers, stored as the case's survey answer),
    /// refused, or not reached (listed again after the retry interval, or unreachable after the last allowed call).
    /// </summary>
    public async Task<Outcome<FollowUp>> RecordResultAsync(string followUpId, RecordCallbackResultCommand command, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (result, comment) = Validate(command, errors);
        if (result is null)
        {
            return Outcome<FollowUp>.Invalid(errors.ToDictionary());
        }
        var caller = callers.Current;
        var followUp = await FindVisibleAsync(followUpId, cancellationToken);
        if (followUp is null)
        {
            return Outcome<FollowUp>.NotFoundById("Follow-up", followUpId);
        }
        if (followUp.Status != FollowUpStatus.Claimed || followUp.ClaimedBy != caller.Id)
        {
            return Outcome<FollowUp>.Conflict("Not your claimed callback.",
                $"Follow-up '{followUpId}' is {followUp.Status.ToWire()}: a result is recorded by the analyst who claimed it.");
        }
        var settings = options.Value;
        var now = time.GetStoredUtcNow();
        var before = FollowUpAuditSnapshot.Of(followUp);
        followUp.CallAttempts++;
        followUp.ClaimedBy = null;
        var traceParent = await QualityTelemetry.CaseTraceParentAsync(db, followUp, cancellationToken);
        using var journey = QualityTelemetry.JoinJourney(followUp.CaseKind, followUp.CaseId, followUp.JourneyId, traceParent);
        switch (result.Value)
        {
            case CallbackResult.Reached:
                followUp.TryMoveTo(FollowUpStatus.Reached);
                followUp.FinishedAt = now;
                if (command.CsatScore is { } csat && command.NpsScore is { } nps
                    && !await db.SurveyResponses.AnyAsync(r => r.CaseType == followUp.CaseKind && r.CaseId == followUp.CaseId, cancellationToken))
                {
                    var response = SurveyResponse.Record(SurveyResponse.NewId(),
                        new SurveyAnswer(followUp.CaseKind, followUp.CaseId, followUp.HallId ?? "", csat, nps, comment, command.FirstContactResolved), now);
                    db.SurveyResponses.Add(response);
                    followUp.ResponseId = response.ResponseId;
                    audit.Record(SurveyResponseAudit.RecordedAction, SurveyResponseAudit.RecordType, response.ResponseId,
                        after: SurveyResponseAuditSnapshot.Of(response), hallId: response.HallId);
                    db.RecordIntegrationEvent(SurveyEvents.Answered(response, followUp.JourneyId), now);
                }
                break;
            case CallbackResult.Refused:
                followUp.TryMoveTo(FollowUpStatus.Refused);
                followUp.FinishedAt = now;
                break;
            default:
                if (followUp.CallAttempts >= Math.Max(settings.CallbackMaxAttempts, 1))
                {
                    followUp.TryMoveTo(FollowUpStatus.Unreachable);
                    followUp.FinishedAt = now;
                }
                else
                {
                    followUp.TryMoveTo(FollowUpStatus.Ready);
                    followUp.NextAttemptAt = now.AddMinutes(Math.Clamp(settings.CallbackRetryMinutes, 0, 60 * 24 * 30));
                }
                break;
        }
        audit.Record(CallbackAudit.ResultAction, FollowUpAudit.RecordType, followUp.FollowUpId, customerRef: followUp.CustomerPhoneRef,
            before: before, after: FollowUpAuditSnapshot.Of(followUp), hallId: followUp.HallId);
        if (!await SaveAsync(cancellationToken))
        {
            return Outcome<FollowUp>.Conflict("Changed concurrently.", $"Follow-up '{followUpId}' changed meanwhile.");
        }
        LogResult(followUp.FollowUpId, result.Value, followUp.Status);
        return Outcome<FollowUp>.Ok(followUp);
    }

    private async Task<FollowUp?> FindVisibleAsync(string followUpId, CancellationToken cancellationToken)
    {
        if (followUpId.Length > FollowUp.MaxIdLength)
        {
            return null;
        }
        var followUp = await db.FollowUps.FirstOrDefaultAsync(f => f.FollowUpId == followUpId, cancellationToken);
        var caller = callers.Current;
        return followUp is null || (followUp.HallId is { } hall ? !caller.MayReachHall(hall) : caller.IsLimitedToHalls) ? null : followUp;
    }

    private async Task<bool> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static (CallbackResult? Result, string? Comment) Validate(RecordCallbackResultCommand command, FieldErrors errors)
    {
        var text = errors.RequiredText("result", command.Result, 16);
        CallbackResult result = default;
        if (text is not null && !WireNames<CallbackResult>.TryParse(text, out result))
        {
            errors.Add("result", "Unknown result; use one of: " + string.Join(", ", WireNames<CallbackResult>.All) + ".");
        }
        var answered = command.CsatScore is not null || command.NpsScore is not null || command.FirstContactResolved is not null || command.Comment is not null;
        if (text is not null && result != CallbackResult.Reached && answered && !errors.Any)
        {
            errors.Add("result", "Answers (csatScore, npsScore, firstContactResolved, comment) are only recorded with result reached.");
        }
        if (command.CsatScore is { } csat && !SurveyResponse.IsValidCsat(csat))
        {
            errors.Add("csatScore", $"The csatScore field must be from {SurveyResponse.MinCsatScore} to {SurveyResponse.MaxCsatScore}.");
        }
        if (command.NpsScore is { } nps && !SurveyResponse.IsValidNps(nps))
        {
            errors.Add("npsScore", $"The npsScore field must be from {SurveyResponse.MinNpsScore} to {SurveyResponse.MaxNpsScore}.");
        }
        if ((command.CsatScore is null) != (command.NpsScore is null))
        {
            errors.Add(command.CsatScore is null ? "csatScore" : "npsScore", "csatScore and npsScore are given together.");
        }
        var comment = errors.OptionalText("comment", command.Comment, SurveyResponse.MaxCommentLength);
        return errors.Any ? (null, null) : (result, comment);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback {FollowUpId} for {CaseKind} {CaseId} claimed")]
    private partial void LogClaimed(string followUpId, CaseType caseKind, string caseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback {FollowUpId}: {Result}, now {Status}")]
    private partial void LogResult(string followUpId, CallbackResult result, FollowUpStatus status);
}

/// <summary>The audit trail's names for callback steps.</summary>
public static class CallbackAudit
{
    public const string ClaimedAction = "follow-up.claimed";
    public const string ResultAction = "follow-up.result-recorded";
}
