using System.Diagnostics;
using HallPlatform.Application;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Quality.Application;

/// <summary>Quality's own spans: a survey answer joins the journey of the case it is about.</summary>
public static class QualityTelemetry
{
    public static readonly ActivitySource Source = new("HallPlatform.Quality");

    /// <summary>
    /// The answer (days after the case, from the customer's link, an analyst's call or the survey form) runs in the
    /// trace of the change that finished the case, which is the journey's; the request's own trace is linked.
    /// </summary>
    public static JourneyScope JoinJourney(CaseType caseKind, string caseId, string? journeyId, string? journeyTraceParent)
    {
        var journey = JourneyTrace.Start(Source, "quality.survey-answer", journeyTraceParent);
        journey.Activity?.SetTag("hall.case_kind", caseKind.ToWire());
        journey.Activity?.SetTag("hall.case_id", caseId);
        journey.Activity?.SetTag("hall.journey_id", journeyId);
        return journey;
    }

    /// <summary>
    /// The journey trace kept on <paramref name="followUp"/>'s finished case. Read it first, then start the span with
    /// <see cref="JoinJourney"/> in the caller: a span started inside an async method is not current after it returns.
    /// </summary>
    public static Task<string?> CaseTraceParentAsync(QualityDbContext db, FollowUp followUp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(followUp);
        return db.FollowUpCases.Where(c => c.CaseKind == followUp.CaseKind && c.CaseId == followUp.CaseId)
            .Select(c => c.JourneyTraceParent).FirstOrDefaultAsync(cancellationToken);
    }
}
