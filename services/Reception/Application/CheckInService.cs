using System.Diagnostics;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using HallPlatform.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Reception.Application;

/// <summary>A check-in's result; <see cref="Replayed"/> when an idempotent retry returned the first visit.</summary>
public sealed record CheckInResult(VisitView Visit, bool Replayed);

/// <summary>
/// Checks a customer in: validates, issues a ticket in Redis, records the visit in PostgreSQL. The ticket exists
/// only if the visit is recorded: a failed insert takes the ticket back (compensation) before answering.
/// </summary>
public sealed class CheckInService(
    ReceptionDbContext db,
    QueueStore queue,
    HallCatalogue catalogue,
    HallClock clock,
    ILogger<CheckInService> logger)
{
    public const int IdempotencyKeyMaxLength = 100;

    public async Task<Outcome<CheckInResult>> CheckInAsync(CheckInCommand command, CancellationToken cancellationToken)
    {
        var hallId = catalogue.ResolveHallId(command.HallId);
        var hall = await catalogue.LoadAsync(hallId, cancellationToken);
        var errors = new FieldErrors();
        if (hall is null)
        {
            errors.Add("hallId", $"Unknown hall '{hallId}'.");
        }
        errors.Add("customerName", CustomerData.ValidateName(command.CustomerName));
        errors.Add("customerPhone", CustomerData.ValidatePhone(command.CustomerPhone));
        ServiceType? serviceType = null;
        if (string.IsNullOrWhiteSpace(command.ServiceType))
        {
            errors.Add("serviceType", "The service type is required.");
        }
        else if (hall is not null && (serviceType = hall.FindServiceType(command.ServiceType)) is null)
        {
            errors.Add("serviceType", $"Unknown service type '{command.ServiceType}' for hall '{hallId}'.");
        }
        if (!VisitChannels.TryParse(command.Channel, out var channel))
        {
            errors.Add("channel", $"Unknown channel '{command.Channel}': use store, kiosk, web or mobile.");
        }
        errors.Add("idempotencyKey", ValidateIdempotencyKey(command.IdempotencyKey));
        if (errors.Any || hall is null || serviceType is null)
        {
            return Failure.Invalid(errors.ToDictionary());
        }

        var customerName = command.CustomerName!.Trim();
        var customerPhone = command.CustomerPhone!;
        var visitId = Visit.NewId();
        var arrivedAt = clock.Now();
        var businessDay = clock.BusinessDay(arrivedAt);

        using var activity = ReceptionTelemetry.Source.StartActivity("reception.check-in");
        activity?.SetTag("hall.id", hallId);
        activity?.SetTag("hall.service_type", serviceType.Code);
        activity?.SetTag("hall.visit_id", visitId);

        IssuedTicket ticket;
        try
        {
            ticket = await queue.CheckInAsync(hallId, visitId, serviceType, businessDay, arrivedAt.ToUnixTimeMilliseconds(),
                ReceptionTelemetry.CurrentTraceParent(), command.IdempotencyKey);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            Log.QueueUnavailable(logger, ex);
            activity?.SetStatus(ActivityStatusCode.Error, "queue unavailable");
            return Failure.Unavailable("The queue is unreachable; no ticket was issued. Please try again.");
        }

        if (ticket.ExistingVisitId is { } existingId)
        {
            activity?.SetTag("hall.idempotent_replay", true);
            return await ReplayAsync(existingId, command, hallId, serviceType, channel, hall, cancellationToken);
        }

        activity?.SetTag("hall.ticket_number", ticket.Number);
        var visit = Visit.Issue(visitId, hallId, customerName, customerPhone, serviceType.Code, channel, serviceType.Prefix,
            businessDay, ticket.Sequence, arrivedAt, command.IdempotencyKey);

        // From here on the ticket exists: finish or take it back even if the caller goes away.
        if (!await RecordAsync(visit))
        {
            activity?.SetStatus(ActivityStatusCode.Error, "visit not recorded");
            return Failure.Unavailable("The visit could not be recorded; no ticket was issued. Please try again.");
        }

        Log.CheckedIn(logger, visitId, hallId, visit.TicketNumber, serviceType.Code, ticket.Position);
        return new CheckInResult(
            VisitView.From(visit, ticket.Position, hall.EstimateWait(serviceType, ticket.Position), hall.GuidanceFor(serviceType)),
            Replayed: false);
    }

    public static string? ValidateIdempotencyKey(string? key) =>
        key is null ? null
        : key.Length is 0 or > IdempotencyKeyMaxLength || key.AsSpan().ContainsAnyExceptInRange((char)0x21, (char)0x7E)
            ? $"The idempotency key must be 1 to {IdempotencyKeyMaxLength} visible ASCII characters."
            : null;

    private async Task<bool> RecordAsync(Visit visit)
    {
        try
        {
            db.Visits.Add(visit);
            await db.SaveChangesAsync(CancellationToken.None);
            return true;
        }
        catch (Exception insertFailure)
        {
            db.ChangeTracker.Clear();
            if (await WasRecordedAfterAllAsync(visit.Id))
            {
                // The commit went through but its acknowledgement was lost (a retried insert then hit the key).
                return true;
            }
            try
            {
                await queue.CancelAsync(visit.HallId, visit.Id, visit.ServiceType, visit.IdempotencyKey);
                Log.CheckInCompensated(logger, insertFailure, visit.Id, visit.TicketNumber);
            }
            catch (Exception compensationFailure)
            {
                // A waiting ticket without a visit row: call-next notices the missing row and drops it.
                Log.CheckInCompensationFailed(logger, new AggregateException(insertFailure, compensationFailure), visit.Id);
            }
            return false;
        }
    }

    private async Task<bool> WasRecordedAfterAllAsync(string visitId)
    {
        try
        {
            return await db.Visits.AsNoTracking().AnyAsync(v => v.Id == visitId, CancellationToken.None);
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// A retry with an idempotency key already used: the first visit, if it is recorded and is the same check-in.
    /// </summary>
    private async Task<Outcome<CheckInResult>> ReplayAsync(string existingId, CheckInCommand command, string hallId,
        ServiceType serviceType, VisitChannel channel, HallSetup hall, CancellationToken cancellationToken)
    {
        var existing = await db.Visits.AsNoTracking().FirstOrDefaultAsync(v => v.Id == existingId, cancellationToken);
        if (existing is null)
        {
            return new Failure(FailureKind.Conflict, "Check-in in progress.",
                "A check-in with this idempotency key is still being processed. Retry shortly.");
        }
        var sameRequest = existing.HallId == hallId && existing.ServiceType == serviceType.Code && existing.Channel == channel
            && existing.CustomerName == command.CustomerName!.Trim() && existing.CustomerPhone == command.CustomerPhone;
        if (!sameRequest)
        {
            return new Failure(FailureKind.Conflict, "Idempotency key already used.",
                "This idempotency key was used for a different check-in. Use a new key for a new check-in.");
        }
        var position = existing.Status == VisitStatus.Waiting ? await queue.PositionAsync(hallId, serviceType.Code, existing.Id) : null;
        var estimate = position is { } p ? hall.EstimateWait(serviceType, p) : (int?)null;
        return new CheckInResult(VisitView.From(existing, position, estimate, hall.GuidanceFor(serviceType)), Replayed: true);
    }
}
