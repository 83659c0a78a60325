using System.Globalization;
using System.Text.RegularExpressions;
using HallPlatform.Application;
using HallPlatform.Identity;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Domain;

namespace HallPlatform.Quality.Application;

/// <summary>The figures of one period: metric code → value (null: nothing to compute it over) and the count behind each.</summary>
public sealed record StatisticsPeriod(
    DateTimeOffset From, DateTimeOffset To, IReadOnlyDictionary<string, double?> Figures, IReadOnlyDictionary<string, int> Basis);

/// <summary>
/// One scope's statistics: the period asked for, the period of equal length just before it, and the change of each
/// figure (current − previous, null unless both are defined).
/// </summary>
public sealed record StatisticsReport(
    string? HallId,
    string? ServiceType,
    string? StaffId,
    string? Channel,
    StatisticsPeriod Current,
    StatisticsPeriod Previous,
    IReadOnlyDictionary<string, double?> Change,
    IReadOnlyDictionary<string, string> Units);

/// <summary>One hall's row of a comparison.</summary>
public sealed record HallStatistics(string HallId, StatisticsPeriod Current, StatisticsPeriod Previous, IReadOnlyDictionary<string, double?> Change);

/// <summary>Every visible hall side by side (same filters, same periods), and all of them together.</summary>
public sealed record HallComparison(
    string? ServiceType,
    string? StaffId,
    string? Channel,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<HallStatistics> Halls,
    StatisticsReport Overall,
    IReadOnlyDictionary<string, string> Units);

/// <summary>A checked statistics request.</summary>
public sealed record StatisticsQuery(string? HallId, string? ServiceType, string? StaffId, string? Channel, DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// Statistics for a hall, a service type, a staff member, a channel and a period, compared with the previous period
/// and between halls, as JSON or CSV (docs/quality.md, "Statistics"). Staff see their halls only: a hall that is not
/// theirs is 403, and without a hall the figures cover their halls.
/// </summary>
public sealed partial class StatisticsReports(QualityDbContext db, IHallCallerAccessor callers, TimeProvider time)
{
    /// <summary>The longest period one request may cover: two years and a day.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(732);

    public static IReadOnlyDictionary<string, string> Units { get; } =
        Enum.GetValues<QualityMetric>().ToDictionary(m => m.ToWire(), StatisticsFormulas.UnitOf, StringComparer.Ordinal);

    /// <summary>Reads and checks the query's fields; null (with <paramref name="errors"/> filled) when any is wrong.</summary>
    public static StatisticsQuery? Parse(
        string? hallId, string? serviceType, string? staffId, string? channel, string? from, string? to, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var hall = HallIds.Check("hallId", hallId, errors);
        var type = Code("serviceType", serviceType, errors);
        var staff = Code("staffId", staffId, errors);
        var via = Code("channel", channel, errors);
        var start = InstantRange.Parse("from", from, errors);
        var end = InstantRange.Parse("to", to, errors);
        if (string.IsNullOrWhiteSpace(from))
        {
            errors.Add("from", "The from field is required.");
        }
        if (string.IsNullOrWhiteSpace(to))
        {
            errors.Add("to", "The to field is required.");
        }
        if (start is { } s && end is { } e)
        {
            if (s >= e)
            {
                errors.Add("from", "The from field must be earlier than the to field.");
            }
            else if (e - s > MaxPeriod)
            {
                errors.Add("to", "The period from from to to must not be longer than 732 days.");
            }
        }
        return errors.Any ? null : new StatisticsQuery(hall, type, staff, via, start!.Value, end!.Value);
    }

    /// <summary>The statistics of the query's scope, with the previous period and the change.</summary>
    public async Task<Outcome<StatisticsReport>> ReportAsync(StatisticsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var caller = callers.Current;
        if (query.HallId is { } hall && !caller.MayReachHall(hall))
        {
            return Outcome<StatisticsReport>.Forbidden("Not your hall.", $"The statistics of hall '{hall}' are not available to this caller: it is not one of their halls.");
        }
        var report = await BuildAsync(ScopeOf(query, query.HallId), query, time.GetUtcNow(), cancellationToken);
        return Outcome<StatisticsReport>.Ok(report);
    }

    /// <summary>Every hall the caller sees that has figures in the period (or only the query's hall), and all of them together.</summary>
    public async Task<Outcome<HallComparison>> CompareHallsAsync(StatisticsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var overall = await ReportAsync(query, cancellationToken);
        if (!overall.Succeeded)
        {
            return overall.CastFailure<HallComparison>();
        }
        var now = time.GetUtcNow();
        var visible = VisibleHalls();
        var halls = query.HallId is { } one
            ? [one]
            : await QualityStatistics.HallsAsync(db, visible, query.From - (query.To - query.From), query.To, cancellationToken);
        var rows = new List<HallStatistics>(halls.Count);
        foreach (var hall in halls)
        {
            var report = await BuildAsync(ScopeOf(query, hall), query, now, cancellationToken);
            rows.Add(new HallStatistics(hall, report.Current, report.Previous, report.Change));
        }
        return Outcome<HallComparison>.Ok(new HallComparison(query.ServiceType, query.StaffId, query.Channel, query.From, query.To, rows, overall.Value!, Units));
    }

    /// <summary>
    /// A comparison as CSV: one row per scope (each hall, then <c>all</c>) and metric, with its unit, value, basis,
    /// the previous period's value and basis, and the change.
    /// </summary>
    public static byte[] ToCsv(HallComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var csv = new CsvText().Row("hallId", "metric", "unit", "value", "basis", "previousValue", "previousBasis", "change", "from", "to");
        var from = Instant(comparison.From);
        var to = Instant(comparison.To);
        foreach (var (hall, current, previous, change) in comparison.Halls.Select(h => (h.HallId, h.Current, h.Previous, h.Change))
            .Append(("all", comparison.Overall.Current, comparison.Overall.Previous, comparison.Overall.Change)))
        {
            foreach (var metric in Enum.GetValues<QualityMetric>().Select(m => m.ToWire()))
            {
                csv.Row(hall, metric, Units[metric], Number(current.Figures[metric]), Number(current.Basis[metric]),
                    Number(previous.Figures[metric]), Number(previous.Basis[metric]), Number(change[metric]), from, to);
            }
        }
        return csv.ToBytes();
    }

    private async Task<StatisticsReport> BuildAsync(StatisticsScope scope, StatisticsQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var length = query.To - query.From;
        var current = await PeriodAsync(scope, query.From, query.To, now, cancellationToken);
        var previous = await PeriodAsync(scope, query.From - length, query.From, now, cancellationToken);
        var change = current.Figures.ToDictionary(f => f.Key, f => StatisticsFormulas.Change(f.Value, previous.Figures[f.Key]), StringComparer.Ordinal);
        return new StatisticsReport(scope.HallId, scope.ServiceType, scope.StaffId, scope.Channel, current, previous, change, Units);
    }

    private async Task<StatisticsPeriod> PeriodAsync(StatisticsScope scope, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counts = await QualityStatistics.CountAsync(db, scope, from, to, now, cancellationToken);
        return new StatisticsPeriod(from, to,
            StatisticsFormulas.Figures(counts).ToDictionary(f => f.Key.ToWire(), f => f.Value, StringComparer.Ordinal),
            counts.Basis.ToDictionary(b => b.Key.ToWire(), b => b.Value, StringComparer.Ordinal));
    }

    /// <summary>The figures of one hall over [from, to) for an evaluation meeting's snapshot: the defined ones only.</summary>
    public static async Task<Dictionary<QualityMetric, double>> HallFiguresAsync(
        QualityDbContext db, string hallId, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counts = await QualityStatistics.CountAsync(db, new StatisticsScope(hallId, null, null, null, null), from, to, now, cancellationToken);
        return StatisticsFormulas.Figures(counts).Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!.Value);
    }

    private StatisticsScope ScopeOf(StatisticsQuery query, string? hallId) =>
        new(hallId, hallId is null ? VisibleHalls() : null, query.ServiceType, query.StaffId, query.Channel);

    /// <summary>Null for callers that see every hall (services, staff with '*').</summary>
    private List<string>? VisibleHalls() => callers.Current.IsLimitedToHalls ? [.. callers.Current.Halls] : null;

    private static string? Code(string field, string? text, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var trimmed = text.Trim();
        if (!CodeShape().IsMatch(trimmed))
        {
            errors.Add(field, $"The {field} field must be 1 to {CaseFact.MaxCodeLength} letters, digits, '-', '_', '.' or ':', starting with a letter or digit.");
            return null;
        }
        return trimmed;
    }

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Number(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeShape();
}
