using System.Diagnostics;
using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using HallPlatform.Application;
using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HallPlatform.Reception.Application.Queue;

/// <summary>What the audit trail keeps of a check-in: the visit's state, how it came in, whether an ID document was shown.</summary>
public sealed record CheckInSnapshot(string Status, string HallId, string ServiceType, string TicketNumber, string PriorityClass, string Channel,
    string? AppointmentId, bool IdDocumentShown)
{
    public static CheckInSnapshot Of(Visit visit) => new(visit.Status.ToWire(), visit.HallId, visit.ServiceType, visit.TicketNumber,
        visit.PriorityClass.ToWire(), visit.Channel.ToWire(), visit.AppointmentId, visit.IdDocumentNumber is not null);
}

/// <summary>
/// Checks a customer in: validates, issues a ticket in Redis, records the visit in PostgreSQL. The ticket exists
/// only if the visit is recorded: a failed insert takes the ticket back (compensation) before answering.
/// The hot path (a walk-in) reads the hall from the <see cref="HallSetupCache"/>, makes one Redis round trip and
/// hands the visit and its event to the group-commit <see cref="VisitRecordWriter"/>; the answer is built from what
/// the script returned.
/// </summary>
public sealed class CheckInHandling(
    ReceptionDbContext db,
    QueueStore queue,
    HallCatalogue catalogue,
    HallSetupCache setups,
    VisitRecordWriter writer,
    WaitEstimator estimator,
    HallClock clock,
    VisitQueries visits,
    ReceptionAudit audit,
    HallAccess access,
    PersonalDataProtector protector,
    BlindIndex blindIndex,
    IOptions<ReceptionOptions> options,
    ILogger<CheckInHandling> logger)
{
    public const int IdempotencyKeyMaxLength = ScopedIdempotencyKey.ClientKeyMaxLength;

    public async Task<Outcome<VisitView>> CheckInAsync(CheckInCommand command, CancellationToken cancellationToken)
    {
        var arrivedAt = clock.Now();
        Appointment? appointment = null;
        if (!string.IsNullOrWhiteSpace(command.AppointmentId))
        {
            appointment = await db.Appointments.FirstOrDefaultAsync(a => a.Id == command.AppointmentId, cancellationToken);
            if (appointment is null)
            {
                return Outcome<VisitView>.Invalid("appointmentId", $"Unknown appointment '{command.AppointmentId}'.");
            }
            if (appointment.UsedByVisitId is not null)
            {
                return AppointmentUsed(appointment.Id);
            }
            // The appointment says where and for what; the customer need not repeat it.
            command = command with
            {
                HallId = command.HallId ?? appointment.HallId,
                ServiceType = command.ServiceType ?? appointment.ServiceType,
                CustomerName = command.CustomerName ?? appointment.CustomerName,
                CustomerPhone = command.CustomerPhone ?? appointment.CustomerPhone,
            };
        }

        var hallId = catalogue.ResolveHallId(command.HallId);
        var hall = await setups.GetAsync(hallId);
        var errors = new FieldErrors();
        if (hall is null)
        {
            errors.Add("hallId", $"Unknown hall '{hallId}'.");
        }
        errors.Add("customerName", CustomerData.ValidateName(command.CustomerName));
        errors.Add("customerPhone", CustomerData.ValidatePhone(command.CustomerPhone, out var customerPhone));
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
        if (!PriorityClasses.TryParse(command.PriorityClass, allowAppointment: false, out var priorityClass))
        {
            errors.Add("priorityClass", $"Unknown priority class '{command.PriorityClass}': use normal, green or vip (appointment holders check in with appointmentId).");
        }
        var (documentTypeError, documentNumberError) = IdDocuments.Validate(command.IdDocumentType, command.IdDocumentNumber);
        errors.Add("idDocumentType", documentTypeError);
        errors.Add("idDocumentNumber", documentNumberError);
        errors.Add("idempotencyKey", ValidateIdempotencyKey(command.IdempotencyKey));
        if (appointment is not null && hall is not null && (appointment.HallId != hallId || (serviceType is not null && appointment.ServiceType != serviceType.Code)))
        {
            errors.Add("appointmentId", $"Appointment '{appointment.Id}' is for {appointment.ServiceType} in hall {appointment.HallId}.");
        }
        if (errors.Any || hall is null || serviceType is null)
        {
            return Outcome<VisitView>.Invalid(errors.ToDictionary());
        }

        if (appointment is not null)
        {
            var window = options.Value.Appointments;
            switch (AppointmentWindow.Classify(appointment.StartsAt, arrivedAt, TimeSpan.FromMinutes(window.EarlyMinutes), TimeSpan.FromMinutes(window.LateMinutes)))
            {
                case AppointmentArrival.TooEarly:
                    var from = TimeZoneInfo.ConvertTime(appointment.StartsAt.AddMinutes(-window.EarlyMinutes), clock.Zone);
                    return Outcome<VisitView>.Conflict("Too early for the appointment.",
                        $"Appointment '{appointment.Id}' starts at {TimeZoneInfo.ConvertTime(appointment.StartsAt, clock.Zone):yyyy-MM-dd HH:mm}; check in from {from:HH:mm}, or take a walk-in ticket now.");
                case AppointmentArrival.InWindow:
                    priorityClass = PriorityClass.Appointment;
                    break;
                case AppointmentArrival.Late:
                    // Late appointment holders join like walk-ins (the documented rule).
                    priorityClass = PriorityClass.Normal;
                    break;
            }
        }

        var customerName = command.CustomerName!.Trim();
        var visitId = Visit.NewId();
        // Scoped per verified caller: another caller sending the same key gets its own visit, never this one.
        var storedKey = command.IdempotencyKey is { } key ? ScopedIdempotencyKey.For(access.Caller, key) : null;
        var businessDay = clock.BusinessDay(arrivedAt);

        using var activity = ReceptionTelemetry.Source.StartActivity("reception.check-in");
        activity?.SetTag("hall.id", hallId);
        activity?.SetTag("hall.service_type", serviceType.Code);
        activity?.SetTag("hall.visit_id", visitId);
        activity?.SetTag("hall.priority_class", priorityClass.ToWire());

        IssuedTicket ticket;
        try
        {
            ticket = await queue.CheckInAsync(hallId, visitId, serviceType, businessDay, arrivedAt.ToUnixTimeMilliseconds(),
                JourneyTrace.Current(), storedKey, priorityClass);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            Log.QueueUnavailable(logger, ex);
            activity?.SetStatus(ActivityStatusCode.Error, "queue unavailable");
            return Outcome<VisitView>.Unavailable("The queue is unreachable; no ticket was issued. Please try again.");
        }

        if (ticket.ExistingVisitId is { } existingId)
        {
            activity?.SetTag("hall.idempotent_replay", true);
            return await ReplayAsync(existingId, command.CustomerName!.Trim(), customerPhone, hallId, serviceType, channel, cancellationToken);
        }

        activity?.SetTag("hall.ticket_number", ticket.Number);
        var visit = Visit.Issue(visitId, hallId, customerName, customerPhone, serviceType.Code, channel, serviceType.Prefix,
            businessDay, ticket.Sequence, arrivedAt, storedKey, priorityClass, appointment?.Id,
            string.IsNullOrWhiteSpace(command.IdDocumentType) ? null : command.IdDocumentType,
            string.IsNullOrWhiteSpace(command.IdDocumentNumber) ? null : command.IdDocumentNumber,
            // The phone is already normalised, so this equals BlindIndex.ForPhone.
            blindIndex.Of(customerPhone),
            JourneyIds.New());
        // The journey starts here: its id on the span lets an operator filter the dashboard by journey.
        activity?.SetTag("hall.journey_id", visit.JourneyId);
        visit.RememberJourneyTrace(JourneyTrace.Current());
        appointment?.UsedByVisitId = visit.Id;

        // From here on the ticket exists: finish or take it back even if the caller goes away.
        if (!await RecordAsync(visit, appointment))
        {
            activity?.SetStatus(ActivityStatusCode.Error, "visit not recorded");
            if (appointment is not null && await AppointmentUsedMeanwhileAsync(appointment.Id))
            {
                return AppointmentUsed(appointment.Id);
            }
            return Outcome<VisitView>.Unavailable("The visit could not be recorded; no ticket was issued. Please try again.");
        }

        Log.CheckedIn(logger, visitId, hallId, visit.TicketNumber, serviceType.Code, ticket.Position);
        return Outcome<VisitView>.Created(await IssuedViewAsync(visit, hall, serviceType, ticket));
    }

    /// <summary>The new visit's view from the script's rank and priority count: no further queue or catalogue reads.</summary>
    private async Task<VisitView> IssuedViewAsync(Visit visit, HallSetup hall, ServiceType serviceType, IssuedTicket ticket)
    {
        int position;
        int estimate;
        try
        {
            (position, estimate) = await estimator.ForIssuedAsync(hall, serviceType, visit.PriorityClass, ticket.Position - 1, ticket.PriorityWaiting);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            // The recent service times are unreadable: estimate with the catalogue's average instead.
            Log.QueueUnavailable(logger, ex);
            position = WaitEstimate.Position(visit.PriorityClass.IsPriority(), ticket.Position - 1, ticket.PriorityWaiting,
                options.Value.FairnessSettings.PriorityStreak);
            estimate = hall.EstimateWait(serviceType, position, serviceType.AverageServiceSeconds);
        }
        return VisitView.From(visit, position, estimate, hall.GuidanceFor(serviceType)) with { CaseOwner = serviceType.CaseOwner };
    }

    private static Outcome<VisitView> AppointmentUsed(string appointmentId) => Outcome<VisitView>.Conflict("Appointment already used.", $"Appointment '{appointmentId}' was already used for a check-in; an appointment is used once.");

    private async Task<bool> AppointmentUsedMeanwhileAsync(string appointmentId)
    {
        try
        {
            return await db.Visits.AsNoTracking().AnyAsync(v => v.AppointmentId == appointmentId, CancellationToken.None);
        }
        catch (Exception)
        {
            return false;
        }
    }

    public static string? ValidateIdempotencyKey(string? key) =>
        key is null ? null
        : key.Length is 0 or > IdempotencyKeyMaxLength || key.AsSpan().ContainsAnyExceptInRange((char)0x21, (char)0x7E)
            ? $"The idempotency key must be 1 to {IdempotencyKeyMaxLength} visible ASCII characters."
            : null;

    private async Task<bool> RecordAsync(Visit visit, Appointment? appointment)
    {
        // The event is written in the same transaction as the visit: no visit without its record, or the reverse.
        var reason = visit.PriorityClass.IsPriority() ? "priorityClass:" + visit.PriorityClass.ToWire() : null;
        var snapshot = CheckInSnapshot.Of(visit);
        try
        {
            if (appointment is null)
            {
                // Walk-ins: one statement in the next group commit, awaited (no answer before the commit). Encrypted
                // here, on the request, so the writer's queue never holds personal data in clear.
                await writer.CheckInAsync(visit, StoredCustomer.Protect(visit, protector), reason,
                    audit.ForWriter(ReceptionAudit.CheckedIn, visit.Id, before: null, after: snapshot));
            }
            else
            {
                // Appointment check-ins also mark the appointment used (tracked by EF, same transaction).
                db.Visits.Add(visit);
                db.QueueEvents.Add(QueueEvent.For(visit, QueueEventTypes.CheckedIn, visit.ArrivedAt, reason: reason));
                audit.Record(ReceptionAudit.CheckedIn, ReceptionAudit.VisitRecord, visit.Id, visit.CustomerPhoneRef, after: snapshot, hallId: visit.HallId);
                await db.SaveChangesAsync(CancellationToken.None);
            }
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
    /// A retry with an idempotency key this caller already used: the first visit, if it is recorded and is the same
    /// check-in (the phone compared in its normalised form, so "138 0013 8000" repeats "13800138000").
    /// </summary>
    private async Task<Outcome<VisitView>> ReplayAsync(string existingId, string customerName, string customerPhone, string hallId,
        ServiceType serviceType, VisitChannel channel, CancellationToken cancellationToken)
    {
        var existing = await db.Visits.AsNoTracking().FirstOrDefaultAsync(v => v.Id == existingId, cancellationToken);
        if (existing is null)
        {
            return Outcome<VisitView>.Conflict("Check-in in progress.",
                "A check-in with this idempotency key is still being processed. Retry shortly.");
        }
        var sameRequest = existing.HallId == hallId && existing.ServiceType == serviceType.Code && existing.Channel == channel
            && existing.CustomerName == customerName && existing.CustomerPhone == customerPhone;
        if (!sameRequest)
        {
            return Outcome<VisitView>.KeyReused(
                "This idempotency key was used for a different check-in. Use a new key for a new check-in.");
        }
        return Outcome<VisitView>.Replayed(await visits.ViewAsync(existing, cancellationToken));
    }
}
