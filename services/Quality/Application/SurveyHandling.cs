using System.ComponentModel.DataAnnotations;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Domain;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Messaging;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HallPlatform.Quality.Application;

/// <summary>A survey answer as REST and gRPC hand it in, before validation: every field may be missing.</summary>
public sealed record RecordSurveyResponseCommand(
    [property: Required, WireEnum<CaseType>] string? CaseType,
    [property: Required] string? CaseId,
    [property: Required] string? HallId,
    [property: Required] int? CsatScore,
    [property: Required] int? NpsScore,
    string? Comment);

/// <summary>
/// CSAT and NPS over [From, To): From inclusive, To exclusive. Of one hall, or (HallId null) of every hall the caller
/// sees.
/// </summary>
public sealed record SatisfactionSummary(string? HallId, DateTimeOffset From, DateTimeOffset To, SatisfactionTally Tally,
    ClosureScoreTally ClosureScores);

/// <summary>
/// The scores customers gave the case's owner when confirming a closure (trouble tickets), over the cases finished in
/// the period: how many, how many satisfied (4 or 5, as CSAT counts), and their average.
/// </summary>
public sealed record ClosureScoreTally(int Count, int Satisfied, double? AverageScore)
{
    public static readonly ClosureScoreTally Empty = new(0, 0, null);
}

/// <summary>
/// The survey use cases; REST and gRPC both call these, so both are audited alike. Recording an answer is open to
/// everyone (survey link); reading is limited for staff to their halls (<c>hall</c> claim, <c>*</c> = all): another
/// hall's answer answers like an unknown id. Service callers see every hall.
/// </summary>
public sealed partial class SurveyHandling(
    QualityDbContext db, AuditTrail audit, IHallCallerAccessor callers, TimeProvider time, ILogger<SurveyHandling> logger)
{
    public const int MaxCaseIdLength = 100;

    /// <summary>
    /// Records the survey answer for a case. One answer per (caseType, caseId): the same answer again returns the
    /// first record, a different one is a conflict. The unique index decides races between concurrent retries.
    /// </summary>
    public async Task<Outcome<SurveyResponse>> RecordAsync(RecordSurveyResponseCommand command, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var answer = Validate(command, errors);
        if (answer is null)
        {
            return Outcome<SurveyResponse>.Invalid(errors.ToDictionary());
        }

        // Only a case Quality heard of finishing (follow_up_cases, fed by the owners' events) can be answered, and only
        // for the hall it was handled in: made-up case ids cannot pad the figures. An unknown case and a case of another
        // hall answer alike.
        var followUpCase = await db.FollowUpCases.AsNoTracking()
            .FirstOrDefaultAsync(c => c.CaseKind == answer.CaseType && c.CaseId == answer.CaseId, cancellationToken);
        if (followUpCase is null || (followUpCase.HallId is { } caseHall && caseHall != answer.HallId))
        {
            LogUnknownCase(answer.CaseType, answer.CaseId);
            return Outcome<SurveyResponse>.NotFound("Case not found.",
                $"caseId: there is no finished {answer.CaseType.ToWire()} case '{answer.CaseId}' in hall '{answer.HallId}' to answer a survey about.");
        }

        using var journey = QualityTelemetry.JoinJourney(followUpCase.CaseKind, followUpCase.CaseId, followUpCase.JourneyId, followUpCase.JourneyTraceParent);
        var existing = await FindByCaseAsync(answer.CaseType, answer.CaseId, cancellationToken);
        if (existing is not null)
        {
            return await ReplayAsync(existing, answer, cancellationToken);
        }

        var response = SurveyResponse.Record(SurveyResponse.NewId(), answer, time.GetStoredUtcNow());
        db.SurveyResponses.Add(response);
        // Same SaveChanges as the answer: both are stored or neither. Survey answers carry no customer phone, so
        // there is no customer reference.
        audit.Record(SurveyResponseAudit.RecordedAction, SurveyResponseAudit.RecordType, response.ResponseId, after: SurveyResponseAuditSnapshot.Of(response), hallId: response.HallId);
        // The answer belongs to the journey of the case it is about.
        db.RecordIntegrationEvent(SurveyEvents.Answered(response, followUpCase.JourneyId), time.GetStoredUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent submission for the same case committed first: this call is its retry.
            db.ChangeTracker.Clear();
            var winner = await FindByCaseAsync(answer.CaseType, answer.CaseId, cancellationToken)
                ?? throw new InvalidOperationException("Unique violation on (caseType, caseId) but no row found.", exception);
            return await ReplayAsync(winner, answer, cancellationToken);
        }

        LogRecorded(response.ResponseId, response.CaseType, response.CaseId, response.HallId);
        return Outcome<SurveyResponse>.Created(response);
    }

    public async Task<Outcome<SurveyResponse>> GetAsync(string responseId, CancellationToken cancellationToken)
    {
        var response = await db.SurveyResponses.AsNoTracking().FirstOrDefaultAsync(r => r.ResponseId == responseId, cancellationToken);
        if (response is null || !CallerSeesHall(response.HallId))
        {
            return Outcome<SurveyResponse>.NotFound("Survey response not found.", $"No survey response has the id '{responseId}'.");
        }
        // The answer carries the customer's comment: who read it is recorded before it leaves.
        await audit.RecordReadAsync(SurveyResponseAudit.PersonalDataReadAction, SurveyResponseAudit.RecordType, response.ResponseId, customerRef: null,
            new { response.ResponseId }, cancellationToken, hallId: response.HallId);
        return Outcome<SurveyResponse>.Ok(response);
    }

    /// <summary>CSAT and NPS over [from, to); both instants are required.</summary>
    public Task<Outcome<SatisfactionSummary>> SummaryAsync(string? hallId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (from is null)
        {
            errors.Add("from", "The from field is required.");
        }
        if (to is null)
        {
            errors.Add("to", "The to field is required.");
        }
        return SummaryAsync(hallId, from, to, errors, cancellationToken);
    }

    /// <summary>
    /// Without a hallId the summary covers every hall the caller sees: all of them for services and staff with
    /// <c>*</c>, otherwise only the staff caller's halls. The formula is the same either way: one tally over the answers.
    /// </summary>
    private async Task<Outcome<SatisfactionSummary>> SummaryAsync(
        string? hallId, DateTimeOffset? from, DateTimeOffset? to, FieldErrors errors, CancellationToken cancellationToken)
    {
        var hall = HallIds.Check("hallId", hallId, errors);
        var inRange = InstantRange.Check("from", from, errors) & InstantRange.Check("to", to, errors);
        if (inRange && from is { } start && to is { } end && start > end)
        {
            errors.Add("from", "The from field must not be later than the to field.");
        }
        if (errors.Any)
        {
            return Outcome<SatisfactionSummary>.Invalid(errors.ToDictionary());
        }
        if (hall is not null && !CallerSeesHall(hall))
        {
            return Outcome<SatisfactionSummary>.Forbidden("Not your hall.",
                $"The satisfaction summary of hall '{hall}' is not available to this caller: it is not one of their halls.");
        }

        var fromUtc = from!.Value.ToUniversalTime();
        var toUtc = to!.Value.ToUniversalTime();
        var responses = hall is not null
            ? db.SurveyResponses.AsNoTracking().Where(r => r.HallId == hall)
            : VisibleResponses(db.SurveyResponses.AsNoTracking());
        var tally = await responses
            .Where(r => r.AnsweredAt >= fromUtc && r.AnsweredAt < toUtc)
            .GroupBy(_ => 1)
            .Select(g => new SatisfactionTally(
                g.Count(),
                g.Count(r => r.CsatScore >= SatisfactionFormulas.SatisfiedFromCsat),
                g.Count(r => r.NpsScore >= SatisfactionFormulas.PromoterFromNps),
                g.Count(r => r.NpsScore <= SatisfactionFormulas.DetractorUpToNps)))
            .FirstOrDefaultAsync(cancellationToken);
        var cases = db.FollowUpCases.AsNoTracking().Where(c => c.ClosureScore != null && c.CompletedAt >= fromUtc && c.CompletedAt < toUtc);
        var callerHalls = callers.Current.Halls.ToList();
        cases = hall is not null
            ? cases.Where(c => c.HallId == hall)
            : callers.Current.IsLimitedToHalls ? cases.Where(c => c.HallId != null && callerHalls.Contains(c.HallId)) : cases;
        var closures = await cases
            .GroupBy(_ => 1)
            .Select(g => new ClosureScoreTally(
                g.Count(),
                g.Count(c => c.ClosureScore >= SatisfactionFormulas.SatisfiedFromCsat),
                g.Average(c => (double?)c.ClosureScore)))
            .FirstOrDefaultAsync(cancellationToken);
        return Outcome<SatisfactionSummary>.Ok(new SatisfactionSummary(hall, fromUtc, toUtc, tally ?? SatisfactionTally.Empty,
            closures ?? ClosureScoreTally.Empty));
    }

    /// <summary>Only staff are limited to their halls; services pass (anonymous callers only record answers).</summary>
    private bool CallerSeesHall(string hallId) => callers.Current.MayReachHall(hallId);

    private IQueryable<SurveyResponse> VisibleResponses(IQueryable<SurveyResponse> responses)
    {
        var caller = callers.Current;
        if (!caller.IsLimitedToHalls)
        {
            return responses;
        }
        var halls = caller.Halls.ToList();
        return responses.Where(r => halls.Contains(r.HallId));
    }

    private static SurveyAnswer? Validate(RecordSurveyResponseCommand command, FieldErrors errors)
    {
        var caseTypeText = errors.RequiredText("caseType", command.CaseType, 32);
        var caseType = CaseType.Visit;
        if (caseTypeText is not null && !WireNames<CaseType>.TryParse(caseTypeText, out caseType))
        {
            errors.Add("caseType", "Unknown caseType; use one of: " + string.Join(", ", WireNames<CaseType>.All) + ".");
        }
        var caseId = errors.RequiredText("caseId", command.CaseId, MaxCaseIdLength);
        var hallId = HallIds.Required("hallId", command.HallId, errors);
        CheckRequiredScores(command.CsatScore, command.NpsScore, errors);
        var comment = errors.OptionalText("comment", command.Comment, SurveyResponse.MaxCommentLength);
        if (errors.Any)
        {
            return null;
        }
        return new SurveyAnswer(caseType, caseId!, hallId!, command.CsatScore!.Value, command.NpsScore!.Value, comment);
    }

    /// <summary>The survey form's and the survey link's rule: both scores given, CSAT 1..5 and NPS 0..10.</summary>
    public static void CheckRequiredScores(int? csatScore, int? npsScore, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (csatScore is not { } csat)
        {
            errors.Add("csatScore", "The csatScore field is required.");
        }
        else if (!SurveyResponse.IsValidCsat(csat))
        {
            errors.Add("csatScore", $"The csatScore field must be from {SurveyResponse.MinCsatScore} to {SurveyResponse.MaxCsatScore}.");
        }
        if (npsScore is not { } nps)
        {
            errors.Add("npsScore", "The npsScore field is required.");
        }
        else if (!SurveyResponse.IsValidNps(nps))
        {
            errors.Add("npsScore", $"The npsScore field must be from {SurveyResponse.MinNpsScore} to {SurveyResponse.MaxNpsScore}.");
        }
    }

    private async Task<Outcome<SurveyResponse>> ReplayAsync(SurveyResponse existing, SurveyAnswer answer, CancellationToken cancellationToken)
    {
        if (!existing.IsSameAnswerAs(answer))
        {
            return Outcome<SurveyResponse>.KeyReused(
                $"Case {answer.CaseType.ToWire()} '{answer.CaseId}' already has survey response {existing.ResponseId} with a different answer.");
        }
        // A replay answers with the stored answer, comment included: a read like any other.
        await audit.RecordReadAsync(SurveyResponseAudit.PersonalDataReadAction, SurveyResponseAudit.RecordType, existing.ResponseId, customerRef: null,
            new { existing.ResponseId, replay = true }, cancellationToken, hallId: existing.HallId);
        LogReplayed(existing.ResponseId, existing.CaseType, existing.CaseId);
        return Outcome<SurveyResponse>.Replayed(existing);
    }

    private Task<SurveyResponse?> FindByCaseAsync(CaseType caseType, string caseId, CancellationToken cancellationToken) =>
        db.SurveyResponses.AsNoTracking().FirstOrDefaultAsync(r => r.CaseType == caseType && r.CaseId == caseId, cancellationToken);

    // Log lines carry ids only, never the customer's comment.
    [LoggerMessage(Level = LogLevel.Information, Message = "Survey response {ResponseId} recorded for {CaseType} {CaseId} at hall {HallId}")]
    private partial void LogRecorded(string responseId, CaseType caseType, string caseId, string hallId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Survey answer refused: no finished {CaseType} {CaseId} in the answer's hall")]
    private partial void LogUnknownCase(CaseType caseType, string caseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Survey response {ResponseId} replayed for {CaseType} {CaseId}")]
    private partial void LogReplayed(string responseId, CaseType caseType, string caseId);
}
