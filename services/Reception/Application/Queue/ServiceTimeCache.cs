using System.Collections.Concurrent;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using Microsoft.Extensions.Options;

namespace HallPlatform.Reception.Application.Queue;

/// <summary>
/// The recent measured service times of each hall and type, read from Redis at most once per
/// <see cref="EstimateOptions.CacheMilliseconds"/>: estimates are approximate anyway, and a check-in answer should
/// not cost an extra round trip. A sample added through this instance is visible at once.
/// </summary>
public sealed class ServiceTimeCache(QueueStore queue, TimeProvider time, IOptions<ReceptionOptions> options)
{
    private readonly ConcurrentDictionary<(string HallId, string ServiceType), Entry> _entries = new();

    private sealed record Entry(Task<IReadOnlyList<double>> Samples, long ExpiresAt);

    public async Task<IReadOnlyList<double>> RecentAsync(string hallId, string serviceType)
    {
        var now = time.GetTimestamp();
        var key = (hallId, serviceType);
        if (_entries.TryGetValue(key, out var entry) && now < entry.ExpiresAt && !entry.Samples.IsFaulted)
        {
            return await entry.Samples;
        }
        var lifetime = Math.Max(0, options.Value.Estimates.CacheMilliseconds) * time.TimestampFrequency / 1000;
        var fresh = new Entry(queue.RecentServiceTimesAsync(hallId, serviceType), now + lifetime);
        _entries[key] = fresh;
        return await fresh.Samples;
    }

    public async Task AddAsync(string hallId, string serviceType, double seconds, int keep)
    {
        await queue.AddServiceTimeAsync(hallId, serviceType, seconds, keep);
        _entries.TryRemove((hallId, serviceType), out _);
    }
}
