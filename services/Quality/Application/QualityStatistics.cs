using HallPlatform.Quality.Data;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace HallPlatform.Quality.Application;

/// <summary>
/// Which cases a set of statistics covers. <c>HallId</c>, <c>ServiceType</c>, <c>StaffId</c> and <c>Channel</c> are
/// the caller's filters (null: any); <c>VisibleHalls</c> limits a staff caller to their halls (null: every hall,
/// partner tickets without a hall included).
/// </summary>
public sealed record StatisticsScope(string? HallId, IReadOnlyList<string>? VisibleHalls, string? ServiceType, string? StaffId, string? Channel);

/// <summary>
/// Reads <see cref="StatisticsCounts"/> from Quality's own tables: <c>case_facts</c> (fed by the other services'
/// events), <c>survey_responses</c> and <c>follow_up_cases</c>. Each area is one aggregate statement in PostgreSQL;
/// the p90 is <c>percentile_disc(0.9)</c>, the nearest-rank percentile. Definitions: docs/quality.md, "Statistics".
/// </summary>
public static class QualityStatistics
{
    // The filters every area shares: the hall on the table that holds it, the others on the case's facts.
    private static string Filters(string hallColumn, string serviceTypeColumn, string facts) => $"""
        (@hall IS NULL OR {hallColumn} = @hall)
        AND (@halls IS NULL OR {hallColumn} = ANY(@halls))
        AND (@service_type IS NULL OR {serviceTypeColumn} = @service_type)
        AND (@staff IS NULL OR {facts}.staff_id = @staff)
        AND (@channel IS NULL OR {facts}.channel = @channel)
        """;

    private static readonly string VisitsSql = $"""
        SELECT count(*)::int AS "Ended",
               count(*) FILTER (WHERE f.end_state = 'completed')::int AS "Served",
               count(*) FILTER (WHERE f.end_state = 'noShow')::int AS "NoShows",
               count(f.wait_seconds)::int AS "Called",
               avg(f.wait_seconds) AS "WaitAverage",
               percentile_disc(0.9) WITHIN GROUP (ORDER BY f.wait_seconds) AS "WaitP90",
               avg(f.service_seconds) AS "ServiceAverage",
               count(*) FILTER (WHERE f.wait_seconds IS NOT NULL AND f.service_level_seconds IS NOT NULL)::int AS "WithServiceLevel",
               count(*) FILTER (WHERE f.wait_seconds <= f.service_level_seconds)::int AS "WithinServiceLevel"
        FROM case_facts f
        WHERE f.case_kind = 'visit' AND f.finished_at >= @from AND f.finished_at < @to
          AND {Filters("f.hall_id", "f.service_type", "f")}
        """;

    // A ticket counts for the SLA when it was resolved in the period (within or outside its due time), or when its due
    // time passed in the period (before now) while it was still open and not paused pending on the customer.
    private static readonly string TicketsSql = $"""
        SELECT count(*) FILTER (WHERE f.finished_at >= @from AND f.finished_at < @to)::int AS "Resolved",
               avg(f.repair_seconds) FILTER (WHERE f.finished_at >= @from AND f.finished_at < @to) AS "RepairAverage",
               count(*) FILTER (WHERE f.finished_at >= @from AND f.finished_at < @to AND f.met_target)::int AS "WithinSla",
               count(*) FILTER (WHERE (f.finished_at >= @from AND f.finished_at < @to AND NOT f.met_target)
                   OR (f.finished_at IS NULL AND f.status NOT IN ('pending', 'cancelled', 'rejected', 'resolved', 'closed')
                       AND f.due_at >= @from AND f.due_at < LEAST(@to, @now)))::int AS "OutsideSla"
        FROM case_facts f
        WHERE f.case_kind = 'trouble-ticket' AND ((f.finished_at >= @from AND f.finished_at < @to) OR (f.due_at >= @from AND f.due_at < @to))
          AND {Filters("f.hall_id", "f.service_type", "f")}
        """;

    // The 15-day rule: a complaint first answered in the period counts within or outside its deadline; one whose
    // deadline passed in the period (before now) with no answer, and that is not closed or withdrawn, counts outside.
    private static readonly string ComplaintsSql = $"""
        SELECT count(*) FILTER (WHERE f.first_response_at >= @from AND f.first_response_at < @to)::int AS "Answered",
               avg(extract(epoch FROM f.first_response_at - f.opened_at)::float8)
                   FILTER (WHERE f.first_response_at >= @from AND f.first_response_at < @to) AS "FirstResponseAverage",
               count(*) FILTER (WHERE f.finished_at >= @from AND f.finished_at < @to AND f.end_state IS DISTINCT FROM 'merged')::int AS "Closed",
               avg(extract(epoch FROM f.finished_at - f.opened_at)::float8)
                   FILTER (WHERE f.finished_at >= @from AND f.finished_at < @to AND f.end_state IS DISTINCT FROM 'merged') AS "ResolutionAverage",
               count(*) FILTER (WHERE f.first_response_at >= @from AND f.first_response_at < @to AND f.met_target)::int AS "InTime",
               count(*) FILTER (WHERE (f.first_response_at >= @from AND f.first_response_at < @to AND NOT f.met_target)
                   OR (f.first_response_at IS NULL AND f.status NOT IN ('closed', 'withdrawn')
                       AND f.due_at >= @from AND f.due_at < LEAST(@to, @now)))::int AS "Late"
        FROM case_facts f
        WHERE f.case_kind = 'complaint'
          AND ((f.first_response_at >= @from AND f.first_response_at < @to) OR (f.finished_at >= @from AND f.finished_at < @to)
               OR (f.due_at >= @from AND f.due_at < @to))
          AND {Filters("f.hall_id", "f.service_type", "f")}
        """;

    // Survey answers of the period; the hall is the answer's, the other filters the answered case's.
    private static readonly string SurveySql = $"""
        SELECT count(*)::int AS "Responses",
               count(*) FILTER (WHERE r."CsatScore" >= {SatisfactionFormulas.SatisfiedFromCsat})::int AS "Satisfied",
               count(*) FILTER (WHERE r."NpsScore" >= {SatisfactionFormulas.PromoterFromNps})::int AS "Promoters",
               count(*) FILTER (WHERE r."NpsScore" <= {SatisfactionFormulas.DetractorUpToNps})::int AS "Detractors",
               count(r."FirstContactResolved")::int AS "FcrAnswered",
               count(*) FILTER (WHERE r."FirstContactResolved")::int AS "FcrResolved"
        FROM survey_responses r
        LEFT JOIN case_facts f ON f.case_kind = r."CaseType" AND f.case_id = r."CaseId"
        WHERE r."AnsweredAt" >= @from AND r."AnsweredAt" < @to
          AND {Filters("r.\"HallId\"", "f.service_type", "f")}
        """;

    // Follow-up coverage: the cases finished in the period (the ones a follow-up may be about) and how many of them
    // have a survey answer, by callback, link or form.
    private static readonly string CoverageSql = $"""
        SELECT count(*)::int AS "Finished", count(r."ResponseId")::int AS "Answered"
        FROM follow_up_cases c
        LEFT JOIN case_facts f ON f.case_kind = c.case_kind AND f.case_id = c.case_id
        LEFT JOIN survey_responses r ON r."CaseType" = c.case_kind AND r."CaseId" = c.case_id
        WHERE c.completed_at >= @from AND c.completed_at < @to
          AND {Filters("c.hall_id", "c.service_type", "f")}
        """;

    /// <summary>The counts of <paramref name="scope"/> over [from, to); <paramref name="now"/> decides which deadlines have passed.</summary>
    public static async Task<StatisticsCounts> CountAsync(
        QualityDbContext db, StatisticsScope scope, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var visits = await SingleAsync<VisitRow>(db, VisitsSql, scope, from, to, now, cancellationToken);
        var tickets = await SingleAsync<TicketRow>(db, TicketsSql, scope, from, to, now, cancellationToken);
        var complaints = await SingleAsync<ComplaintRow>(db, ComplaintsSql, scope, from, to, now, cancellationToken);
        var survey = await SingleAsync<SurveyRow>(db, SurveySql, scope, from, to, now, cancellationToken);
        var coverage = await SingleAsync<CoverageRow>(db, CoverageSql, scope, from, to, now, cancellationToken);
        return new StatisticsCounts(
            new SatisfactionTally(survey.Responses, survey.Satisfied, survey.Promoters, survey.Detractors), survey.FcrAnswered, survey.FcrResolved,
            visits.Ended, visits.Served, visits.NoShows, visits.Called, visits.WaitAverage, visits.WaitP90, visits.ServiceAverage,
            visits.WithServiceLevel, visits.WithinServiceLevel,
            tickets.Resolved, tickets.RepairAverage, tickets.WithinSla, tickets.OutsideSla,
            complaints.Answered, complaints.FirstResponseAverage, complaints.Closed, complaints.ResolutionAverage, complaints.InTime, complaints.Late,
            coverage.Finished, coverage.Answered);
    }

    /// <summary>
    /// The halls with anything to count in [from, to) (facts finished, answered or due, answers, finished cases), of
    /// those <paramref name="visibleHalls"/> allows; in order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> HallsAsync(
        QualityDbContext db, IReadOnlyList<string>? visibleHalls, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        const string sql = """
            SELECT hall_id AS "Value" FROM case_facts
            WHERE hall_id IS NOT NULL AND ((finished_at >= @from AND finished_at < @to) OR (first_response_at >= @from AND first_response_at < @to)
                  OR (due_at >= @from AND due_at < @to))
            UNION SELECT "HallId" FROM survey_responses WHERE "AnsweredAt" >= @from AND "AnsweredAt" < @to
            UNION SELECT hall_id FROM follow_up_cases WHERE hall_id IS NOT NULL AND completed_at >= @from AND completed_at < @to
            """;
        var halls = await db.Database.SqlQueryRaw<string>(sql, Timestamp("from", from), Timestamp("to", to)).ToListAsync(cancellationToken);
        return [.. halls.Where(h => visibleHalls is null || visibleHalls.Contains(h, StringComparer.Ordinal)).Order(StringComparer.Ordinal)];
    }

    private static async Task<T> SingleAsync<T>(
        QualityDbContext db, string sql, StatisticsScope scope, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var parameters = new object[]
        {
            Timestamp("from", from), Timestamp("to", to), Timestamp("now", now),
            Text("hall", scope.HallId), Text("service_type", scope.ServiceType), Text("staff", scope.StaffId), Text("channel", scope.Channel),
            new NpgsqlParameter("halls", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = scope.VisibleHalls is { } halls ? halls.ToArray() : DBNull.Value },
        };
        // An aggregate without GROUP BY always returns exactly one row.
        return (await db.Database.SqlQueryRaw<T>(sql, parameters).ToListAsync(cancellationToken)).Single();
    }

    private static NpgsqlParameter Timestamp(string name, DateTimeOffset value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value.ToUniversalTime() };

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = value is null ? DBNull.Value : value };

    private sealed record VisitRow(int Ended, int Served, int NoShows, int Called, double? WaitAverage, double? WaitP90, double? ServiceAverage,
        int WithServiceLevel, int WithinServiceLevel);

    private sealed record TicketRow(int Resolved, double? RepairAverage, int WithinSla, int OutsideSla);

    private sealed record ComplaintRow(int Answered, double? FirstResponseAverage, int Closed, double? ResolutionAverage, int InTime, int Late);

    private sealed record SurveyRow(int Responses, int Satisfied, int Promoters, int Detractors, int FcrAnswered, int FcrResolved);

    private sealed record CoverageRow(int Finished, int Answered);
}
