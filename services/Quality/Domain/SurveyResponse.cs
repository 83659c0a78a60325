using System.Text.Json.Serialization;
using HallPlatform.Application;

namespace HallPlatform.Quality.Domain;

/// <summary>The kinds of finished case a customer is surveyed about, with their wire names spelled out.</summary>
public enum CaseType
{
    [JsonStringEnumMemberName("visit")]
    Visit,

    [JsonStringEnumMemberName("order")]
    Order,

    [JsonStringEnumMemberName("trouble-ticket")]
    TroubleTicket,

    [JsonStringEnumMemberName("complaint")]
    Complaint,
}

/// <summary>A customer's answer to the survey about one case, already validated.</summary>
public sealed record SurveyAnswer(
    CaseType CaseType, string CaseId, string HallId, int CsatScore, int NpsScore, string? Comment, bool? FirstContactResolved = null);

/// <summary>One recorded survey answer (ISO 10004 satisfaction monitoring). One per case.</summary>
public sealed class SurveyResponse
{
    public const string IdPrefix = "srv_";
    public const int MinCsatScore = 1;
    public const int MaxCsatScore = 5;
    public const int MinNpsScore = 0;
    public const int MaxNpsScore = 10;
    public const int MaxCommentLength = 1000;

    // For EF Core materialisation.
    private SurveyResponse()
    {
    }

    public string ResponseId { get; private set; } = "";

    public CaseType CaseType { get; private set; }

    public string CaseId { get; private set; } = "";

    public string HallId { get; private set; } = "";

    public int CsatScore { get; private set; }

    public int NpsScore { get; private set; }

    /// <summary>Free text from the customer: may hold personal data, so it is never logged.</summary>
    public string? Comment { get; private set; }

    public DateTimeOffset AnsweredAt { get; private set; }

    /// <summary>"Was it solved the first time?" (FCR); null when not asked.</summary>
    public bool? FirstContactResolved { get; private set; }

    public static string NewId() => IdPrefix + Guid.CreateVersion7().ToString("N");

    public static bool IsValidCsat(int score) => score is >= MinCsatScore and <= MaxCsatScore;

    public static bool IsValidNps(int score) => score is >= MinNpsScore and <= MaxNpsScore;

    public static SurveyResponse Record(string responseId, SurveyAnswer answer, DateTimeOffset answeredAt)
    {
        if (!IsValidCsat(answer.CsatScore))
        {
            throw new ArgumentOutOfRangeException(nameof(answer), answer.CsatScore, "CSAT score must be 1..5.");
        }
        if (!IsValidNps(answer.NpsScore))
        {
            throw new ArgumentOutOfRangeException(nameof(answer), answer.NpsScore, "NPS score must be 0..10.");
        }
        return new SurveyResponse
        {
            ResponseId = responseId,
            CaseType = answer.CaseType,
            CaseId = answer.CaseId,
            HallId = answer.HallId,
            CsatScore = answer.CsatScore,
            NpsScore = answer.NpsScore,
            Comment = answer.Comment,
            AnsweredAt = answeredAt,
            FirstContactResolved = answer.FirstContactResolved,
        };
    }

    /// <summary>Whether a repeated submission for this case is the same answer (a retry) rather than a new one.</summary>
    public bool IsSameAnswerAs(SurveyAnswer answer) =>
        CaseType == answer.CaseType
        && string.Equals(CaseId, answer.CaseId, StringComparison.Ordinal)
        && string.Equals(HallId, answer.HallId, StringComparison.Ordinal)
        && CsatScore == answer.CsatScore
        && NpsScore == answer.NpsScore
        && string.Equals(Comment, answer.Comment, StringComparison.Ordinal)
        && FirstContactResolved == answer.FirstContactResolved;
}
