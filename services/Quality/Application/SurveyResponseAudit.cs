using HallPlatform.Application;
using HallPlatform.Quality.Domain;

namespace HallPlatform.Quality.Application;

/// <summary>The audit trail's names for survey responses.</summary>
public static class SurveyResponseAudit
{
    public const string RecordType = "survey-response";
    public const string RecordedAction = "survey-response.recorded";
    public const string PersonalDataReadAction = "survey-response.personal-data-read";
}

/// <summary>What the audit trail keeps of a survey answer: the scores, and only whether there is a comment.</summary>
public sealed record SurveyResponseAuditSnapshot(string CaseType, string CaseId, string HallId, int CsatScore, int NpsScore, bool HasComment)
{
    public static SurveyResponseAuditSnapshot Of(SurveyResponse response) => new(
        response.CaseType.ToWire(), response.CaseId, response.HallId, response.CsatScore, response.NpsScore, response.Comment is not null);
}
