using HallPlatform.Quality.Data;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Quality.Application;

/// <summary>
/// The counts behind a hall's survey figures over [From, To): the satisfaction summary's tally (CSAT, NPS) plus the
/// first-contact-resolution answers (FCR).
/// </summary>
public sealed record HallSurveyFigures(string HallId, SatisfactionTally Tally, int FcrAnswered, int FcrResolved)
{
    public double? Csat => Tally.CsatPercent;

    public double? Nps => Tally.NetPromoterScore;

    public double? Fcr => SatisfactionFormulas.FcrPercent(FcrResolved, FcrAnswered);
}

/// <summary>Survey figures per hall from Quality's own survey_responses, in one aggregate query.</summary>
public static class QualityFigures
{
    /// <summary>The figures of every hall with answers in [from, to), or only of <paramref name="hallId"/>.</summary>
    public static async Task<IReadOnlyList<HallSurveyFigures>> SurveyFiguresAsync(
        QualityDbContext db, string? hallId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var answers = db.SurveyResponses.AsNoTracking().Where(r => r.AnsweredAt >= from && r.AnsweredAt < to);
        if (hallId is not null)
        {
            answers = answers.Where(r => r.HallId == hallId);
        }
        var rows = await answers
            .GroupBy(r => r.HallId)
            .Select(g => new
            {
                HallId = g.Key,
                Responses = g.Count(),
                Satisfied = g.Count(r => r.CsatScore >= SatisfactionFormulas.SatisfiedFromCsat),
                Promoters = g.Count(r => r.NpsScore >= SatisfactionFormulas.PromoterFromNps),
                Detractors = g.Count(r => r.NpsScore <= SatisfactionFormulas.DetractorUpToNps),
                FcrAnswered = g.Count(r => r.FirstContactResolved != null),
                FcrResolved = g.Count(r => r.FirstContactResolved == true),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new HallSurveyFigures(r.HallId, new SatisfactionTally(r.Responses, r.Satisfied, r.Promoters, r.Detractors),
            r.FcrAnswered, r.FcrResolved)).OrderBy(f => f.HallId, StringComparer.Ordinal)];
    }
}
