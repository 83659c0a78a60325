using CsCheck;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Domain;
using Xunit;

namespace HallPlatform.Quality.Tests;

/// <summary>
/// The waiting-time figures PostgreSQL computes (mean, <c>percentile_disc(0.9)</c>, share within the service level)
/// against the written definitions computed in C# here, on random visits: two implementations of one rule.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class StatisticsPropertyTests(RealServersFixture servers) : IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2026, 11, 10, 0, 0, 0, TimeSpan.Zero);
    private readonly QualityApp _app = new(servers) { Settings = new Dictionary<string, string> { ["Quality:Metrics:Refresh"] = "false" } };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>1 to 40 called visits: wait 0..3600 s (many ties), target 300..1200 s.</summary>
    private static readonly Gen<(int Wait, int Target)[]> Visits = Gen.Select(Gen.Int[0, 3600], Gen.Int[300, 1200]).Array[1, 40];

    // One case at a time: the cases share the service's connection pool with nothing else to gain from parallelism.
    [Fact]
    public async Task The_sql_figures_match_the_definitions_on_random_visits()
    {
        _ = _app.Server;
        await Visits.SampleAsync(async visits =>
        {
            // A hall of its own per case: cases run in parallel on one database.
            var hall = "prop-" + Guid.NewGuid().ToString("N")[..20];
            await _app.WithDbAsync(async db =>
            {
                db.CaseFacts.AddRange(visits.Select((v, i) => new CaseFact
                {
                    CaseKind = CaseType.Visit, CaseId = $"{hall}-{i}", HallId = hall, Status = "completed", EndState = "completed",
                    FinishedAt = Day.AddMinutes(i), WaitSeconds = v.Wait, ServiceLevelSeconds = v.Target, LastEventAt = Day,
                }));
                return await db.SaveChangesAsync();
            });
            var counts = await _app.WithDbAsync(db => QualityStatistics.CountAsync(db, new StatisticsScope(hall, null, null, null, null),
                Day, Day.AddDays(1), Day.AddDays(2), CancellationToken.None));

            var sorted = visits.Select(v => (double)v.Wait).Order().ToArray();
            // Nearest rank: the smallest wait with at least 90 % of the waits at or below it.
            var p90 = sorted[(int)Math.Ceiling(0.9 * sorted.Length) - 1];
            Assert.Equal(visits.Length, counts.VisitsCalled);
            Assert.Equal(p90, counts.WaitSecondsP90);
            Assert.Equal(sorted.Average(), counts.WaitSecondsAverage!.Value, 6);
            Assert.Equal(visits.Count(v => v.Wait <= v.Target), counts.VisitsWithinServiceLevel);
        }, iter: 200, threads: 1, print: v => string.Join(' ', v.Select(x => $"{x.Wait}/{x.Target}")));
    }
}
