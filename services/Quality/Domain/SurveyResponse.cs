namespace HallPlatform.Quality.Domain;

/// <summary>The kinds of finished case a customer is surveyed about.</summary>
public enum CaseType
{
    Visit,
    Order,
    TroubleTicket,
    Complaint,
}

/// <summary>Wire names of <see cref="CaseType"/>, spelled out so a rename in code never changes the contract.</summary>
public static class CaseTypeNames
{
    private static readonly (CaseType Value, string Name)[] Table =
    [
        (CaseType.Visit, "visit"),
        (CaseType.Order, "order"),
        (CaseType.TroubleTicket, "trouble-ticket"),
        (CaseType.Complaint, "complaint"),
    ];

    public static IEnumerable<string> All => Table.Select(entry => entry.Name);

    public static string ToWire(this CaseType caseType)
    {
        foreach (var (value, name) in Table)
        {
            if (value == caseType)
            {
                return name;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(caseType), caseType, "No wire name defined.");
    }

    public static bool TryParse(string? name, out CaseType caseType)
    {
        foreach (var (value, wireName) in Table)
        {
            if (string.Equals(wireName, name, StringComparison.Ordinal))
            {
                caseType = value;
                return true;
            }
        }
        caseType = default;
        return false;
    }

    public static CaseType Parse(string name) =>
        TryParse(name, out var caseType) ? caseType : throw new FormatException($"Unknown case type '{name}'.");
}

/// <summary>A customer's answer to the survey about one case, already validated.</summary>
public sealed record SurveyAnswer(CaseType CaseType, string CaseId, string HallId, int CsatScore, int NpsScore, string? Comment);

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
        };
    }

    /// <summary>Whether a repeated submission for this case is the same answer (a retry) rather than a new one.</summary>
    public bool IsSameAnswerAs(SurveyAnswer answer) =>
        CaseType == answer.CaseType
        && string.Equals(CaseId, answer.CaseId, StringComparison.Ordinal)
        && string.Equals(HallId, answer.HallId, StringComparison.Ordinal)
        && CsatScore == answer.CsatScore
        && NpsScore == answer.NpsScore
        && string.Equals(Comment, answer.Comment, StringComparison.Ordinal);
}
