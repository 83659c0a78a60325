using Grpc.Core;
using Google.Protobuf.WellKnownTypes;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace HallPlatform.Messaging;

/// <summary>
/// <c>IntegrationEvents.Subscribe</c> served from <typeparamref name="TContext"/>'s outbox: every event after the
/// requested position in position order, then, polling, each new one as it commits, until the caller goes away.
/// Only services may subscribe (partners and staff are refused even if a route ever reached it).
/// </summary>
public sealed class IntegrationEventsService<TContext>(
    IServiceScopeFactory scopes,
    IOptions<HallIdentityOptions> identity,
    IOptions<IntegrationEventsOptions> options,
    TimeProvider time) : IntegrationEvents.IntegrationEventsBase
    where TContext : DbContext
{
    public override async Task Subscribe(SubscribeRequest request, IServerStreamWriter<EventEnvelope> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetHttpContext().Features.Get<HallCaller>() is not { Kind: CallerKind.Service })
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "Integration events are for HallPlatform services only."));
        }
        if (request.AfterPosition < 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "after_position: must be 0 or more."));
        }

        var producer = identity.Value.ServiceName;
        var after = request.AfterPosition;
        var cancellation = context.CancellationToken;
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                var (batch, head) = await ReadAfterAsync(after, cancellation);
                foreach (var row in batch)
                {
                    await responseStream.WriteAsync(ToEnvelope(row, producer, head), cancellation);
                    after = row.Position;
                }
                if (batch.Count < options.Value.BatchSize)
                {
                    await Task.Delay(options.Value.PollInterval, time, cancellation);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The subscriber went away: the normal end of a subscription.
        }
    }

    private async Task<(List<OutboxEvent> Batch, long Head)> ReadAfterAsync(long after, CancellationToken cancellationToken)
    {
        // Polling is not work anyone asked for: no spans for it (the subscription's own span covers the stream).
        using var untraced = SuppressInstrumentationScope.Begin();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var outbox = db.Set<OutboxEvent>().AsNoTracking();
        var batch = await outbox.Where(e => e.Position > after).OrderBy(e => e.Position)
            .Take(options.Value.BatchSize).ToListAsync(cancellationToken);
        var head = await outbox.MaxAsync(e => (long?)e.Position, cancellationToken) ?? 0;
        return (batch, Math.Max(head, batch.Count > 0 ? batch[^1].Position : 0));
    }

    private static EventEnvelope ToEnvelope(OutboxEvent row, string producer, long head) => new()
    {
        Position = row.Position,
        EventId = row.EventId.ToString(),
        Type = row.Type,
        Producer = producer,
        SubjectId = row.SubjectId,
        JourneyId = row.JourneyId ?? "",
        HallId = row.HallId ?? "",
        PayloadJson = row.Payload,
        OccurredAt = Timestamp.FromDateTimeOffset(row.OccurredAt),
        Traceparent = row.TraceParent ?? "",
        HeadPosition = head,
    };
}

/// <summary>How <see cref="IntegrationEventsService{TContext}"/> reads the outbox (section <c>HallPlatform:Events</c>).</summary>
public sealed class IntegrationEventsOptions
{
    public const string SectionName = "HallPlatform:Events";

    /// <summary>How long an idle subscription waits before looking for new events.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Events read per query; a full batch is followed by the next without waiting.</summary>
    public int BatchSize { get; set; } = 200;
}
