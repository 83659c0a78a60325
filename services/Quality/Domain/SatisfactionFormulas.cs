namespace HallPlatform.Quality.Domain;

/// <summary>
/// ISO 10004 satisfaction measures as pure functions.
/// CSAT = answers 4 or 5 / all answers x 100 (1..5 scale).
/// NPS = % promoters (9-10) - % detractors (0-6) (0..10 scale), from -100 to 100.
/// With no answers both are undefined and returned as null, not 0: a hall nobody rated has not scored 0%.
/// Results are rounded to 2 decimal places, midpoints away from zero.
/// </summary>
public static class SatisfactionFormulas
{
    /// <summary>CSAT answers at or above this count as satisfied.</summary>
    public const int SatisfiedFromCsat = 4;

    /// <summary>NPS answers at or above this are promoters.</summary>
    public const int PromoterFromNps = 9;

    /// <summary>NPS answers at or below this are detractors.</summary>
    public const int DetractorUpToNps = 6;

    public static bool IsSatisfied(int csatScore) => csatScore >= SatisfiedFromCsat;

    public static bool IsPromoter(int npsScore) => npsScore >= PromoterFromNps;

    public static bool IsDetractor(int npsScore) => npsScore <= DetractorUpToNps;

    public static double? CsatPercent(int satisfied, int responses)
    {
        CheckCounts(responses, satisfied);
        return responses == 0 ? null : Round(satisfied * 100.0 / responses);
    }

    /// <summary>Computed as (promoters - detractors) / responses x 100, which equals %P - %D without rounding twice.</summary>
    public static double? NetPromoterScore(int promoters, int detractors, int responses)
    {
        CheckCounts(responses, promoters, detractors);
        if (promoters + detractors > responses)
        {
            throw new ArgumentException("Promoters and detractors cannot outnumber the responses.", nameof(promoters));
        }
        return responses == 0 ? null : Round((promoters - detractors) * 100.0 / responses);
    }

    /// <summary>
    /// FCR = answers saying the matter was solved the first time / answers to that question x 100; answers without
    /// it do not count. Null when nobody answered the question.
    /// </summary>
    public static double? FcrPercent(int resolved, int answered)
    {
        CheckCounts(answered, resolved);
        return answered == 0 ? null : Round(resolved * 100.0 / answered);
    }

    private static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private static void CheckCounts(int responses, params int[] parts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(responses);
        foreach (var part in parts)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(part);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(part, responses);
        }
    }
}

/// <summary>The counts the measures are computed from; the database fills it in one aggregate query.</summary>
public sealed record SatisfactionTally(int Responses, int Satisfied, int Promoters, int Detractors)
{
    public static readonly SatisfactionTally Empty = new(0, 0, 0, 0);

    public static SatisfactionTally Of(IEnumerable<(int CsatScore, int NpsScore)> answers)
    {
        int responses = 0, satisfied = 0, promoters = 0, detractors = 0;
        foreach (var (csat, nps) in answers)
        {
            responses++;
            satisfied += SatisfactionFormulas.IsSatisfied(csat) ? 1 : 0;
            promoters += SatisfactionFormulas.IsPromoter(nps) ? 1 : 0;
            detractors += SatisfactionFormulas.IsDetractor(nps) ? 1 : 0;
        }
        return new SatisfactionTally(responses, satisfied, promoters, detractors);
    }

    public double? CsatPercent => SatisfactionFormulas.CsatPercent(Satisfied, Responses);

    public double? NetPromoterScore => SatisfactionFormulas.NetPromoterScore(Promoters, Detractors, Responses);
}
