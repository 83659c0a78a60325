namespace HallPlatform.Quality.Domain;

/// <summary>
/// The raw counts and averages behind one set of statistics (one scope, one period), as read from Quality's read
/// model. Times are in seconds; averages are null when there was nothing to average.
/// </summary>
public sealed record StatisticsCounts(
    SatisfactionTally Survey,
    int FcrAnswered,
    int FcrResolved,
    int VisitsEnded,
    int VisitsServed,
    int NoShows,
    int VisitsCalled,
    double? WaitSecondsAverage,
    double? WaitSecondsP90,
    double? ServiceSecondsAverage,
    int VisitsWithServiceLevel,
    int VisitsWithinServiceLevel,
    int TicketsResolved,
    double? RepairSecondsAverage,
    int TicketsWithinSla,
    int TicketsOutsideSla,
    int ComplaintsAnswered,
    double? FirstResponseSecondsAverage,
    int ComplaintsClosed,
    double? ResolutionSecondsAverage,
    int ComplaintsAnsweredIn15Days,
    int ComplaintsNotAnsweredIn15Days,
    int CasesFinished,
    int CasesAnsweredBySurvey)
{
    /// <summary>The number each figure is computed over (its denominator or sample), for the reader to judge it.</summary>
    public IReadOnlyDictionary<QualityMetric, int> Basis => new Dictionary<QualityMetric, int>
    {
        [QualityMetric.Csat] = Survey.Responses,
        [QualityMetric.Nps] = Survey.Responses,
        [QualityMetric.Fcr] = FcrAnswered,
        [QualityMetric.WaitingTimeAvg] = VisitsCalled,
        [QualityMetric.WaitingTimeP90] = VisitsCalled,
        [QualityMetric.ServiceTimeAvg] = VisitsServed,
        [QualityMetric.NoShowRate] = VisitsServed + NoShows,
        [QualityMetric.ServiceLevelShare] = VisitsWithServiceLevel,
        [QualityMetric.FaultRepairTime] = TicketsResolved,
        [QualityMetric.FaultSlaCompliance] = TicketsWithinSla + TicketsOutsideSla,
        [QualityMetric.ComplaintFirstResponseTime] = ComplaintsAnswered,
        [QualityMetric.ComplaintResolutionTime] = ComplaintsClosed,
        [QualityMetric.Complaint15DayCompliance] = ComplaintsAnsweredIn15Days + ComplaintsNotAnsweredIn15Days,
        [QualityMetric.FollowUpCoverage] = CasesFinished,
    };
}

/// <summary>
/// The statistics' formulas (docs/quality.md, "Statistics"), pure: shares are percentages rounded to 2 decimals,
/// visit times seconds rounded to 1 decimal, ticket and complaint times hours rounded to 2 decimals. A figure with
/// nothing to compute it over is null (undefined), never 0.
/// </summary>
public static class StatisticsFormulas
{
    /// <summary>The unit of each figure, as documented and exported.</summary>
    public static string UnitOf(QualityMetric metric) => metric switch
    {
        QualityMetric.Nps => "score",
        QualityMetric.WaitingTimeAvg or QualityMetric.WaitingTimeP90 or QualityMetric.ServiceTimeAvg => "s",
        QualityMetric.FaultRepairTime or QualityMetric.ComplaintFirstResponseTime or QualityMetric.ComplaintResolutionTime => "h",
        _ => "%",
    };

    /// <summary>Every figure of <paramref name="counts"/>, keyed by metric code (the codes meetings and actions use).</summary>
    public static IReadOnlyDictionary<QualityMetric, double?> Figures(StatisticsCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new Dictionary<QualityMetric, double?>
        {
            [QualityMetric.Csat] = counts.Survey.CsatPercent,
            [QualityMetric.Nps] = counts.Survey.NetPromoterScore,
            [QualityMetric.Fcr] = SatisfactionFormulas.FcrPercent(counts.FcrResolved, counts.FcrAnswered),
            [QualityMetric.WaitingTimeAvg] = Seconds(counts.WaitSecondsAverage),
            [QualityMetric.WaitingTimeP90] = Seconds(counts.WaitSecondsP90),
            [QualityMetric.ServiceTimeAvg] = Seconds(counts.ServiceSecondsAverage),
            [QualityMetric.NoShowRate] = SharePercent(counts.NoShows, counts.VisitsServed + counts.NoShows),
            [QualityMetric.ServiceLevelShare] = SharePercent(counts.VisitsWithinServiceLevel, counts.VisitsWithServiceLevel),
            [QualityMetric.FaultRepairTime] = Hours(counts.RepairSecondsAverage),
            [QualityMetric.FaultSlaCompliance] = SharePercent(counts.TicketsWithinSla, counts.TicketsWithinSla + counts.TicketsOutsideSla),
            [QualityMetric.ComplaintFirstResponseTime] = Hours(counts.FirstResponseSecondsAverage),
            [QualityMetric.ComplaintResolutionTime] = Hours(counts.ResolutionSecondsAverage),
            [QualityMetric.Complaint15DayCompliance] = SharePercent(counts.ComplaintsAnsweredIn15Days,
                counts.ComplaintsAnsweredIn15Days + counts.ComplaintsNotAnsweredIn15Days),
            [QualityMetric.FollowUpCoverage] = SharePercent(counts.CasesAnsweredBySurvey, counts.CasesFinished),
        };
    }

    /// <summary>Current − previous, for figures defined in both periods; null otherwise.</summary>
    public static double? Change(double? current, double? previous) =>
        current is { } now && previous is { } before ? Math.Round(now - before, 2, MidpointRounding.AwayFromZero) : null;

    /// <summary><paramref name="part"/> ÷ <paramref name="whole"/> × 100, null when <paramref name="whole"/> is 0.</summary>
    public static double? SharePercent(int part, int whole)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(part, whole);
        return whole == 0 ? null : Math.Round(part * 100.0 / whole, 2, MidpointRounding.AwayFromZero);
    }

    private static double? Seconds(double? seconds) => seconds is { } s ? Math.Round(s, 1, MidpointRounding.AwayFromZero) : null;

    private static double? Hours(double? seconds) => seconds is { } s ? Math.Round(s / 3600, 2, MidpointRounding.AwayFromZero) : null;
}
