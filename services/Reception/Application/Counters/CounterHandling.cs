using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using HallPlatform.Application;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Reception.Application.Counters;

/// <summary>What the audit trail keeps of a counter: open or closed, and by whom.</summary>
public sealed record CounterAuditSnapshot(string HallId, bool IsOpen, string? StaffId)
{
    public static CounterAuditSnapshot Of(Counter counter) => new(counter.HallId, counter.IsOpen, counter.StaffId);
}

/// <summary>
/// Opens and closes counters. A counter is open for one staff member at a time, and every action there is attributed
/// to them. The change and its queue event are one PostgreSQL transaction; Redis and the cached hall setup follow.
/// </summary>
public sealed class CounterHandling(
    ReceptionDbContext db,
    QueueStore queue,
    HallClock clock,
    HallSetupCache setups,
    ReceptionAudit audit,
    HallAccess access,
    ILogger<CounterHandling> logger)
{
    public const int StaffIdMaxLength = 40;

    public async Task<Outcome<CounterView>> OpenCounterAsync(string counterId, string? staffId, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var staff = errors.RequiredText("staffId", staffId, StaffIdMaxLength);
        if (errors.Any)
        {
            return Outcome<CounterView>.Invalid(errors.ToDictionary());
        }
        var counter = await db.Counters.FirstOrDefaultAsync(c => c.Id == counterId, cancellationToken);
        if (counter is null || !access.MayWorkIn(counter.HallId))
        {
            return Outcome<CounterView>.NotFoundById("Counter", counterId);
        }
        if (counter.IsOpen && counter.StaffId is not null && counter.StaffId != staff)
        {
            return Outcome<CounterView>.Conflict("Counter is open by someone else.",
                $"Counter '{counterId}' is open by staff '{counter.StaffId}': close it before staff '{staff}' opens it.");
        }
        if (counter.IsOpen && counter.StaffId == staff)
        {
            return Outcome<CounterView>.Ok(ToView(counter));
        }
        var before = CounterAuditSnapshot.Of(counter);
        counter.IsOpen = true;
        counter.StaffId = staff;
        db.QueueEvents.Add(new QueueEvent { HallId = counter.HallId, Type = QueueEventTypes.CounterOpened, At = clock.Now(), CounterId = counterId, StaffId = staff });
        audit.Record(ReceptionAudit.CounterOpened, ReceptionAudit.CounterRecord, counterId, before: before,
            after: CounterAuditSnapshot.Of(counter), hallId: counter.HallId);
        if (await RecordSteps.SaveAsync<CounterView>(db, logger, "Counter", counterId) is { } failure)
        {
            return failure;
        }
        await RecordSteps.TryQueueStepAsync(logger, counterId, () => queue.SetCounterAsync(counter.HallId, counterId, open: true, staff));
        // Guidance (open counters) comes from the cached hall setup.
        await setups.InvalidateAsync(counter.HallId);
        Log.CounterOpenedOrClosed(logger, counterId, "opened", staff);
        return Outcome<CounterView>.Ok(ToView(counter));
    }

    public async Task<Outcome<CounterView>> CloseCounterAsync(string counterId, CancellationToken cancellationToken)
    {
        var counter = await db.Counters.FirstOrDefaultAsync(c => c.Id == counterId, cancellationToken);
        if (counter is null || !access.MayWorkIn(counter.HallId))
        {
            return Outcome<CounterView>.NotFoundById("Counter", counterId);
        }
        if (!counter.IsOpen)
        {
            return Outcome<CounterView>.Ok(ToView(counter));
        }
        var before = CounterAuditSnapshot.Of(counter);
        var staff = counter.StaffId;
        counter.IsOpen = false;
        counter.StaffId = null;
        db.QueueEvents.Add(new QueueEvent { HallId = counter.HallId, Type = QueueEventTypes.CounterClosed, At = clock.Now(), CounterId = counterId, StaffId = staff });
        audit.Record(ReceptionAudit.CounterClosed, ReceptionAudit.CounterRecord, counterId, before: before,
            after: CounterAuditSnapshot.Of(counter), hallId: counter.HallId);
        if (await RecordSteps.SaveAsync<CounterView>(db, logger, "Counter", counterId) is { } failure)
        {
            return failure;
        }
        await RecordSteps.TryQueueStepAsync(logger, counterId, async () =>
        {
            await queue.SetCounterAsync(counter.HallId, counterId, open: false, null);
            await queue.ResetStreakAsync(counter.HallId, counterId);
        });
        await setups.InvalidateAsync(counter.HallId);
        Log.CounterOpenedOrClosed(logger, counterId, "closed", staff);
        return Outcome<CounterView>.Ok(ToView(counter));
    }

    private static CounterView ToView(Counter counter) => new(counter.Id, counter.Name, counter.ServiceTypes, counter.IsOpen, counter.StaffId);
}
