using HallPlatform.Audit;
using HallPlatform.Data;
using HallPlatform.Messaging;
using HallPlatform.Reception.Application.Queue;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using HallPlatform.Privacy;
using HallPlatform.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>The group-commit writer of the system of record, against the real PostgreSQL.</summary>
[Collection(ServerCollection.Name)]
public sealed class RecordWriterTests(RealServersFixture servers)
{
    private static readonly DateTimeOffset ArrivedAt = new(2026, 11, 26, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 11, 26);

    private static Visit NewVisit(long sequence, string? phone = null) => Visit.Issue(Visit.NewId(), ReceptionApp.Hall, "Li Lei",
        phone ?? "13800138000", "new-line", VisitChannel.Store, "Z", Day, sequence, ArrivedAt.AddMilliseconds(sequence), idempotencyKey: null);

    private static readonly PersonalDataProtector Protector = new(new PersonalDataProtectionOptions
    {
        Keys = { [TestDataProtection.KeyId] = TestDataProtection.Key },
        ActiveKeyId = TestDataProtection.KeyId,
    });

    private static AuditEntry Entry(string action, string visitId) =>
        new(ArrivedAt, "staff", "test-writer", "127.0.0.1", action, "visit", visitId, customerRef: null, before: null,
            after: """{"status":"x"}""", traceId: null, hallId: null);

    private static CheckedInWrite Write(Visit visit, string? reason) =>
        new(visit, StoredCustomer.Protect(visit, Protector), reason, Entry("visit.checked-in", visit.Id));

    private static Task CheckInAsync(VisitRecordWriter writer, Visit visit) =>
        writer.CheckInAsync(visit, StoredCustomer.Protect(visit, Protector), null, Entry("visit.checked-in", visit.Id));

    private static Task<CalledVisitRow?> CallAsync(VisitRecordWriter writer, string visitId, string counterId, string staffId, DateTimeOffset at) =>
        writer.CallAsync(visitId, counterId, staffId, at, "fairness:normal", Entry("visit.call-next", visitId),
            OutboxEvent.From(VisitEvents.Called(visitId, "hall-001", counterId, "new-line", journeyId: null), at));

    /// <summary>An app whose database is migrated, and its writer.</summary>
    private static async Task<(ReceptionApp App, VisitRecordWriter Writer)> StartAsync(RealServersFixture servers)
    {
        var app = new ReceptionApp(servers);
        app.CreateClient().Dispose();
        return (app, app.Services.GetRequiredService<VisitRecordWriter>());
    }

    [Fact]
    public async Task Many_concurrent_check_ins_are_committed_and_every_caller_completes()
    {
        var (app, writer) = await StartAsync(servers);
        await using var _ = app;
        var visits = Enumerable.Range(1, 300).Select(i => NewVisit(i)).ToList();

        await Task.WhenAll(visits.Select(v => Task.Run(() => CheckInAsync(writer, v))));

        Assert.Equal(300L, await app.ScalarAsync<long>("SELECT count(*) FROM visits WHERE ticket_prefix = 'Z'"));
        Assert.Equal(300L, await app.ScalarAsync<long>(
            "SELECT count(*) FROM queue_events e JOIN visits v ON v.id = e.visit_id WHERE v.ticket_prefix = 'Z' AND e.type = 'checkedIn'"));
    }

    [Fact]
    public async Task One_batch_commits_every_write_and_completes_each_caller()
    {
        var (app, writer) = await StartAsync(servers);
        await using var _ = app;
        var writes = Enumerable.Range(1, 20).Select(i => Write(NewVisit(i), reason: i % 2 == 0 ? "priorityClass:vip" : null)).ToList();

        await writer.CommitAsync(writes);

        Assert.All(writes, w => Assert.True(w.Completion.IsCompletedSuccessfully));
        Assert.Equal(20L, await app.ScalarAsync<long>("SELECT count(*) FROM visits WHERE ticket_prefix = 'Z'"));
        Assert.Equal(10L, await app.ScalarAsync<long>("SELECT count(*) FROM queue_events WHERE reason = 'priorityClass:vip'"));
        // The row reads back through EF exactly as written.
        var stored = await app.WithScopedAsync<ReceptionDbContext, Visit?>(db => db.Visits.AsNoTracking().SingleOrDefaultAsync(v => v.Id == writes[3].Visit.Id));
        Assert.NotNull(stored);
        Assert.Equal((VisitStatus.Waiting, "Z004", Day, 4L, ArrivedAt.AddMilliseconds(4)),
            (stored.Status, stored.TicketNumber, stored.BusinessDay, stored.TicketSequence, stored.ArrivedAt));
    }

    [Fact]
    public async Task A_failing_write_fails_only_itself_and_the_rest_of_its_batch_is_committed()
    {
        var (app, writer) = await StartAsync(servers);
        await using var _ = app;
        await app.ExecuteSqlAsync("ALTER TABLE visits ADD CONSTRAINT test_reject CHECK (ticket_sequence <> 5)");
        var writes = Enumerable.Range(1, 10).Select(i => Write(NewVisit(i), reason: null)).ToList();

        await writer.CommitAsync(writes);

        var failed = Assert.Single(writes, w => w.Completion.IsFaulted);
        Assert.Same(writes[4], failed);
        Assert.IsType<PostgresException>(failed.Completion.Exception!.InnerException);
        Assert.All(writes.Where(w => w != failed), w => Assert.True(w.Completion.IsCompletedSuccessfully));
        Assert.Equal(9L, await app.ScalarAsync<long>("SELECT count(*) FROM visits WHERE ticket_prefix = 'Z'"));
        Assert.Equal(9L, await app.ScalarAsync<long>("SELECT count(*) FROM queue_events"));
        // The audit entry goes with its visit: none for the write that failed, one for each that committed.
        Assert.Equal(0L, await app.ScalarAsync<long>($"SELECT count(*) FROM audit_entries WHERE record_id = '{writes[4].Visit.Id}'"));
        Assert.Equal(9L, await app.ScalarAsync<long>("SELECT count(*) FROM audit_entries WHERE action = 'visit.checked-in'"));
    }

    [Fact]
    public async Task The_call_update_is_guarded_by_the_waiting_status()
    {
        var (app, writer) = await StartAsync(servers);
        await using var _ = app;
        var visit = NewVisit(1);
        await CheckInAsync(writer, visit);
        var calledAt = visit.ArrivedAt.AddSeconds(90);

        var first = await CallAsync(writer, visit.Id, "c01", "s1", calledAt);
        var second = await CallAsync(writer, visit.Id, "c02", "s2", calledAt.AddSeconds(1));
        var missing = await CallAsync(writer, "vis_missing", "c01", "s1", calledAt);

        Assert.NotNull(first);
        Assert.True(first.FirstCall);
        Assert.Equal(90, first.WaitedSeconds);
        Assert.Equal(("new-line", "Z001"), (first.ServiceType, first.TicketNumber));
        Assert.Null(second);
        Assert.Null(missing);
        Assert.Equal("c01", await app.ScalarAsync<string>($"SELECT counter_id FROM visits WHERE id = '{visit.Id}'"));
        Assert.Equal(1L, await app.ScalarAsync<long>($"SELECT count(*) FROM queue_events WHERE visit_id = '{visit.Id}' AND type = 'called' AND staff_id = 's1'"));
        // One entry per change that happened: none for the refused second call or the missing visit.
        Assert.Equal(1L, await app.ScalarAsync<long>($"SELECT count(*) FROM audit_entries WHERE record_id = '{visit.Id}' AND action = 'visit.call-next'"));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM audit_entries WHERE record_id = 'vis_missing'"));
        // Likewise one integration event, written by the same guarded statement, with the visit's hall from the row.
        Assert.Equal(1L, await app.ScalarAsync<long>(
            $"SELECT count(*) FROM outbox_events WHERE subject_id = '{visit.Id}' AND type = 'reception.visit.called' AND hall_id = '{visit.HallId}' AND payload->>'counterId' = 'c01'"));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM outbox_events WHERE subject_id = 'vis_missing'"));
        Assert.True(await writer.AttachOrderAsync(visit.Id, "ord_1"));
        Assert.False(await writer.AttachOrderAsync("vis_missing", "ord_2"));
        Assert.Equal("ord_1", await app.ScalarAsync<string>($"SELECT order_id FROM visits WHERE id = '{visit.Id}'"));
    }

    [Fact]
    public async Task After_the_writer_is_stopped_no_caller_is_left_waiting()
    {
        var (app, _) = await StartAsync(servers);
        await using var __ = app;
        // A writer of its own, so stopping it does not disturb the app.
        await using var data = new ReceptionDataSource(app.DatabaseConnectionString);
        var writer = new VisitRecordWriter(data, NullLogger<GroupCommitWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        var submitted = Enumerable.Range(1, 2000).Select(i => Task.Run(() => CheckInAsync(writer, NewVisit(i)))).ToList();

        await writer.StopAsync(CancellationToken.None);
        var late = CheckInAsync(writer, NewVisit(5000));

        // Each one either committed or failed with "stopped": none hangs.
        _ = await Task.WhenAny(Task.WhenAll(submitted.Append(late)).ContinueWith(_ => { }, TaskScheduler.Default), Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.All(submitted.Append(late), t => Assert.True(t.IsCompleted, "a write was left uncompleted"));
        Assert.All(submitted.Append(late).Where(t => t.IsFaulted), t => Assert.IsType<GroupCommitWriterStoppedException>(t.Exception!.InnerException));
        await Assert.ThrowsAsync<GroupCommitWriterStoppedException>(() => late);
        var committed = submitted.Count(t => t.IsCompletedSuccessfully);
        Assert.Equal((long)committed, await app.ScalarAsync<long>("SELECT count(*) FROM visits WHERE ticket_prefix = 'Z'"));
        await writer.DisposeAsync();
    }
}
