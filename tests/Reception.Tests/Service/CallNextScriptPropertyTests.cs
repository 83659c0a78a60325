using HallPlatform.Application;
using System.Diagnostics;
using System.Text;
using CsCheck;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>
/// The call-next rule runs in production as the Lua script <see cref="QueueScripts.CallNext"/>; the C# reference
/// (<see cref="FairnessRule"/> on top of <see cref="CallNextRule"/>) states the same rule as docs/queue.md does.
/// Random halls are drained call by call through both, on a real Redis, and every call must pick the same ticket
/// by the same branch and leave the counter's streak the same.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CallNextScriptPropertyTests(RealServersFixture servers, ITestOutputHelper output)
{
    private const int Cases = 1_000;
    private static readonly string[] ServiceTypes = ["new-line", "plan-change", "billing", "fault-report"];
    // A fixed "now" (2027-01-15), so arrival and call times are plain numbers in the failure report.
    private const long FirstCallAtMs = 1_800_000_000_000;

    [Fact]
    public async Task The_call_next_script_and_the_reference_rule_call_the_same_tickets_in_the_same_order()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        var store = new QueueStore(redis);
        var calls = 0L;
        var stopwatch = Stopwatch.StartNew();

        await HallCases.SampleAsync(async hall => Interlocked.Add(ref calls, await DrainAndCompareAsync(redis.GetDatabase(), store, hall)),
            iter: Cases, print: Describe);

        output.WriteLine($"{Cases} halls, {calls} calls compared in {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Fills a fresh hall in Redis, then calls until no counter gets a ticket. Returns the calls made.</summary>
    private static async Task<int> DrainAndCompareAsync(IDatabase db, QueueStore store, GeneratedHall hall)
    {
        // A hall id of its own per case: cases run in parallel on one Redis and never need a flush.
        var hallId = "prop-" + Guid.NewGuid().ToString("N");
        await FillAsync(db, hallId, hall);

        var waiting = hall.Tickets.ToList();
        var streaks = hall.Counters.Select(c => c.InitialStreak).ToArray();
        var now = FirstCallAtMs;
        var made = 0;

        async Task<bool> CallAndCompareAsync(int counterIndex, long advanceMs)
        {
            var counter = hall.Counters[counterIndex];
            var counterId = CounterId(counterIndex);
            var served = counter.ServedTypes(hall.TypeCount);
            now += advanceMs;
            made++;

            var expected = FairnessRule.Choose(
                waiting.Where(t => !t.Class.IsPriority()).Select(t => t.Head),
                waiting.Where(t => t.Class.IsPriority()).Select(t => t.Head),
                served, streaks[counterIndex], counter.Fairness, now);
            var actual = await store.CallNextAsync(hallId, counterId, served, now, counter.Fairness);
            var streakInRedis = (long?)await db.StringGetAsync(QueueKeys.Streak(hallId, counterId)) ?? 0;

            var context = $"call {made} by {counterId} (serves {string.Join(",", served)}, streak {streaks[counterIndex]}) at {now}";
            Assert.True(expected.Chosen?.VisitId == actual?.VisitId,
                $"{context}: the reference calls {expected.Chosen?.VisitId ?? "nobody"} ({expected.Rule}), " +
                $"the script calls {actual?.VisitId ?? "nobody"} ({actual?.Rule ?? "empty"})");
            if (expected.Chosen is null)
            {
                Assert.True(streaks[counterIndex] == streakInRedis, $"{context}: an empty call changed the streak to {streakInRedis}");
                return false;
            }
            var ticket = waiting.Single(t => t.VisitId == expected.Chosen.VisitId);
            Assert.True(expected.Rule == actual!.Rule,
                $"{context}: {ticket.VisitId} chosen by rule {expected.Rule} in the reference, {actual.Rule} in the script");
            Assert.True((ticket.Class, ticket.Sequence, ticket.ArrivalMs) == (actual.PriorityClass, actual.Sequence, actual.EnqueuedAtMs),
                $"{context}: the script returned {actual} for {ticket}");
            Assert.True(expected.NextStreak == streakInRedis,
                $"{context}: the streak after the call is {expected.NextStreak} in the reference, {streakInRedis} in Redis");
            waiting.Remove(ticket);
            streaks[counterIndex] = expected.NextStreak;
            return true;
        }

        foreach (var (counterIndex, advanceMs) in hall.Calls)
        {
            await CallAndCompareAsync(counterIndex, advanceMs);
        }
        // Then every counter in turn, half a minute apart, until a whole round calls nobody.
        var idleInARow = 0;
        for (var counterIndex = 0; idleInARow < hall.Counters.Length; counterIndex = (counterIndex + 1) % hall.Counters.Length)
        {
            idleInARow = await CallAndCompareAsync(counterIndex, 30_000) ? 0 : idleInARow + 1;
        }
        // Nothing the counters serve is left behind, in Redis either.
        var servedByAny = hall.Counters.SelectMany(c => c.ServedTypes(hall.TypeCount)).ToHashSet();
        Assert.DoesNotContain(waiting, t => servedByAny.Contains(t.ServiceType));
        return made;
    }

    /// <summary>The state check-in leaves (Data/QueueScripts.cs CheckIn): the ticket hash and its queue entry.</summary>
    private static async Task FillAsync(IDatabase db, string hallId, GeneratedHall hall)
    {
        var writes = new List<Task>();
        foreach (var ticket in hall.Tickets)
        {
            writes.Add(db.HashSetAsync(QueueKeys.Ticket(hallId, ticket.VisitId),
            [
                new("seq", ticket.Sequence), new("serviceType", ticket.ServiceType), new("status", "waiting"),
                new("enqueuedAt", ticket.ArrivalMs), new("class", ticket.Class.ToWire()), new("number", $"T{ticket.Sequence:000}"),
            ]));
            writes.Add(db.KeyExpireAsync(QueueKeys.Ticket(hallId, ticket.VisitId), TimeSpan.FromMinutes(10)));
            writes.Add(db.SortedSetAddAsync(QueueKeys.QueueFor(hallId, ticket.ServiceType, ticket.Class), ticket.VisitId, ticket.ArrivalMs));
        }
        for (var i = 0; i < hall.Counters.Length; i++)
        {
            writes.Add(db.StringSetAsync(QueueKeys.Streak(hallId, CounterId(i)), hall.Counters[i].InitialStreak, TimeSpan.FromMinutes(10)));
        }
        // Sent back to back on one connection (pipelined), awaited together.
        await Task.WhenAll(writes);
    }

    private static string CounterId(int index) => $"c{index + 1:00}";

    private static readonly Gen<PriorityClass> Classes = Gen.Frequency(
        (3, Gen.Const(PriorityClass.Normal)),
        (1, Gen.Const(PriorityClass.Green)),
        (1, Gen.Const(PriorityClass.Vip)),
        (1, Gen.Const(PriorityClass.Appointment)));

    // Ties are the interesting part: the same millisecond, whole minutes (so aging limits are hit exactly), or spread out.
    private static readonly Gen<long> ArrivalOffsetsMs = Gen.Frequency(
        (2, Gen.Long[0, 2]),
        (3, Gen.Long[0, 20].Select(minutes => minutes * 60_000)),
        (1, Gen.Long[0, 1_500_000]));

    private static Gen<GeneratedTicket> Tickets(int typeCount) =>
        Gen.Select(Gen.Long, Gen.Int[0, typeCount - 1], Classes, ArrivalOffsetsMs, Gen.Long[1, 5],
            (idBits, type, priorityClass, offset, sequence) => new GeneratedTicket(
                $"vis_{idBits:x16}", ServiceTypes[type], priorityClass, FirstCallAtMs - offset, sequence));

    private static Gen<GeneratedCounter> Counters(int typeCount) =>
        Gen.Select(Gen.Int[1, (1 << typeCount) - 1], Gen.Int[0, 3], Gen.OneOf(0, 60, 300, 900), Gen.Int[0, 3],
            (served, streak, aging, initialStreak) => new GeneratedCounter(served, new FairnessSettings(streak, aging), initialStreak));

    private static readonly Gen<GeneratedHall> HallCases =
        from typeCount in Gen.Int[2, ServiceTypes.Length]
        from tickets in Tickets(typeCount).Array[0, 12]
        from counters in Counters(typeCount).Array[1, 3]
        from calls in Gen.Select(Gen.Int[0, 2], Gen.Long[0, 3].Select(minutes => minutes * 60_000)).Array[0, 8]
        select new GeneratedHall(
            typeCount,
            // Visit ids are unique in a hall: the index makes them so without changing how they sort.
            [.. tickets.Select((t, i) => t with { VisitId = $"{t.VisitId}{i:x2}" })],
            counters,
            [.. calls.Select(c => (c.Item1 % counters.Length, c.Item2))]);

    private static string Describe(GeneratedHall hall)
    {
        var text = new StringBuilder($"{hall.TypeCount} types; tickets (id type class arrival seq):");
        foreach (var t in hall.Tickets)
        {
            text.Append($"\n  {t.VisitId} {t.ServiceType} {t.Class.ToWire()} {t.ArrivalMs} {t.Sequence}");
        }
        text.Append("\ncounters (serves, streak limit, aging s, initial streak):");
        for (var i = 0; i < hall.Counters.Length; i++)
        {
            var c = hall.Counters[i];
            text.Append($"\n  {CounterId(i)} {string.Join(",", c.ServedTypes(hall.TypeCount))} {c.Fairness.PriorityStreak} {c.Fairness.AgingSeconds} {c.InitialStreak}");
        }
        text.Append($"\ncalls (counter, +ms): {string.Join(" ", hall.Calls.Select(c => $"{CounterId(c.CounterIndex)}+{c.AdvanceMs}"))}");
        return text.ToString();
    }

    private sealed record GeneratedTicket(string VisitId, string ServiceType, PriorityClass Class, long ArrivalMs, long Sequence)
    {
        public QueueHead Head => new(VisitId, ServiceType, ArrivalMs, Sequence);
    }

    /// <summary>
    /// A counter's skills as a bit mask over the hall's types, and its fairness settings. Production has one setting
    /// per hall (Reception:Fairness); the script takes them on every call, so each counter gets its own here.
    /// </summary>
    private sealed record GeneratedCounter(int ServedMask, FairnessSettings Fairness, int InitialStreak)
    {
        public string[] ServedTypes(int typeCount) =>
            [.. Enumerable.Range(0, typeCount).Where(i => (ServedMask & (1 << i)) != 0).Select(i => CallNextScriptPropertyTests.ServiceTypes[i])];
    }

    private sealed record GeneratedHall(int TypeCount, GeneratedTicket[] Tickets, GeneratedCounter[] Counters,
        (int CounterIndex, long AdvanceMs)[] Calls);
}
