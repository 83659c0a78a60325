using HallPlatform.Application;
using HallPlatform.Data;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace HallPlatform.Reception.Application.Cases;

/// <summary>
/// Retries the case requests still pending (the owner was down, slow or refused): every few seconds it claims the
/// due rows and sends each through <see cref="CaseRequestSender"/> until the owner opens the case. Claiming moves a
/// row's next attempt past the send hold in one statement under <c>FOR UPDATE SKIP LOCKED</c>, so two replicas
/// never send the same row at once, and a replica that dies mid-send only delays the row until the hold ends.
/// Looking is not traced (an idle dispatcher makes no traces); each send is, in the journey's trace.
/// </summary>
public sealed class CaseRequestDispatcher(
    ReceptionDataSource data,
    CaseRequestSender sender,
    HallClock clock,
    IOptions<ReceptionOptions> options,
    ILogger<CaseRequestDispatcher> logger) : BackgroundService
{
    private static readonly string ClaimSql = $"""
        UPDATE case_requests SET next_attempt_at = $2, attempts = attempts + 1
        WHERE (visit_id, owner) IN (
          SELECT visit_id, owner FROM case_requests
          WHERE state = '{CaseState.Pending.ToWire()}' AND next_attempt_at <= $1
          ORDER BY next_attempt_at
          LIMIT $3
          FOR UPDATE SKIP LOCKED)
        RETURNING visit_id, owner, hall_id, service_type, counter_id, ticket_number, journey_id, trace_parent, attempts, created_at
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.CaseRequests;
        var poll = TimeSpan.FromSeconds(settings.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claimed = await ClaimAsync(settings);
                // Sent together: one owner's slowness does not hold up the others (each send has its own timeout).
                await Task.WhenAll(claimed.Select(sender.SendAsync));
                if (claimed.Count == settings.BatchSize)
                {
                    continue;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.CaseDispatchFailed(logger, ex);
            }
            try
            {
                await Task.Delay(poll, clock.Time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims up to a batch of due pending requests (public for tests of two dispatchers racing).</summary>
    public async Task<IReadOnlyList<CaseRequest>> ClaimAsync(CaseRequestOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var now = clock.Now();
        // No span for the look itself: the database instrumentation would start a new trace every poll.
        using var quiet = SuppressInstrumentationScope.Begin();
        await using var command = data.Source.CreateCommand(ClaimSql);
        command.Parameters.Add(SqlParameters.Time(now));
        command.Parameters.Add(SqlParameters.Time(now + TimeSpan.FromSeconds(settings.SendHoldSeconds)));
        command.Parameters.Add(SqlParameters.Number(settings.BatchSize));
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        var claimed = new List<CaseRequest>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            claimed.Add(new CaseRequest
            {
                VisitId = reader.GetString(0),
                Owner = WireNames<CaseOwner>.Parse(reader.GetString(1)),
                HallId = reader.GetString(2),
                ServiceType = reader.GetString(3),
                CounterId = reader.GetString(4),
                TicketNumber = reader.GetString(5),
                JourneyId = reader.IsDBNull(6) ? null : reader.GetString(6),
                TraceParent = reader.IsDBNull(7) ? null : reader.GetString(7),
                Attempts = reader.GetInt32(8),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(9),
            });
        }
        return claimed;
    }
}
