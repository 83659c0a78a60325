using System.Text.Json;
using HallPlatform.Contracts.Events.V1;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Messaging;

/// <summary>
/// Applies one event type to the consumer's database. Runs inside the transaction that also marks the event processed
/// and advances the position: add or change entities on <paramref name="db"/>; the subscription saves and commits
/// them. Throwing rolls all of it back (the event is retried, then recorded in <c>failed_events</c>).
/// </summary>
public interface IIntegrationEventApplier<in TContext>
    where TContext : DbContext
{
    /// <summary>The event types (e.g. <c>business.order.stateChanged</c>) this handler applies.</summary>
    IReadOnlyCollection<string> EventTypes { get; }

    Task HandleAsync(EventEnvelope envelope, TContext db, CancellationToken cancellationToken);
}

/// <summary>Where a subscription reads a producer's events from (gRPC in a service, a list in a test).</summary>
public interface IIntegrationEventSource
{
    IAsyncEnumerable<EventEnvelope> SubscribeAsync(long afterPosition, CancellationToken cancellationToken);
}

/// <summary>The producer's <c>IntegrationEvents.Subscribe</c> stream.</summary>
public sealed class GrpcIntegrationEventSource(IntegrationEvents.IntegrationEventsClient client) : IIntegrationEventSource
{
    public async IAsyncEnumerable<EventEnvelope> SubscribeAsync(
        long afterPosition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = client.Subscribe(new SubscribeRequest { AfterPosition = afterPosition }, cancellationToken: cancellationToken);
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            yield return call.ResponseStream.Current;
        }
    }
}

public static class EventEnvelopes
{
    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    /// <summary>The payload read as <typeparamref name="T"/> (web casing, as recorded).</summary>
    public static T PayloadAs<T>(this EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return JsonSerializer.Deserialize<T>(envelope.PayloadJson, PayloadJson)
            ?? throw new JsonException($"Event {envelope.EventId} ({envelope.Type}) has an empty payload.");
    }
}
