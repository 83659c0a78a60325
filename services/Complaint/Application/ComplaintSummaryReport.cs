using System.Globalization;
using System.Text;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Complaint.Data;
using HallPlatform.Complaint.Domain;
using HallPlatform.Identity;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Complaint.Application;

/// <summary>A count under a key (category, channel, department, root cause, outcome), with a display name when there is one.</summary>
public sealed record SummaryCount(string Key, string? Name, int Count);

/// <summary>Nearest-rank median and 90th percentile of a duration, in whole seconds, over <c>Count</c> complaints.</summary>
public sealed record DurationFigures(int Count, long? MedianSeconds, long? P90Seconds);

/// <summary>A top root cause with the count of the previous period of equal length and its improvement suggestion.</summary>
public sealed record RootCauseTrend(string Code, string Name, int Count, int PreviousCount, int Change, string ImprovementSuggestion);

/// <summary>The management-review summary of the complaints received in [from, to) in the given halls.</summary>
public sealed record ComplaintSummaryReport(
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<string> HallIds,
    int Total,
    IReadOnlyList<SummaryCount> ByCategory,
    IReadOnlyList<SummaryCount> ByChannel,
    IReadOnlyList<SummaryCount> ByDepartment,
    IReadOnlyList<SummaryCount> ByRootCause,
    IReadOnlyList<SummaryCount> ByOutcome,
    DurationFigures TimeToFirstResponse,
    DurationFigures TimeToResolution,
    int AnsweredWithin15Days,
    int DueOrAnswered,
    double? AnsweredWithin15DaysShare,
    int RepeatComplainants,
    IReadOnlyList<RootCauseTrend> TopRootCauses);

/// <summary>Query of the summary, checked.</summary>
public sealed record SummaryQuery(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> HallIds);

/// <summary>
/// Builds the periodic complaint summary (docs/complaints.md, "Periodic summary"): counts, nearest-rank percentiles,
/// the 15-day share, repeat complainants and the top root causes against the previous period. Halls limited to the
/// caller's; complaints about the caller are left out as everywhere.
/// </summary>
public sealed class ComplaintSummaryBuilder(ComplaintDbContext db, AuditTrail audit, IHallCallerAccessor callers, TimeProvider time)
{
    public const int MaxPeriodDays = 366;
    public const int TopRootCauseCount = 5;
    public const string NoDepartment = "unassigned";
    public const string NoRootCause = "none";
    public const string Open = "open";
    public const string Withdrawn = "withdrawn";

    /// <summary>Checks the query text: from and to required (to after from, at most 366 days), halls a comma-separated list.</summary>
    public static SummaryQuery? Parse(string? from, string? to, string? halls, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var fromValue = Instant("from", from, errors);
        var toValue = Instant("to", to, errors);
        var hallIds = new List<string>();
        if (!string.IsNullOrEmpty(halls))
        {
            foreach (var hall in halls.Split(','))
            {
                if (!HallIdsValid(hall))
                {
                    errors.Add("halls", "halls is a comma-separated list of hall ids (" + HallPlatform.Application.HallIds.InvalidMessage("halls") + ")");
                    break;
                }
                hallIds.Add(hall);
            }
            if (hallIds.Count > 50)
            {
                errors.Add("halls", "At most 50 halls.");
            }
        }
        if (fromValue is { } f && toValue is { } t && (t <= f || t - f > TimeSpan.FromDays(MaxPeriodDays)))
        {
            errors.Add("to", $"to must be after from, at most {MaxPeriodDays} days later.");
        }
        return errors.Any ? null : new SummaryQuery(fromValue!.Value, toValue!.Value, [.. hallIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }

    public async Task<Outcome<ComplaintSummaryReport>> BuildAsync(SummaryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var caller = callers.Current;
        if (caller.IsLimitedToHalls && query.HallIds.Any(h => !caller.MayReachHall(h)))
        {
            return Outcome<ComplaintSummaryReport>.Forbidden("Not your hall.", "The summary covers only halls of the caller.");
        }
        var halls = query.HallIds.Count > 0 ? query.HallIds : caller.IsLimitedToHalls ? [.. caller.Halls] : [];
        var length = query.To - query.From;
        var previousFrom = query.From - length;
        var rows = await Scope(db.Complaints.AsNoTracking(), caller, halls)
            .Where(c => c.ReceivedAt >= previousFrom && c.ReceivedAt < query.To)
            .Select(c => new Row(c.ComplaintId, c.ReceivedAt, c.Category, c.Channel, c.DepartmentId, c.RootCauseCode, c.Status, c.Outcome,
                c.FirstResponseAt, c.ResponseDueAt, c.ClosedAt, c.CustomerPhoneRef))
            .ToListAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.DepartmentId, d => d.Name, cancellationToken);
        var causes = await db.RootCauses.AsNoTracking().ToDictionaryAsync(r => r.Code, cancellationToken);
        var current = rows.Where(r => r.ReceivedAt >= query.From).ToList();
        var previous = rows.Where(r => r.ReceivedAt < query.From).ToList();
        var now = time.GetStoredUtcNow();

        var due = current.Where(r => r.Outcome != ComplaintOutcome.Merged && (r.FirstResponseAt is not null || (r.ResponseDueAt <= now && r.Status != ComplaintStatus.Withdrawn))).ToList();
        var within = due.Count(r => r.FirstResponseAt is { } at && at <= r.ResponseDueAt);
        var previousByCause = previous.Where(r => r.RootCauseCode is not null).GroupBy(r => r.RootCauseCode!).ToDictionary(g => g.Key, g => g.Count());
        var top = current.Where(r => r.RootCauseCode is not null)
            .GroupBy(r => r.RootCauseCode!)
            .Select(g => (Code: g.Key, Count: g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Code, StringComparer.Ordinal)
            .Take(TopRootCauseCount)
            .Select(g =>
            {
                var before = previousByCause.GetValueOrDefault(g.Code);
                var cause = causes.GetValueOrDefault(g.Code);
                return new RootCauseTrend(g.Code, cause?.Name ?? g.Code, g.Count, before, g.Count - before, cause?.ImprovementSuggestion ?? "");
            })
            .ToList();

        var report = new ComplaintSummaryReport(
            query.From, query.To, halls, current.Count,
            CountBy(current, r => r.Category.ToWire(), null),
            CountBy(current, r => r.Channel.ToWire(), null),
            CountBy(current, r => r.DepartmentId ?? NoDepartment, key => departments.GetValueOrDefault(key)),
            CountBy(current, r => r.RootCauseCode ?? NoRootCause, key => causes.GetValueOrDefault(key)?.Name),
            CountBy(current, r => r.Outcome?.ToWire() ?? (r.Status == ComplaintStatus.Withdrawn ? Withdrawn : Open), null),
            Durations(current.Where(r => r.FirstResponseAt is not null).Select(r => r.FirstResponseAt!.Value - r.ReceivedAt)),
            Durations(current.Where(r => r.ClosedAt is not null && r.Outcome is ComplaintOutcome.Satisfied or ComplaintOutcome.Unconfirmed)
                .Select(r => r.ClosedAt!.Value - r.ReceivedAt)),
            within, due.Count,
            due.Count == 0 ? null : Math.Round((double)within / due.Count, 4),
            current.Where(r => r.CustomerPhoneRef is not null).GroupBy(r => r.CustomerPhoneRef).Count(g => g.Count() >= 2),
            top);
        await audit.RecordReadAsync(ComplaintAudit.SummaryReadAction, ComplaintAudit.RecordType, AuditEntry.CollectionRecordId, null,
            new { query.From, query.To, halls, report.Total }, cancellationToken);
        return Outcome<ComplaintSummaryReport>.Ok(report);
    }

    /// <summary>
    /// The p-th percentile by the nearest-rank method: sort ascending, take the value at rank ceil(p / 100 * n)
    /// (1-based). Null for no values.
    /// </summary>
    public static long? NearestRank(IReadOnlyList<long> sortedAscending, int percentile)
    {
        ArgumentNullException.ThrowIfNull(sortedAscending);
        if (sortedAscending.Count == 0)
        {
            return null;
        }
        var rank = (int)Math.Ceiling(percentile / 100.0 * sortedAscending.Count);
        return sortedAscending[Math.Clamp(rank, 1, sortedAscending.Count) - 1];
    }

    /// <summary>
    /// The summary as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled),
    /// UTF-8 with a byte order mark so spreadsheet tools read Chinese text correctly. One row per figure.
    /// </summary>
    public static byte[] ToCsv(ComplaintSummaryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new CsvText();
        void Row(params string?[] fields) => csv.Row(fields);
        static string Num(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

        Row("section", "key", "name", "count", "previousCount", "value", "improvementSuggestion");
        Row("period", "from", null, null, null, report.From.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), null);
        Row("period", "to", null, null, null, report.To.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), null);
        Row("period", "halls", null, null, null, report.HallIds.Count == 0 ? "*" : string.Join(' ', report.HallIds), null);
        Row("total", "complaints", null, Num(report.Total), null, null, null);
        foreach (var (section, counts) in new[]
        {
            ("category", report.ByCategory), ("channel", report.ByChannel), ("department", report.ByDepartment),
            ("rootCause", report.ByRootCause), ("outcome", report.ByOutcome),
        })
        {
            foreach (var count in counts)
            {
                Row(section, count.Key, count.Name, Num(count.Count), null, null, null);
            }
        }
        Row("time", "firstResponseMedianSeconds", null, Num(report.TimeToFirstResponse.Count), null, Num(report.TimeToFirstResponse.MedianSeconds), null);
        Row("time", "firstResponseP90Seconds", null, Num(report.TimeToFirstResponse.Count), null, Num(report.TimeToFirstResponse.P90Seconds), null);
        Row("time", "resolutionMedianSeconds", null, Num(report.TimeToResolution.Count), null, Num(report.TimeToResolution.MedianSeconds), null);
        Row("time", "resolutionP90Seconds", null, Num(report.TimeToResolution.Count), null, Num(report.TimeToResolution.P90Seconds), null);
        Row("share", "answeredWithin15Days", null, Num(report.AnsweredWithin15Days), Num(report.DueOrAnswered),
            report.AnsweredWithin15DaysShare?.ToString("0.####", CultureInfo.InvariantCulture), null);
        Row("repeat", "complainants", null, Num(report.RepeatComplainants), null, null, null);
        foreach (var trend in report.TopRootCauses)
        {
            Row("topRootCause", trend.Code, trend.Name, Num(trend.Count), Num(trend.PreviousCount), Num(trend.Change), trend.ImprovementSuggestion);
        }
        return csv.ToBytes();
    }

    private static IQueryable<CustomerComplaint> Scope(IQueryable<CustomerComplaint> complaints, HallCaller caller, IReadOnlyList<string> halls)
    {
        if (caller.Kind == CallerKind.Staff)
        {
            var self = caller.Id;
            complaints = complaints.Where(c => c.RelatedStaffId == null || c.RelatedStaffId != self);
        }
        if (halls.Count > 0)
        {
            var list = halls.ToList();
            complaints = complaints.Where(c => list.Contains(c.HallId));
        }
        return complaints;
    }

    private static List<SummaryCount> CountBy(IEnumerable<Row> rows, Func<Row, string> key, Func<string, string?>? name) =>
        [.. rows.GroupBy(key)
            .Select(g => new SummaryCount(g.Key, name?.Invoke(g.Key), g.Count()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal)];

    private static DurationFigures Durations(IEnumerable<TimeSpan> durations)
    {
        var seconds = durations.Select(d => (long)d.TotalSeconds).Order().ToList();
        return new DurationFigures(seconds.Count, NearestRank(seconds, 50), NearestRank(seconds, 90));
    }

    private static DateTimeOffset? Instant(string field, string? text, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(field, $"The {field} field is required (an ISO 8601 instant with an offset, e.g. 2026-03-01T00:00:00Z).");
            return null;
        }
        if (text.Length > 40 || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            errors.Add(field, $"The {field} field must be an ISO 8601 instant, e.g. 2026-03-01T00:00:00Z.");
            return null;
        }
        return InstantRange.Check(field, value, errors) ? value.ToUniversalTime() : null;
    }

    private static bool HallIdsValid(string hall) => HallPlatform.Application.HallIds.IsValid(hall);

    private sealed record Row(
        string ComplaintId, DateTimeOffset ReceivedAt, ComplaintCategory Category, ComplaintChannel Channel, string? DepartmentId,
        string? RootCauseCode, ComplaintStatus Status, ComplaintOutcome? Outcome, DateTimeOffset? FirstResponseAt, DateTimeOffset ResponseDueAt,
        DateTimeOffset? ClosedAt, string? CustomerPhoneRef);
}
