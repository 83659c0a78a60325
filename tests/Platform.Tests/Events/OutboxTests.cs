using Grpc.Core;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Identity;
using HallPlatform.Messaging;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HallPlatform.Platform.Tests.Events;

[Collection(EventServersCollection.Name)]
public sealed class OutboxTests(RealServersFixture servers)
{
    [Fact]
    public async Task An_event_commits_with_its_change()
    {
        await using var provider = await EventsDatabase.CreateAsync(servers);

        var position = await provider.WriteChangeWithEventAsync("first");

        var stored = await provider.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync());
        Assert.Equal(position, stored.Position);
        Assert.Equal("test.changed", stored.Type);
        Assert.Equal("first", stored.SubjectId);
        Assert.Equal("hall-001", stored.HallId);
        Assert.Null(stored.JourneyId);
        Assert.Equal("first", System.Text.Json.JsonDocument.Parse(stored.Payload).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_rolled_back_change_leaves_no_event()
    {
        await using var provider = await EventsDatabase.CreateAsync(servers);

        await provider.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Effects.Add(new Effect { Name = "rolled-back" });
            db.RecordIntegrationEvent(new IntegrationEvent("test.changed", "rolled-back", null, JourneyId: null, new { }), DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
            return 0;
        });

        Assert.Equal(0, await provider.WithDbAsync(db => db.Outbox.CountAsync()));
        Assert.Equal(0, await provider.WithDbAsync(db => db.Effects.CountAsync()));
    }

    [Fact]
    public async Task A_change_that_fails_leaves_no_event()
    {
        await using var provider = await EventsDatabase.CreateAsync(servers);
        await provider.WriteChangeWithEventAsync("taken");

        // The same unique name again: the change fails, so its event must not be there either.
        await Assert.ThrowsAsync<DbUpdateException>(() => provider.WriteChangeWithEventAsync("taken"));

        Assert.Equal(1, await provider.WithDbAsync(db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task The_event_carries_the_trace_context_it_was_recorded_in()
    {
        using var activity = new System.Diagnostics.Activity("test change").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C);
        // A recorded span, as the platform's sampler makes for a request (an unrecorded one is not worth joining).
        activity.ActivityTraceFlags = System.Diagnostics.ActivityTraceFlags.Recorded;
        activity.Start();

        var row = OutboxEvent.From(new IntegrationEvent("test.changed", "s", null, JourneyId: null, new { }), DateTimeOffset.UtcNow);

        Assert.Equal(activity.Id, row.TraceParent);
    }

    [Fact]
    public async Task A_later_writer_waits_for_an_earlier_uncommitted_one_so_positions_commit_in_order()
    {
        await using var provider = await EventsDatabase.CreateAsync(servers);

        // Writer A inserts its event (drawing a position) and holds its transaction open.
        await using var scopeA = provider.CreateAsyncScope();
        var dbA = scopeA.ServiceProvider.GetRequiredService<EventsTestDbContext>();
        await using var transactionA = await dbA.Database.BeginTransactionAsync();
        dbA.Effects.Add(new Effect { Name = "a" });
        var eventA = dbA.RecordIntegrationEvent(new IntegrationEvent("test.changed", "a", null, JourneyId: null, new { }), DateTimeOffset.UtcNow);
        await dbA.SaveChangesAsync();

        // Writer B must not get a position, let alone commit one, before A ends.
        var writerB = Task.Run(() => provider.WriteChangeWithEventAsync("b"));
        await EventsDatabase.EventuallyAsync(async () => writerB.IsCompleted || await IsWaitingOnTheOutboxLockAsync(provider),
            "writer B waits for the outbox lock");
        Assert.False(writerB.IsCompleted, "writer B committed an event while an earlier writer's was uncommitted");
        Assert.Equal(0, await provider.WithDbAsync(db => db.Outbox.CountAsync()));

        await transactionA.CommitAsync();
        var positionB = await writerB;

        Assert.True(eventA.Position < positionB);
        Assert.Equal([eventA.Position, positionB],
            await provider.WithDbAsync(db => db.Outbox.OrderBy(e => e.Position).Select(e => e.Position).ToListAsync()));
    }

    [Fact]
    public async Task A_reader_tailing_by_position_sees_every_event_of_concurrent_writers()
    {
        await using var provider = await EventsDatabase.CreateAsync(servers);
        const int writers = 6;
        const int eventsPerWriter = 20;
        var seen = new List<long>();
        using var writing = new CancellationTokenSource();

        // Reads as a subscriber does: only what is after the last position it saw.
        async Task TailOnceAsync()
        {
            var after = seen.Count == 0 ? 0 : seen[^1];
            seen.AddRange(await provider.WithDbAsync(db =>
                db.Outbox.AsNoTracking().Where(e => e.Position > after).OrderBy(e => e.Position).Select(e => e.Position).ToListAsync()));
        }
        var reader = Task.Run(async () =>
        {
            while (!writing.IsCancellationRequested)
            {
                await TailOnceAsync();
            }
        });

        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < eventsPerWriter; i++)
            {
                await provider.WithDbAsync(async db =>
                {
                    await using var transaction = await db.Database.BeginTransactionAsync();
                    db.RecordIntegrationEvent(new IntegrationEvent("test.changed", $"w{writer}-{i}", null, JourneyId: null, new { }), DateTimeOffset.UtcNow);
                    await db.SaveChangesAsync();
                    // Work between drawing a position and committing it: where a later position could overtake.
                    await Task.Delay(Random.Shared.Next(0, 4));
                    await transaction.CommitAsync();
                    return 0;
                });
            }
        })));
        await writing.CancelAsync();
        await reader;
        await TailOnceAsync();

        var stored = await provider.WithDbAsync(db => db.Outbox.OrderBy(e => e.Position).Select(e => e.Position).ToListAsync());
        Assert.Equal(writers * eventsPerWriter, stored.Count);
        Assert.Equal(stored, seen);
    }

    [Fact]
    public async Task Subscribe_streams_exactly_the_events_after_the_position_in_order_then_new_ones()
    {
        await using var provider = await EventsDatabase.CreateAsync(servers);
        var positions = new List<long>();
        for (var i = 1; i <= 5; i++)
        {
            positions.Add(await provider.WriteChangeWithEventAsync($"e{i}"));
        }
        var service = NewService(provider);
        var stream = new CollectingStreamWriter<EventEnvelope>();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var subscription = service.Subscribe(new SubscribeRequest { AfterPosition = positions[1] }, stream,
            new TestServerCallContext(ContextOf(new HallCaller(CallerKind.Service, "quality", [], [HallCaller.AllHalls], [], null)), cancellation.Token));
        await EventsDatabase.EventuallyAsync(() => subscription.IsFaulted ? subscription.ContinueWith(_ => true) : Task.FromResult(stream.Written.Count >= 3),
            "the three later events arrived");
        Assert.False(subscription.IsFaulted, subscription.Exception?.ToString());
        var later = await provider.WriteChangeWithEventAsync("e6");
        await EventsDatabase.EventuallyAsync(() => Task.FromResult(stream.Written.Count >= 4), "the new event arrived");
        await cancellation.CancelAsync();
        await subscription;

        Assert.Equal([positions[2], positions[3], positions[4], later], stream.Written.Select(e => e.Position));
        Assert.Equal(["e3", "e4", "e5", "e6"], stream.Written.Select(e => e.SubjectId));
        Assert.All(stream.Written.Take(3), e => Assert.Equal(positions[4], e.HeadPosition));
        Assert.All(stream.Written, e => Assert.Equal("test-producer", e.Producer));
        Assert.Equal(later, stream.Written[^1].HeadPosition);
    }

    [Theory]
    [InlineData(CallerKind.Partner)]
    [InlineData(CallerKind.Staff)]
    [InlineData(CallerKind.Anonymous)]
    public async Task Only_services_may_subscribe(CallerKind kind)
    {
        await using var provider = await EventsDatabase.CreateAsync(servers);
        await provider.WriteChangeWithEventAsync("secret");
        var stream = new CollectingStreamWriter<EventEnvelope>();

        var refused = await Assert.ThrowsAsync<RpcException>(() => NewService(provider).Subscribe(new SubscribeRequest(), stream,
            new TestServerCallContext(ContextOf(new HallCaller(kind, "someone", [HallRoles.Administrator], [HallCaller.AllHalls], [PartnerScopes.SubscribeEvents], null)),
                CancellationToken.None)));

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Empty(stream.Written);
    }

    private static IntegrationEventsService<EventsTestDbContext> NewService(ServiceProvider provider) => new(
        provider.GetRequiredService<IServiceScopeFactory>(),
        Options.Create(new HallIdentityOptions { ServiceName = "test-producer" }),
        Options.Create(new IntegrationEventsOptions { PollInterval = TimeSpan.FromMilliseconds(20) }),
        TimeProvider.System);

    private static DefaultHttpContext ContextOf(HallCaller caller)
    {
        var context = new DefaultHttpContext();
        context.Features.Set(caller);
        return context;
    }

    private static Task<bool> IsWaitingOnTheOutboxLockAsync(ServiceProvider provider) => provider.WithDbAsync(async db =>
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            connection);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    });
}
