using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HallPlatform.Application;
using HallPlatform.Fault.Data;
using HallPlatform.Fault.Domain;
using HallPlatform.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace HallPlatform.Fault.Application;

/// <summary>
/// Delivers partner hub events, at least once. Each round (1) fans out: reads Fault's <c>outbox_events</c> after the
/// stored cursor, turns each mapped event about a partner's ticket into TMF events (<see cref="PartnerHubEvents"/>) and
/// stores one <c>partner_deliveries</c> row per matching subscription, moving the cursor in the same transaction (the
/// cursor row is locked, so two instances never fan out the same events); (2) claims due deliveries
/// (<c>FOR UPDATE SKIP LOCKED</c>, each claim an attempt holding the row for a lease) and POSTs them, signed, to the
/// callback. A failed attempt is retried with <see cref="RetryBackoff"/> until <see cref="PartnerHubOptions.MaxAttempts"/>,
/// then the delivery is <c>failed</c>: kept, visible to the partner, logged and counted, never dropped. All state is in
/// PostgreSQL, so a restart goes on where it stopped.
/// </summary>
public sealed partial class PartnerHubDispatcher(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    PartnerHubTelemetry telemetry,
    IOptions<PartnerHubOptions> options,
    TimeProvider time,
    ILogger<PartnerHubDispatcher> logger) : BackgroundService
{
    /// <summary>The named HttpClient of deliveries: no redirects, bounded time, local addresses refused unless allowed.</summary>
    public const string HttpClientName = "fault-partner-hub";

    private const string LeaseLostError = "The attempt did not finish before its claim lease ran out.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatcherEnabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                // Full batches mean more may be waiting: go on at once instead of waiting for the next tick.
                while (await RunOnceAsync(stoppingToken) >= options.Value.BatchSize)
                {
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database may be restarting; the next tick tries again and nothing was lost.
                LogRoundFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round: fan out new outbox events, then attempt the due deliveries. Returns the larger batch handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var fannedOut = await FanOutAsync(cancellationToken);
        var attempted = await DeliverDueAsync(cancellationToken);
        return Math.Max(fannedOut, attempted);
    }

    /// <summary>Reads up to a batch of outbox events after the cursor and stores their deliveries. Returns how many it read.</summary>
    public async Task<int> FanOutAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaultDbContext>();
        var batch = options.Value.BatchSize;
        using var quiet = SuppressInstrumentationScope.Begin();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO partner_hub_cursor (consumer, position) VALUES ({PartnerHubCursor.Name}, 0) ON CONFLICT DO NOTHING
                """, ct);
            var position = await db.Database.SqlQuery<long>($"""
                SELECT position AS "Value" FROM partner_hub_cursor WHERE consumer = {PartnerHubCursor.Name} FOR UPDATE
                """).SingleAsync(ct);
            var events = await db.Set<OutboxEvent>().AsNoTracking()
                .Where(e => e.Position > position).OrderBy(e => e.Position).Take(batch).ToListAsync(ct);
            if (events.Count == 0)
            {
                await transaction.CommitAsync(ct);
                return 0;
            }

            var mapped = events.Where(e => PartnerHubEvents.IsMapped(e.Type)).ToList();
            var ticketIds = mapped.Select(e => e.SubjectId).Distinct().ToList();
            var tickets = await db.TroubleTickets.AsNoTracking()
                .Where(t => ticketIds.Contains(t.TicketId) && t.ReporterPartnerId != null)
                .Select(t => new PartnerTicketFacts(t.TicketId, t.ReporterPartnerId, t.ExternalId, t.Channel, t.Severity, t.TicketType))
                .ToDictionaryAsync(t => t.TicketId, ct);
            var partnerIds = tickets.Values.Select(t => t.ReporterPartnerId!).Distinct().ToList();
            var subscriptions = (await db.Set<PartnerSubscription>().AsNoTracking()
                .Where(s => partnerIds.Contains(s.PartnerId) && s.RemovedAt == null)
                .ToListAsync(ct)).ToLookup(s => s.PartnerId, StringComparer.Ordinal);

            var now = time.GetStoredUtcNow();
            var stored = 0;
            foreach (var outboxEvent in mapped)
            {
                // Hall tickets (no reporting partner) go to nobody; a partner hears only of the tickets it reported.
                if (!tickets.TryGetValue(outboxEvent.SubjectId, out var ticket))
                {
                    continue;
                }
                foreach (var partnerEvent in PartnerHubEvents.From(outboxEvent, ticket))
                {
                    foreach (var subscription in subscriptions[ticket.ReporterPartnerId!])
                    {
                        // A subscription hears of what happened after it was made.
                        if (!subscription.Wants(partnerEvent.Type) || subscription.CreatedAt > outboxEvent.OccurredAt)
                        {
                            continue;
                        }
                        stored += await db.Database.ExecuteSqlAsync($"""
                            INSERT INTO partner_deliveries
                              (subscription_id, partner_id, event_id, event_type, ticket_id, body, state, attempts, created_at, next_attempt_at)
                            VALUES ({subscription.SubscriptionId}, {subscription.PartnerId}, {partnerEvent.EventId},
                                    {partnerEvent.Type.ToWire()}, {partnerEvent.TicketId}, CAST({partnerEvent.Body} AS jsonb),
                                    {PartnerDeliveryState.Pending.ToWire()}, 0, {now}, {now})
                            ON CONFLICT (subscription_id, event_id) DO NOTHING
                            """, ct);
                    }
                }
            }
            await db.Database.ExecuteSqlAsync($"""
                UPDATE partner_hub_cursor SET position = {events[^1].Position} WHERE consumer = {PartnerHubCursor.Name}
                """, ct);
            await transaction.CommitAsync(ct);
            if (stored > 0)
            {
                LogFannedOut(stored, events[^1].Position);
            }
            return events.Count;
        }, cancellationToken);
    }

    /// <summary>Claims up to a batch of due deliveries and attempts each once. Returns how many it claimed.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaultDbContext>();
        var settings = options.Value;
        List<PartnerDelivery> claimed;
        Dictionary<string, PartnerSubscription> subscriptions;
        using (SuppressInstrumentationScope.Begin())
        {
            var now = time.GetStoredUtcNow();
            await GiveUpAbandonedLastAttemptsAsync(db, settings, now, cancellationToken);
            // RETURNING keeps no order: attempt them in the order the events happened (ids grow with the fan-out).
            claimed = [.. (await ClaimAsync(db, settings, now, cancellationToken)).OrderBy(d => d.Id)];
            var ids = claimed.Select(d => d.SubscriptionId).Distinct().ToList();
            subscriptions = await db.Set<PartnerSubscription>().AsNoTracking()
                .Where(s => ids.Contains(s.SubscriptionId)).ToDictionaryAsync(s => s.SubscriptionId, cancellationToken);
        }
        foreach (var delivery in claimed)
        {
            // Stopping: the claims not attempted are picked up again once their lease runs out.
            cancellationToken.ThrowIfCancellationRequested();
            await AttemptAsync(db, delivery, subscriptions[delivery.SubscriptionId], settings, cancellationToken);
        }
        return claimed.Count;
    }

    private static Task<List<PartnerDelivery>> ClaimAsync(
        FaultDbContext db, PartnerHubOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var leaseUntil = now + settings.ClaimLease;
        var pending = PartnerDeliveryState.Pending.ToWire();
        return db.Set<PartnerDelivery>().FromSql($"""
            UPDATE partner_deliveries AS d
            SET attempts = d.attempts + 1, next_attempt_at = {leaseUntil}
            WHERE d.id IN (
                SELECT id FROM partner_deliveries
                WHERE state = {pending} AND next_attempt_at <= {now} AND attempts < {settings.MaxAttempts}
                ORDER BY next_attempt_at, id
                LIMIT {settings.BatchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING d.*
            """).AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>A last attempt whose dispatcher died (its lease ran out) gets no further attempt: the delivery fails.</summary>
    private async Task GiveUpAbandonedLastAttemptsAsync(
        FaultDbContext db, PartnerHubOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var abandoned = await db.Set<PartnerDelivery>()
            .Where(d => d.State == PartnerDeliveryState.Pending && d.Attempts >= settings.MaxAttempts && d.NextAttemptAt <= now)
            .ExecuteUpdateAsync(update => update
                .SetProperty(d => d.State, PartnerDeliveryState.Failed)
                .SetProperty(d => d.LastError, LeaseLostError), cancellationToken);
        if (abandoned > 0)
        {
            telemetry.Failed(abandoned);
            LogAbandoned(abandoned);
        }
    }

    private async Task AttemptAsync(
        FaultDbContext db, PartnerDelivery delivery, PartnerSubscription subscription, PartnerHubOptions settings, CancellationToken cancellationToken)
    {
        // The outcome is recorded even while the service stops: a delivery the partner accepted is not sent again.
        var recording = CancellationToken.None;
        // Guarded by the attempt number: if this attempt outlived its lease and another dispatcher took the delivery,
        // the newer attempt's outcome is the one that stands.
        var mine = db.Set<PartnerDelivery>()
            .Where(d => d.Id == delivery.Id && d.State == PartnerDeliveryState.Pending && d.Attempts == delivery.Attempts);
        if (!subscription.IsActive)
        {
            await mine.ExecuteUpdateAsync(u => u.SetProperty(d => d.State, PartnerDeliveryState.Cancelled), recording);
            return;
        }

        using var activity = FaultTelemetry.Source.StartActivity("partner-hub deliver", ActivityKind.Producer);
        activity?.SetTag("hall.ticket_id", delivery.TicketId);
        activity?.SetTag("hall.partner_hub.subscription_id", delivery.SubscriptionId);
        activity?.SetTag("hall.partner_hub.event_type", delivery.EventType.ToWire());
        activity?.SetTag("hall.partner_hub.attempt", delivery.Attempts);

        int? statusCode = null;
        string? error;
        try
        {
            var body = Encoding.UTF8.GetBytes(delivery.Body);
            using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Callback);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation(PartnerHubSignature.HeaderName, PartnerHubSignature.Sign(subscription.Secret, time.GetUtcNow(), body));
            request.Headers.TryAddWithoutValidation("X-Hall-Event-Id", delivery.EventId.ToString());
            request.Headers.TryAddWithoutValidation("X-Hall-Event-Type", delivery.EventType.ToWire());
            request.Headers.TryAddWithoutValidation("X-Hall-Delivery-Attempt", delivery.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var client = httpClients.CreateClient(HttpClientName);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.RequestTimeout);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            statusCode = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"The callback answered {statusCode} {response.ReasonPhrase}.";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"The callback did not answer within {settings.RequestTimeout.TotalSeconds:0.#} s.";
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or SocketException or InvalidOperationException)
        {
            error = $"{exception.GetType().Name}: {exception.Message}";
        }
        if (error is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error);
            error = error.Length <= PartnerDelivery.MaxErrorLength ? error : error[..PartnerDelivery.MaxErrorLength];
        }

        var now = time.GetStoredUtcNow();
        if (error is null)
        {
            await mine.ExecuteUpdateAsync(u => u
                .SetProperty(d => d.State, PartnerDeliveryState.Delivered)
                .SetProperty(d => d.DeliveredAt, now)
                .SetProperty(d => d.LastStatusCode, statusCode)
                .SetProperty(d => d.LastError, (string?)null)
                .SetProperty(d => d.NextAttemptAt, now), recording);
            telemetry.Delivered(delivery.EventType);
            LogDelivered(delivery.Id, delivery.EventType, delivery.SubscriptionId, delivery.Attempts);
        }
        else if (delivery.Attempts >= settings.MaxAttempts)
        {
            await mine.ExecuteUpdateAsync(u => u
                .SetProperty(d => d.State, PartnerDeliveryState.Failed)
                .SetProperty(d => d.LastStatusCode, statusCode)
                .SetProperty(d => d.LastError, error)
                .SetProperty(d => d.NextAttemptAt, now), recording);
            telemetry.Failed(1);
            LogFailed(delivery.Id, delivery.EventType, delivery.SubscriptionId, delivery.Attempts, error);
        }
        else
        {
            var next = now + settings.BackoffAfter(delivery.Attempts);
            await mine.ExecuteUpdateAsync(u => u
                .SetProperty(d => d.LastStatusCode, statusCode)
                .SetProperty(d => d.LastError, error)
                .SetProperty(d => d.NextAttemptAt, next), recording);
            telemetry.Retried(delivery.EventType);
            LogRetrying(delivery.Id, delivery.EventType, delivery.SubscriptionId, delivery.Attempts, next, error);
        }
    }

    /// <summary>
    /// The handler of <see cref="HttpClientName"/>: never follows redirects (a callback cannot bounce Fault elsewhere),
    /// and, unless <see cref="PartnerHubOptions.AllowLoopbackCallbacks"/>, connects only to addresses that are not
    /// loopback or link-local, whatever the callback's name resolves to.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(PartnerHubOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var allowLocal = settings.AllowLoopbackCallbacks;
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = settings.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var host = context.DnsEndPoint.Host;
                var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
                var allowed = allowLocal ? addresses : [.. addresses.Where(a => !PartnerHubHandling.IsLocalAddress(a))];
                if (allowed.Length == 0)
                {
                    throw new HttpRequestException("The callback's host resolves to no address Fault may call (loopback and link-local are refused).");
                }
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }

    // Ids, types and counts only: never a delivery's body.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Partner hub stored {Count} deliveries up to outbox position {Position}")]
    private partial void LogFannedOut(int count, long position);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Partner delivery {DeliveryId} ({EventType}) to {SubscriptionId} delivered on attempt {Attempt}")]
    private partial void LogDelivered(long deliveryId, PartnerEventType eventType, string subscriptionId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partner delivery {DeliveryId} ({EventType}) to {SubscriptionId} attempt {Attempt} failed, next attempt at {NextAttemptAt}: {Error}")]
    private partial void LogRetrying(long deliveryId, PartnerEventType eventType, string subscriptionId, int attempt, DateTimeOffset nextAttemptAt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partner delivery {DeliveryId} ({EventType}) to {SubscriptionId} failed after {Attempts} attempts: {Error}")]
    private partial void LogFailed(long deliveryId, PartnerEventType eventType, string subscriptionId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} partner deliveries failed: their last attempt was abandoned")]
    private partial void LogAbandoned(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partner hub round failed; retrying at the next tick")]
    private partial void LogRoundFailed(Exception exception);
}

/// <summary>
/// Counters of partner deliveries (meter HallPlatform.Fault.PartnerHub): <c>hall.fault.partner_deliveries.delivered</c>,
/// <c>.retried</c> and <c>.failed</c> (given up after the last attempt: look at the partner's deliveries route).
/// </summary>
public sealed class PartnerHubTelemetry
{
    public const string Name = "HallPlatform.Fault.PartnerHub";

    private readonly Counter<long> _delivered;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _failed;

    public PartnerHubTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Name);
        _delivered = meter.CreateCounter<long>("hall.fault.partner_deliveries.delivered", "{event}", "Partner hub events the callback accepted.");
        _retried = meter.CreateCounter<long>("hall.fault.partner_deliveries.retried", "{event}", "Failed delivery attempts that will be retried.");
        _failed = meter.CreateCounter<long>("hall.fault.partner_deliveries.failed", "{event}", "Partner hub deliveries given up after the last attempt.");
    }

    public void Delivered(PartnerEventType type) => _delivered.Add(1, new KeyValuePair<string, object?>("event_type", type.ToWire()));

    public void Retried(PartnerEventType type) => _retried.Add(1, new KeyValuePair<string, object?>("event_type", type.ToWire()));

    public void Failed(int count) => _failed.Add(count);
}
