using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Messaging;
using HallPlatform.Quality.Data;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Quality.Staff.Application;

/// <summary>
/// Quality's own outbox read in process, as the stream of producer "quality": the feedback module follows the survey
/// answers Quality itself records (<see cref="FeedbackApplier"/>) exactly as it follows the other services, with its
/// own consumer position, without calling itself over the network.
/// </summary>
public sealed class OwnOutboxSource(IServiceScopeFactory scopes, TimeProvider time) : IIntegrationEventSource
{
    public const string Producer = "quality";
    private const int BatchSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public async IAsyncEnumerable<EventEnvelope> SubscribeAsync(long afterPosition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = afterPosition;
        while (!cancellationToken.IsCancellationRequested)
        {
            List<OutboxEvent> batch;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<QualityDbContext>();
                batch = await db.Set<OutboxEvent>().AsNoTracking().Where(e => e.Position > after).OrderBy(e => e.Position)
                    .Take(BatchSize).ToListAsync(cancellationToken);
            }
            foreach (var row in batch)
            {
                yield return new EventEnvelope
                {
                    Position = row.Position, EventId = row.EventId.ToString(), Type = row.Type, Producer = Producer, SubjectId = row.SubjectId,
                    JourneyId = row.JourneyId ?? "", HallId = row.HallId ?? "", PayloadJson = row.Payload,
                    OccurredAt = Timestamp.FromDateTimeOffset(row.OccurredAt), Traceparent = row.TraceParent ?? "", HeadPosition = row.Position,
                };
                after = row.Position;
            }
            if (batch.Count < BatchSize)
            {
                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }
    }
}
