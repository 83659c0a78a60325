using System.Runtime.CompilerServices;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Messaging;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace HallPlatform.Quality.Tests;

/// <summary>A producer ("test") that delivers every event twice (at-least-once at its worst), then stays idle.</summary>
internal sealed class TwiceDeliveredEvents(IReadOnlyList<EventEnvelope> events) : IIntegrationEventSource
{
    public async IAsyncEnumerable<EventEnvelope> SubscribeAsync(long afterPosition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var envelope in events.Where(e => e.Position > afterPosition))
        {
            yield return envelope;
            yield return envelope;
        }
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    /// <summary>Waits until Quality has consumed the test producer's events up to <paramref name="position"/>.</summary>
    public static async Task WaitForPositionAsync(QualityApp app, long position)
    {
        ArgumentNullException.ThrowIfNull(app);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await app.WithDbAsync(db => db.Set<ConsumerPosition>().AnyAsync(p => p.Consumer == "quality" && p.Producer == "test" && p.Position >= position)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for event {position}.");
            await Task.Delay(20);
        }
    }
}
