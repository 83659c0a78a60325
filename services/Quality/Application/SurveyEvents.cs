using HallPlatform.Application;
using HallPlatform.Messaging;
using HallPlatform.Quality.Domain;

namespace HallPlatform.Quality.Application;

/// <summary>The integration events Quality records in its outbox (catalogue: docs/events.md).</summary>
public static class SurveyEvents
{
    public const string AnsweredType = IntegrationEventTypes.SurveyAnswered;

    /// <summary>
    /// A survey answer was recorded. Scores only: the comment is the customer's free text and stays out.
    /// <paramref name="journeyId"/> is null until answers are tied to the customer's journey.
    /// </summary>
    public static IntegrationEvent Answered(SurveyResponse response, string? journeyId)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new(AnsweredType, response.ResponseId, response.HallId, journeyId,
            new SurveyAnswered(response.ResponseId, response.CaseType.ToWire(), response.CaseId, response.CsatScore, response.NpsScore));
    }
}

/// <summary>Payload of <c>quality.survey.answered</c>.</summary>
public sealed record SurveyAnswered(string ResponseId, string CaseType, string CaseId, int CsatScore, int NpsScore);
