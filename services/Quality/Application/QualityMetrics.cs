using System.Diagnostics.Metrics;
using HallPlatform.Application;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Quality.Application;

/// <summary>
/// Headline gauges per hall (tag <c>hall.id</c>) on meter "HallPlatform.Quality" (docs/quality.md, "Metrics"): CSAT,
/// NPS and FCR of the survey answers of the last 30 days, fault SLA compliance and complaint 15-day compliance of the
/// last 30 days (the statistics' formulas), the follow-up backlog (ready + claimed) and the overdue improvement actions. Counted by <see cref="QualityMetricsRefresher"/> and observed from the last count, so a scrape
/// never queries the database. A hall with no answers has no CSAT/NPS/FCR point (undefined, not 0); a follow-up of no
/// hall (a partner's ticket) is counted under hall "none".
/// </summary>
public sealed class QualityMetrics : IDisposable
{
    public const string MeterName = "HallPlatform.Quality";
    public const string CsatName = "hall.quality.csat";
    public const string NpsName = "hall.quality.nps";
    public const string FcrName = "hall.quality.fcr";
    public const string FollowUpBacklogName = "hall.quality.followups.backlog";
    public const string OverdueActionsName = "hall.quality.actions.overdue";
    public const string FaultSlaComplianceName = "hall.quality.fault.sla_compliance";
    public const string Complaint15DayComplianceName = "hall.quality.complaint.answered_in_15_days";
    public const string NoHall = "none";

    /// <summary>The window of the survey figures: the 30 days before the refresh.</summary>
    public static readonly TimeSpan SurveyWindow = TimeSpan.FromDays(30);

    private readonly Meter _meter;
    private volatile IReadOnlyList<HallQualityFigures> _figures = [];

    public QualityMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge(CsatName, () => Observe(f => f.Csat), "%", "CSAT of the last 30 days' survey answers, per hall");
        _meter.CreateObservableGauge(NpsName, () => Observe(f => f.Nps), "{score}", "NPS of the last 30 days' survey answers, per hall");
        _meter.CreateObservableGauge(FcrName, () => Observe(f => f.Fcr), "%", "First contact resolution of the last 30 days' survey answers, per hall");
        _meter.CreateObservableGauge(FollowUpBacklogName, () => ObserveCount(f => f.FollowUpBacklog), "{follow-up}", "Follow-ups ready or claimed, per hall");
        _meter.CreateObservableGauge(FaultSlaComplianceName, () => Observe(f => f.FaultSlaCompliance), "%",
            "Trouble tickets repaired within their SLA over the last 30 days (statistic faultSlaCompliance), per hall");
        _meter.CreateObservableGauge(Complaint15DayComplianceName, () => Observe(f => f.Complaint15DayCompliance), "%",
            "Complaints first answered within 15 days over the last 30 days (statistic complaint15DayCompliance), per hall");
        _meter.CreateObservableGauge(OverdueActionsName, () => ObserveCount(f => f.OverdueActions), "{action}", "Improvement actions open or in progress past their due date, per hall");
    }

    /// <summary>The last counts (for tests).</summary>
    public IReadOnlyList<HallQualityFigures> Figures => _figures;

    /// <summary>Counts everything at <paramref name="now"/> and keeps it for the gauges.</summary>
    public async Task RefreshAsync(QualityDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var backlog = await db.FollowUps.AsNoTracking()
            .Where(f => f.Status == FollowUpStatus.Ready || f.Status == FollowUpStatus.Claimed)
            .GroupBy(f => f.HallId)
            .Select(g => new { HallId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var overdue = await ImprovementActions.Overdue(db.ImprovementActions.AsNoTracking(), ImprovementAction.OverdueBefore(now))
            .GroupBy(a => a.HallId)
            .Select(g => new { HallId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        // The survey and compliance figures are the statistics' own: one scope per hall with anything in the window.
        var statistics = new Dictionary<string, IReadOnlyDictionary<QualityMetric, double?>>(StringComparer.Ordinal);
        foreach (var hall in await QualityStatistics.HallsAsync(db, null, now - SurveyWindow, now, cancellationToken))
        {
            var counts = await QualityStatistics.CountAsync(db, new StatisticsScope(hall, null, null, null, null), now - SurveyWindow, now, now, cancellationToken);
            statistics[hall] = StatisticsFormulas.Figures(counts);
        }

        var halls = statistics.Keys.Concat(backlog.Select(b => b.HallId ?? NoHall)).Concat(overdue.Select(o => o.HallId))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        _figures =
        [
            .. halls.Select(hall =>
            {
                double? Figure(QualityMetric metric) => statistics.TryGetValue(hall, out var figures) ? figures[metric] : null;
                return new HallQualityFigures(hall, Figure(QualityMetric.Csat), Figure(QualityMetric.Nps), Figure(QualityMetric.Fcr),
                    backlog.Where(b => (b.HallId ?? NoHall) == hall).Sum(b => b.Count), overdue.FirstOrDefault(o => o.HallId == hall)?.Count ?? 0,
                    Figure(QualityMetric.FaultSlaCompliance), Figure(QualityMetric.Complaint15DayCompliance));
            }),
        ];
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<double>> Observe(Func<HallQualityFigures, double?> value) =>
        _figures.Where(f => value(f) is not null).Select(f => new Measurement<double>(value(f)!.Value, new KeyValuePair<string, object?>("hall.id", f.HallId)));

    private IEnumerable<Measurement<long>> ObserveCount(Func<HallQualityFigures, long> value) =>
        _figures.Select(f => new Measurement<long>(value(f), new KeyValuePair<string, object?>("hall.id", f.HallId)));
}

public sealed record HallQualityFigures(
    string HallId, double? Csat, double? Nps, double? Fcr, long FollowUpBacklog, long OverdueActions, double? FaultSlaCompliance = null,
    double? Complaint15DayCompliance = null);

/// <summary>
/// Refreshes <see cref="QualityMetrics"/> every <c>Quality:Metrics:RefreshSeconds</c> (60); a failed round is logged
/// and retried after a <see cref="RetryBackoff"/>. <c>Quality:Metrics:Refresh=false</c> turns it off (tests refresh by hand).
/// </summary>
public sealed partial class QualityMetricsRefresher(
    IServiceScopeFactory scopes, QualityMetrics metrics, IConfiguration configuration, TimeProvider time, ILogger<QualityMetricsRefresher> logger) : BackgroundService
{
    public const int DefaultRefreshSeconds = 60;

    public async Task RefreshOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QualityDbContext>();
        await metrics.RefreshAsync(db, time.GetStoredUtcNow(), cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = Math.Clamp(configuration.GetValue("Quality:Metrics:RefreshSeconds", DefaultRefreshSeconds), 1, 86_400);
        var interval = TimeSpan.FromSeconds(seconds);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = interval;
            try
            {
                await RefreshOnceAsync(stoppingToken);
                failures = 0;
            }
            catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or Npgsql.NpgsqlException or TimeoutException)
            {
                failures++;
                wait = RetryBackoff.After(failures, TimeSpan.FromSeconds(1), interval);
                LogRefreshFailed(exception, failures);
            }
            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The quality metrics refresh failed ({Failures} in a row); retrying after a backoff")]
    private partial void LogRefreshFailed(Exception exception, int failures);
}
