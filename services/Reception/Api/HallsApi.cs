using System.ComponentModel.DataAnnotations;
using System.Globalization;
using HallPlatform.Reception.Application.Board;
using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Queue;
using HallPlatform.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Reception.Api;

/// <summary>Hall-wide routes: boards (snapshot and live SSE feed), public wait times, KPIs, end of day, reconcile.</summary>
public static class HallsApi
{
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapHallsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/halls/{hallId}")
            .WithTag("Halls", "A hall as a whole: its catalogue entry, call board, wait times, KPIs and end of day.");
        group.MapPut("/", PutAsync).WithName("PutHall")
            .WithSummary("Create or rename a hall")
            .WithDescription("Catalogue administration: `{ name }` creates the hall (201) or renames it (200). Halls exist only through this route.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/board", BoardAsync).WithName("GetBoard")
            .WithSummary("Get the call board")
            .WithDescription("The hall's latest calls, as the board in the hall shows them (no personal data).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/board/stream", StreamAsync).WithName("StreamBoard")
            .WithSummary("Follow the call board (Server-Sent Events)")
            .WithDescription("A `text/event-stream` of the hall's calls: each event is `id: <n>`, `event: called` or `recalled`, "
                + "and `data:` one BoardEvent as JSON. A `Last-Event-ID` header replays the missed events still on the board; "
                + "a comment line every 15 s keeps the stream open.")
            .Produces<BoardEvent>(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/wait-times", WaitTimesAsync).WithName("GetWaitTimes")
            .WithSummary("Get the wait times")
            .WithDescription("Per service type: people waiting, the estimated wait for a walk-in arriving now, open counters.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/kpis", KpisAsync).WithName("GetKpis")
            .WithSummary("Get the hall's KPIs")
            .WithDescription("Queue figures for `[from, to)` (optionally one `serviceType`): visits, waits, service times, no-shows.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/close-day", CloseDayAsync).WithName("CloseDay")
            .WithSummary("Close the business day")
            .WithDescription("Ends every open visit of the hall as closed at day end and empties its queues.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/reconcile", ReconcileAsync).WithName("ReconcileQueue")
            .WithSummary("Reconcile the queue")
            .WithDescription("Rebuilds the hall's queue state in Redis from the database (after a Redis loss).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    /// <summary>201 for a new hall, 200 for a renamed one; its catalogue follows with the service-type and counter PUTs.</summary>
    private static async Task<Results<Created<HallResponse>, Ok<HallResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string hallId, HallRequest request, CatalogueHandling handling, CancellationToken cancellationToken) =>
        (await handling.PutHallAsync(new PutHallCommand(hallId, request.Name), cancellationToken))
            .ToCreatedOrOk(HallResponse.From, hall => $"/api/v1/halls/{hall.HallId}");

    private static async Task<Results<Ok<BoardResponse>, ValidationProblem, ProblemHttpResult>> BoardAsync(
        string hallId, HallQueries queries, CancellationToken cancellationToken) =>
        (await queries.BoardAsync(hallId, cancellationToken)).ToOk(calls => new BoardResponse(hallId, calls));

    private static async Task<Results<Ok<WaitTimesResponse>, ValidationProblem, ProblemHttpResult>> WaitTimesAsync(
        string hallId, HallQueries queries, CancellationToken cancellationToken) =>
        (await queries.WaitTimesAsync(hallId, cancellationToken)).ToOk(rows => new WaitTimesResponse(hallId, rows));

    private static async Task<Results<Ok<KpiReport>, ValidationProblem, ProblemHttpResult>> KpisAsync(
        string hallId, [MaxLength(40)] string? from, [MaxLength(40)] string? to, string? serviceType, HallQueries queries,
        CancellationToken cancellationToken) =>
        (await queries.KpisAsync(hallId, from, to, serviceType, cancellationToken)).ToOk(report => report);

    private static async Task<Results<Ok<CloseDayResult>, ValidationProblem, ProblemHttpResult>> CloseDayAsync(
        string hallId, HallOperations operations, CancellationToken cancellationToken) =>
        (await operations.CloseDayAsync(hallId, cancellationToken)).ToOk(result => result);

    private static async Task<Results<Ok<ReconcileResult>, ValidationProblem, ProblemHttpResult>> ReconcileAsync(
        string hallId, HallOperations operations, CancellationToken cancellationToken) =>
        (await operations.ReconcileAsync(hallId, cancellationToken)).ToOk(result => result);

    /// <summary>
    /// Server-Sent Events of the hall's calls (event: called | recalled, id: the board event id, data: JSON without
    /// personal data). A Last-Event-ID header replays the missed events still in the last-10 list. A comment line
    /// every 15 s keeps proxies from closing an idle stream.
    /// </summary>
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> StreamAsync(
        string hallId, HttpContext http, HallQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var opened = await queries.OpenBoardStreamAsync(hallId, cancellationToken);
        if (!opened.Succeeded)
        {
            return opened.ToProblem();
        }
        var (subscription, recent) = opened.Value!;
        using (subscription)
        {
            var response = http.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            var lastSent = 0L;
            if (long.TryParse(http.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var lastEventId))
            {
                foreach (var payload in recent.Reverse())
                {
                    lastSent = await WriteEventAsync(response, payload, hallId, lastEventId, cancellationToken) ?? lastSent;
                }
                lastSent = Math.Max(lastSent, lastEventId);
            }
            await response.WriteAsync(": connected\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var keepAlive = Task.Delay(KeepAliveInterval, time, wait.Token);
                    var next = subscription.Events.WaitToReadAsync(wait.Token).AsTask();
                    if (await Task.WhenAny(next, keepAlive) == keepAlive)
                    {
                        await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    }
                    else if (!await next)
                    {
                        break;
                    }
                    await wait.CancelAsync();
                    while (subscription.Events.TryRead(out var payload))
                    {
                        lastSent = await WriteEventAsync(response, payload, hallId, lastSent, cancellationToken) ?? lastSent;
                    }
                    await response.Body.FlushAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The board went away.
            }
        }
        return TypedResults.Empty;
    }

    /// <summary>Writes one event unless it is not newer than <paramref name="after"/>; returns its id when written.</summary>
    private static async Task<long?> WriteEventAsync(HttpResponse response, string payload, string hallId, long after, CancellationToken cancellationToken)
    {
        if (BoardAnnouncer.Parse(payload, hallId) is not { } boardEvent || boardEvent.Id <= after)
        {
            return null;
        }
        await response.WriteAsync($"id: {boardEvent.Id}\nevent: {boardEvent.Event}\ndata: {payload}\n\n", cancellationToken);
        return boardEvent.Id;
    }
}

public sealed record BoardResponse(string HallId, IReadOnlyList<BoardEvent> RecentCalls);

public sealed record WaitTimesResponse(string HallId, IReadOnlyList<WaitTimeView> ServiceTypes);

public sealed record HallRequest(string? Name);

public sealed record HallResponse(string HallId, string Name)
{
    public static HallResponse From(HallView view) => new(view.HallId, view.Name);
}
