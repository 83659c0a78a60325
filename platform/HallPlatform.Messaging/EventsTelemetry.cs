using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HallPlatform.Messaging;

/// <summary>
/// The consumers' instruments: <c>hall.events.consumer.lag</c> (the producer's newest position minus the consumer's
/// stored one, per consumer and producer), <c>hall.events.consumer.failed</c> (events given up on) and the handler spans.
/// </summary>
public sealed class EventsTelemetry
{
    public const string Name = "HallPlatform.Events";
    public const string LagInstrument = "hall.events.consumer.lag";
    public const string FailedInstrument = "hall.events.consumer.failed";

    public static readonly ActivitySource Source = new(Name);

    private readonly ConcurrentDictionary<(string Consumer, string Producer), long> _lag = new();
    private readonly Counter<long> _failed;

    public EventsTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Name);
        meter.CreateObservableGauge(LagInstrument, ObserveLag, unit: "{event}",
            description: "Events the producer has recorded that the consumer has not handled yet.");
        _failed = meter.CreateCounter<long>(FailedInstrument, unit: "{event}",
            description: "Events whose handler kept failing, recorded in failed_events and passed over.");
    }

    public void ReportPosition(string consumer, string producer, long head, long position) =>
        _lag[(consumer, producer)] = Math.Max(0, head - position);

    public void CountFailure(string consumer, string producer, string type) =>
        _failed.Add(1, new("consumer", consumer), new("producer", producer), new("type", type));

    private IEnumerable<Measurement<long>> ObserveLag() =>
        _lag.Select(entry => new Measurement<long>(entry.Value,
            new KeyValuePair<string, object?>("consumer", entry.Key.Consumer),
            new KeyValuePair<string, object?>("producer", entry.Key.Producer)));
}
