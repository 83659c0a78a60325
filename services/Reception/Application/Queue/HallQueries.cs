using HallPlatform.Reception.Application.Board;
using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using HallPlatform.Application;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Reception.Application.Queue;

public sealed record KpiRow(string? ServiceType, KpiFigures Figures);

public sealed record KpiReport(string HallId, DateTimeOffset From, DateTimeOffset To, KpiRow Total, IReadOnlyList<KpiRow> ByServiceType);

/// <summary>A board's live feed: its subscription, and the recent events (newest first) to replay after a reconnect.</summary>
public sealed record OpenedBoard(BoardSubscription Subscription, IReadOnlyList<string> Recent);

/// <summary>What boards and managers read about a hall: recent calls, public wait times, KPIs.</summary>
public sealed class HallQueries(
    ReceptionDbContext db,
    QueueStore queue,
    HallCatalogue catalogue,
    WaitEstimator estimator,
    HallClock clock,
    HallAccess access,
    BoardFeed feed,
    ILogger<HallQueries> logger)
{
    /// <summary>The last 10 calls on the hall's boards, newest first.</summary>
    public async Task<Outcome<IReadOnlyList<BoardEvent>>> BoardAsync(string hallId, CancellationToken cancellationToken)
    {
        if (await catalogue.LoadAsync(hallId, cancellationToken) is null)
        {
            return Outcome<IReadOnlyList<BoardEvent>>.NotFoundById("Hall", hallId);
        }
        try
        {
            var recent = await queue.RecentBoardEventsAsync(hallId);
            return Outcome<IReadOnlyList<BoardEvent>>.Ok([.. recent.Select(json => BoardAnnouncer.Parse(json, hallId)).OfType<BoardEvent>()]);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            Log.QueueUnavailable(logger, ex);
            return Outcome<IReadOnlyList<BoardEvent>>.Unavailable("The board is unreachable. Please try again.");
        }
    }

    /// <summary>Subscribes a board to the hall's calls; the caller disposes the subscription when the board goes away.</summary>
    public async Task<Outcome<OpenedBoard>> OpenBoardStreamAsync(string hallId, CancellationToken cancellationToken)
    {
        if (await catalogue.LoadAsync(hallId, cancellationToken) is null)
        {
            return Outcome<OpenedBoard>.NotFoundById("Hall", hallId);
        }
        BoardSubscription? subscription = null;
        try
        {
            // Subscribe before reading the replay, so nothing falls between the two.
            subscription = await feed.SubscribeAsync(hallId);
            var recent = await queue.RecentBoardEventsAsync(hallId);
            return Outcome<OpenedBoard>.Ok(new OpenedBoard(subscription, recent));
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            subscription?.Dispose();
            Log.QueueUnavailable(logger, ex);
            return Outcome<OpenedBoard>.Unavailable("The board feed is unreachable. Please try again.");
        }
    }

    /// <summary>Public wait times: per service type, how many wait and what a walk-in arriving now would wait.</summary>
    public async Task<Outcome<IReadOnlyList<WaitTimeView>>> WaitTimesAsync(string hallId, CancellationToken cancellationToken)
    {
        var hall = await catalogue.LoadAsync(hallId, cancellationToken);
        if (hall is null)
        {
            return Outcome<IReadOnlyList<WaitTimeView>>.NotFoundById("Hall", hallId);
        }
        try
        {
            var rows = new List<WaitTimeView>(hall.ServiceTypes.Count);
            foreach (var type in hall.ServiceTypes)
            {
                rows.Add(await estimator.ForNewArrivalAsync(hall, type));
            }
            return Outcome<IReadOnlyList<WaitTimeView>>.Ok(rows);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            Log.QueueUnavailable(logger, ex);
            return Outcome<IReadOnlyList<WaitTimeView>>.Unavailable("The queue is unreachable. Please try again.");
        }
    }

    /// <summary>
    /// KPIs of the visits that arrived in [from, to) (default: the hall's business day so far), in total and per
    /// service type, from the system of record.
    /// </summary>
    public async Task<Outcome<KpiReport>> KpisAsync(string hallId, string? fromText, string? toText, string? serviceType,
        CancellationToken cancellationToken)
    {
        // Boards and wait times are public; KPIs only for staff of the hall (the gateway checks too).
        var hall = access.MayWorkIn(hallId) ? await catalogue.LoadAsync(hallId, cancellationToken) : null;
        if (hall is null)
        {
            return Outcome<KpiReport>.NotFoundById("Hall", hallId);
        }
        var errors = new FieldErrors();
        if (serviceType is not null && hall.FindServiceType(serviceType) is null)
        {
            errors.Add("serviceType", $"Unknown service type '{serviceType}' for hall '{hallId}'.");
        }
        var from = InstantRange.Parse("from", fromText, errors);
        var to = InstantRange.Parse("to", toText, errors);
        // A bound given but unreadable or out of range is already an error; the period's order then says nothing more.
        var periodRead = (from is not null || string.IsNullOrWhiteSpace(fromText)) && (to is not null || string.IsNullOrWhiteSpace(toText));
        var now = clock.Now();
        var start = from ?? StartOfBusinessDay(now);
        var end = to ?? now;
        if (periodRead && end < start)
        {
            errors.Add("to", "The end of the period must not be before its start.");
        }
        if (errors.Any)
        {
            return Outcome<KpiReport>.Invalid(errors.ToDictionary());
        }

        var query = db.Visits.AsNoTracking().Where(v => v.HallId == hallId && v.ArrivedAt >= start && v.ArrivedAt < end);
        if (serviceType is not null)
        {
            query = query.Where(v => v.ServiceType == serviceType);
        }
        var visits = await query.Select(v => new KpiVisit(v.ServiceType, v.Status, v.ArrivedAt, v.FirstCalledAt, v.CalledAt, v.CompletedAt))
            .ToListAsync(cancellationToken);
        int Target(string code) => hall.ServiceLevelSeconds(code);
        var byType = hall.ServiceTypes.Where(t => serviceType is null || t.Code == serviceType)
            .Select(t => new KpiRow(t.Code, KpiCalculator.Compute([.. visits.Where(v => v.ServiceType == t.Code)], Target)))
            .ToList();
        return Outcome<KpiReport>.Ok(new KpiReport(hallId, start, end, new KpiRow(serviceType, KpiCalculator.Compute(visits, Target)), byType));
    }

    private DateTimeOffset StartOfBusinessDay(DateTimeOffset now)
    {
        var day = clock.BusinessDay(now).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(day, clock.Zone.GetUtcOffset(day)).ToUniversalTime();
    }
}
