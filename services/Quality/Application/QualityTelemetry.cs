using System.Diagnostics;
using HallPlatform.Application;
using HallPlatform.Quality.Domain;

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
}
