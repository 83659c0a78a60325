using System.Diagnostics.Metrics;
using HallPlatform.Reception.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HallPlatform.Reception.Application.Infrastructure;

/// <summary>
/// OpenTelemetry metrics of the queue (meter HallPlatform.Reception): the waiting-time histogram, recorded on each
/// first call, and the queue-length gauge, read from a snapshot the <see cref="QueueLengthSampler"/> refreshes.
/// Tags are hall and service type only.
/// </summary>
public sealed class ReceptionMetrics
{
    public const string MeterName = "HallPlatform.Reception";

    private readonly Histogram<double> _waitTime;
    private volatile IReadOnlyList<QueueLength> _lengths = [];

    public ReceptionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _waitTime = meter.CreateHistogram<double>("hall.queue.wait_time", "s", "Waiting time from ticket to first call.");
        meter.CreateObservableGauge("hall.queue.length", () => _lengths.Select(l =>
            new Measurement<long>(l.Waiting, new("hall.id", l.HallId), new("service_type", l.ServiceType))), "{ticket}",
            "Tickets waiting per hall and service type.");
    }

    public void RecordWait(string hallId, string serviceType, double seconds) =>
        _waitTime.Record(seconds, new KeyValuePair<string, object?>("hall.id", hallId), new KeyValuePair<string, object?>("service_type", serviceType));

    public void UpdateLengths(IReadOnlyList<QueueLength> lengths) => _lengths = lengths;

    public IReadOnlyList<QueueLength> Lengths => _lengths;
}

public sealed record QueueLength(string HallId, string ServiceType, long Waiting);

/// <summary>Refreshes the queue-length snapshot every few seconds (gauge callbacks must not do I/O).</summary>
public sealed class QueueLengthSampler(IServiceScopeFactory scopes, QueueStore queue, ReceptionMetrics metrics, TimeProvider time,
    IOptions<ReceptionOptions> options, ILogger<QueueLengthSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.QueueMetricsRefreshSeconds)), time);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.QueueSampleFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReceptionDbContext>();
        var types = await db.ServiceTypes.AsNoTracking().Select(t => new { t.HallId, t.Code }).ToListAsync(cancellationToken);
        var lengths = new List<QueueLength>(types.Count);
        foreach (var type in types)
        {
            var (normal, priority) = await queue.QueueLengthsAsync(type.HallId, type.Code);
            lengths.Add(new QueueLength(type.HallId, type.Code, normal + priority));
        }
        metrics.UpdateLengths(lengths);
    }
}
