using System.Globalization;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Fault.Data;
using HallPlatform.Fault.Domain;
using HallPlatform.Identity;
using HallPlatform.Messaging;
using HallPlatform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HallPlatform.Fault.Application;

/// <summary>A technician's record as sent (PUT body), not yet checked.</summary>
public sealed record SaveTechnicianCommand(
    string? HallId, string? DisplayName, IReadOnlyList<string?>? Skills, IReadOnlyList<string?>? Areas, bool? Active,
    IReadOnlyList<WorkingWindowCommand?>? WorkingHours, IReadOnlyList<string?>? BlockedDays);

/// <summary>One working window as sent: day name, "HH:mm" start and end (hall time).</summary>
public sealed record WorkingWindowCommand(string? Day, string? Start, string? End);

/// <summary>A booking or rescheduling request as sent: the window agreed with the customer (UTC), the area, a reason.</summary>
public sealed record BookWindowCommand(string? Start, string? End, string? Area, string? Reason);

/// <summary>The free slots for a ticket in a range.</summary>
public sealed record SlotSearchResult(
    string TicketId, string TicketType, string Area, DateTimeOffset From, DateTimeOffset To, int SlotMinutes, IReadOnlyList<FreeSlot> Slots);

/// <summary>An appointment with its technician's name (staff data) and the ticket's status after the step.</summary>
public sealed record AppointmentResult(Appointment Appointment, string TechnicianName, TicketStatus TicketStatus);

/// <summary>
/// Technicians and on-site appointments (docs/fault.md, "Dispatch and appointments"): technician data, slot search,
/// booking (dispatch), reschedule, cancel, arrival and outcome. REST calls these; each change is saved with its audit
/// entry, the customer's message and the outbox event in one SaveChanges.
/// </summary>
public sealed partial class Dispatching(
    FaultDbContext db,
    TroubleTicketHandling tickets,
    AuditTrail audit,
    CommunicationOutbox communications,
    TimeProvider time,
    IHallCallerAccessor callers,
    IOptions<DispatchOptions> options,
    ILogger<Dispatching> logger)
{
    private const int MaxAttempts = 5;

    private DispatchOptions Settings => options.Value;

    // ---------------------------------------------------------------- technicians

    /// <summary>Technicians of the caller's halls (all for all-hall staff), by staff id.</summary>
    public async Task<Outcome<ResultPage<Technician>>> ListTechniciansAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var query = VisibleTechnicians().AsNoTracking();
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(t => t.StaffId).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return Outcome<ResultPage<Technician>>.Ok(page.Of<Technician>(items, total));
    }

    public async Task<Outcome<Technician>> GetTechnicianAsync(string staffId, CancellationToken cancellationToken)
    {
        var technician = await VisibleTechnicians().AsNoTracking().SingleOrDefaultAsync(t => t.StaffId == staffId, cancellationToken);
        return technician is null ? TechnicianNotFound(staffId) : Outcome<Technician>.Ok(technician);
    }

    /// <summary>Creates (Created) or replaces (Ok) a technician's record: supervisors and administrators of its hall.</summary>
    public async Task<Outcome<Technician>> SaveTechnicianAsync(string staffId, SaveTechnicianCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var caller = callers.Current;
        if (!MayEditTechnicians(caller))
        {
            return Outcome<Technician>.Forbidden("Supervisors only", "Technician data is edited by supervisors and administrators.");
        }
        var errors = new FieldErrors();
        var checkedCommand = ValidateTechnician(staffId, command, errors);
        if (checkedCommand is null)
        {
            return Outcome<Technician>.Invalid(errors.ToDictionary());
        }
        var (hallId, name, skills, areas, active, hours, blocked) = checkedCommand.Value;
        if (!caller.MayReachHall(hallId))
        {
            return Outcome<Technician>.Forbidden("Not your hall", $"You may edit technicians of your own halls only, not '{hallId}'.");
        }
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetStoredUtcNow();
            var existing = await db.Technicians.SingleOrDefaultAsync(t => t.StaffId == staffId, cancellationToken);
            if (existing is not null && !caller.MayReachHall(existing.HallId))
            {
                return TechnicianNotFound(staffId);
            }
            TechnicianAuditSnapshot? before = null;
            Technician technician;
            if (existing is null)
            {
                technician = new Technician(staffId, hallId, name, skills, areas, active, hours, blocked, now, caller.Id);
                db.Technicians.Add(technician);
            }
            else
            {
                before = TechnicianAuditSnapshot.Of(existing);
                if (existing.HallId != hallId)
                {
                    return Outcome<Technician>.Invalid("hallId", "hallId cannot change: a technician of another hall is a new record.");
                }
                existing.Update(name, skills, areas, active, hours, blocked, now, caller.Id);
                technician = existing;
            }
            audit.Record(DispatchAudit.TechnicianSavedAction, DispatchAudit.TechnicianRecordType, staffId, customerRef: null, before,
                TechnicianAuditSnapshot.Of(technician), hallId);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                LogTechnicianSaved(staffId, hallId);
                return existing is null ? Outcome<Technician>.Created(technician) : Outcome<Technician>.Ok(technician);
            }
            catch (DbUpdateException exception) when (attempt < MaxAttempts
                && (exception is DbUpdateConcurrencyException || IsPrimaryKeyViolation(exception)))
            {
                // A concurrent save of the same technician won: replace its version with this one.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Checks a technician's record; field errors keyed by the camelCase field name.</summary>
    public static (string HallId, string Name, string[] Skills, string[] Areas, bool Active, string[] Hours, DateOnly[] Blocked)? ValidateTechnician(
        string staffId, SaveTechnicianCommand command, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(staffId) || staffId.Length > Technician.MaxStaffIdLength || staffId.Any(c => c <= ' ' || c >= 127))
        {
            errors.Add("staffId", $"staffId must be 1-{Technician.MaxStaffIdLength} printable characters without spaces (the staff id in tokens).");
        }
        var hallId = HallIds.Required("hallId", command.HallId, errors);
        var name = errors.RequiredText("displayName", command.DisplayName, Technician.MaxDisplayNameLength);

        var skills = new List<string>();
        if (command.Skills is not { Count: > 0 })
        {
            errors.Add("skills", $"skills is required: one or more of {string.Join(", ", WireNames<TicketType>.All)}.");
        }
        else if (command.Skills.Count > WireNames<TicketType>.All.Count)
        {
            errors.Add("skills", $"skills holds at most {WireNames<TicketType>.All.Count} categories.");
        }
        else
        {
            for (var i = 0; i < command.Skills.Count; i++)
            {
                if (WireNames<TicketType>.TryParseLenient(command.Skills[i], out var skill))
                {
                    skills.Add(skill.ToWire());
                }
                else
                {
                    errors.Add($"skills[{i}]", $"Unknown skill: use one of {string.Join(", ", WireNames<TicketType>.All)}.");
                }
            }
        }

        var areas = new List<string>();
        if (command.Areas is not { Count: > 0 })
        {
            errors.Add("areas", "areas is required: one or more area codes the technician covers.");
        }
        else if (command.Areas.Count > Technician.MaxAreas)
        {
            errors.Add("areas", $"areas holds at most {Technician.MaxAreas} codes.");
        }
        else
        {
            for (var i = 0; i < command.Areas.Count; i++)
            {
                var area = command.Areas[i]?.Trim();
                if (AreaCodes.IsValid(area))
                {
                    areas.Add(area!);
                }
                else
                {
                    errors.Add($"areas[{i}]", $"areas[{i}] {AreaCodes.InvalidMessage}");
                }
            }
        }

        if (command.Active is null)
        {
            errors.Add("active", "active is required (true when the technician takes appointments).");
        }

        var windows = new List<WorkingWindow>();
        if (command.WorkingHours is { Count: > Technician.MaxWorkingWindows })
        {
            errors.Add("workingHours", $"workingHours holds at most {Technician.MaxWorkingWindows} windows.");
        }
        else if (command.WorkingHours is { } hours)
        {
            for (var i = 0; i < hours.Count; i++)
            {
                var window = hours[i];
                if (window is null || !WorkingWindow.TryParse($"{window.Day} {window.Start}-{window.End}", out var parsed)
                    || window.Day?.Trim().Length > 9 || window.Start?.Trim().Length != 5 || window.End?.Trim().Length != 5)
                {
                    errors.Add($"workingHours[{i}]", "A working window is a day (monday..sunday) and start and end times HH:mm, start before end.");
                    continue;
                }
                if (windows.Any(w => w.Day == parsed.Day && w.Start < parsed.End && parsed.Start < w.End))
                {
                    errors.Add($"workingHours[{i}]", "Working windows of the same day must not overlap.");
                    continue;
                }
                windows.Add(parsed);
            }
        }

        var blocked = new List<DateOnly>();
        if (command.BlockedDays is { Count: > Technician.MaxBlockedDays })
        {
            errors.Add("blockedDays", $"blockedDays holds at most {Technician.MaxBlockedDays} days.");
        }
        else if (command.BlockedDays is { } days)
        {
            for (var i = 0; i < days.Count; i++)
            {
                if (DateOnly.TryParseExact(days[i]?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                    && day.Year is >= 2000 and <= 2100)
                {
                    blocked.Add(day);
                }
                else
                {
                    errors.Add($"blockedDays[{i}]", "A blocked day is a date yyyy-MM-dd (hall time) between 2000 and 2100.");
                }
            }
        }
        if (errors.Any)
        {
            return null;
        }
        return (hallId!, name!, [.. skills.Distinct()], [.. areas.Distinct()], command.Active!.Value,
            [.. windows.OrderBy(w => w.Day).ThenBy(w => w.Start).Select(w => w.ToString())], [.. blocked.Distinct().Order()]);
    }

    // ---------------------------------------------------------------- slots

    /// <summary>
    /// The free windows for the ticket in [from, to): defaults from = now, to = from + 7 days; at most
    /// <see cref="DispatchOptions.MaxSearchDays"/> days, starting at most <see cref="DispatchOptions.MaxDaysAhead"/> days ahead.
    /// </summary>
    public async Task<Outcome<SlotSearchResult>> SearchSlotsAsync(string ticketId, string? from, string? to, string? area,
        CancellationToken cancellationToken)
    {
        var now = time.GetStoredUtcNow();
        var errors = new FieldErrors();
        var start = ParseTime(from, "from", errors) ?? now;
        var end = ParseTime(to, "to", errors) ?? start.AddDays(7);
        var areaCode = OptionalArea(area, errors);
        if (!errors.Any)
        {
            CheckRange(start, end, now, errors);
        }
        if (errors.Any)
        {
            return Outcome<SlotSearchResult>.Invalid(errors.ToDictionary());
        }
        var ticket = await tickets.VisibleTickets().AsNoTracking().SingleOrDefaultAsync(t => t.TicketId == ticketId, cancellationToken);
        if (ticket is null)
        {
            return TicketNotFound(ticketId).CastFailure<SlotSearchResult>();
        }
        var where = areaCode ?? ticket.Area;
        if (where is null)
        {
            return Outcome<SlotSearchResult>.Invalid("area", "area is required: the ticket has no area yet (give the area code of the site).");
        }
        var suitable = await SuitableTechniciansAsync(ticket, where, cancellationToken);
        var busy = await BusyAsync(suitable, start, end, exceptAppointmentId: null, cancellationToken);
        var slots = SlotRule.FreeSlots(suitable, busy, start, end, Settings.SlotLength, notBefore: now);
        return Outcome<SlotSearchResult>.Ok(new SlotSearchResult(ticket.TicketId, ticket.TicketType.ToWire(), where, start, end,
            (int)Settings.SlotLength.TotalMinutes, slots));
    }

    // ---------------------------------------------------------------- booking

    /// <summary>
    /// Dispatch: books the window agreed with the customer for an analysed ticket and assigns a technician by skill and
    /// area (least loaded that day, then the smallest staff id). A held or pending ticket goes back to inProgress (its
    /// resume or information-received step). Two bookings racing for one technician's window: the exclusion constraint
    /// (no overlapping windows of one technician) lets one insert; the other is decided again and gets another free
    /// technician, or 409 when none is left.
    /// </summary>
    public async Task<Outcome<AppointmentResult>> DispatchAsync(string ticketId, BookWindowCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var errors = new FieldErrors();
        var slot = ParseWindow(command, errors);
        var areaCode = OptionalArea(command.Area, errors);
        var reason = errors.OptionalText("reason", command.Reason, Appointment.MaxReasonLength);
        if (errors.Any)
        {
            return Outcome<AppointmentResult>.Invalid(errors.ToDictionary());
        }
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetStoredUtcNow();
            var ticket = await tickets.VisibleTickets().SingleOrDefaultAsync(t => t.TicketId == ticketId, cancellationToken);
            if (ticket is null)
            {
                return TicketNotFound(ticketId).CastFailure<AppointmentResult>();
            }
            using var journey = FaultTelemetry.JoinJourney(ticket, "fault.dispatch");
            if (slot!.Start < now)
            {
                return Outcome<AppointmentResult>.Invalid("start", "start must not be in the past.");
            }
            if (ticket.Analysis is null)
            {
                return Outcome<AppointmentResult>.Conflict("Analyse before dispatching",
                    $"Trouble ticket {ticketId} has no analysis yet; record the cause and findings first.");
            }
            var step = ticket.Status switch
            {
                TicketStatus.InProgress => (TicketStep?)null,
                TicketStatus.Held => TicketStep.Resume,
                TicketStatus.Pending => TicketStep.InformationReceived,
                _ => TicketStep.Reject,
            };
            if (step == TicketStep.Reject)
            {
                return Outcome<AppointmentResult>.Conflict("Ticket not open for dispatch",
                    $"Trouble ticket {ticketId} is {ticket.Status.ToWire()}; only inProgress, held or pending tickets are dispatched.");
            }
            if (await db.Appointments.AnyAsync(a => a.TicketId == ticketId
                    && (a.Status == AppointmentStatus.Booked || a.Status == AppointmentStatus.Arrived), cancellationToken))
            {
                return Outcome<AppointmentResult>.Conflict("Ticket already has an appointment",
                    $"Trouble ticket {ticketId} has an appointment; reschedule or cancel it instead.");
            }
            var where = areaCode ?? ticket.Area;
            if (where is null)
            {
                return Outcome<AppointmentResult>.Invalid("area", "area is required: the ticket has no area yet (give the area code of the site).");
            }
            var chosen = await ChooseTechnicianAsync(ticket, where, slot, exceptAppointmentId: null, cancellationToken);
            if (chosen is null)
            {
                return NoTechnicianFree(slot);
            }

            var from = ticket.Status;
            var before = TroubleTicketAuditSnapshot.Of(ticket);
            if (ticket.Area != where)
            {
                ticket.SetArea(where);
            }
            if (step is { } move && !ticket.TryTake(move, "technician visit booked", now, callers.Current.Id))
            {
                return Outcome<AppointmentResult>.Conflict("Ticket not open for dispatch", $"Trouble ticket {ticketId} cannot go back to inProgress now.");
            }
            var appointment = Appointment.Book(ticket.TicketId, ticket.HallId, where, slot, chosen.StaffId, now, callers.Current.Id, reason);
            db.Appointments.Add(appointment);
            RecordStep(ticket, appointment, chosen, before: null);
            if (ticket.Status != from)
            {
                tickets.RecordStatusMove(ticket, from, before);
            }
            var saved = await TrySaveAsync(attempt, cancellationToken);
            if (saved.Failure is { } failure)
            {
                return failure;
            }
            if (saved.Saved)
            {
                LogAppointmentBooked(ticketId, appointment.AppointmentId, chosen.StaffId);
                return Outcome<AppointmentResult>.Created(new AppointmentResult(appointment, chosen.DisplayName, ticket.Status));
            }
        }
    }

    /// <summary>A new window for the ticket's booked appointment, assigned by the same rules; the old window is freed.</summary>
    public async Task<Outcome<AppointmentResult>> RescheduleAsync(string ticketId, BookWindowCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var errors = new FieldErrors();
        var slot = ParseWindow(command, errors);
        var reason = errors.RequiredText("reason", command.Reason, Appointment.MaxReasonLength);
        if (!string.IsNullOrWhiteSpace(command.Area))
        {
            errors.Add("area", "area cannot change on a reschedule: cancel and dispatch again.");
        }
        if (errors.Any)
        {
            return Outcome<AppointmentResult>.Invalid(errors.ToDictionary());
        }
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetStoredUtcNow();
            if (slot!.Start < now)
            {
                return Outcome<AppointmentResult>.Invalid("start", "start must not be in the past.");
            }
            var found = await ActiveAppointmentAsync(ticketId, cancellationToken);
            if (found.Failure is { } failure)
            {
                return failure;
            }
            var (ticket, appointment) = found.Value;
            using var journey = FaultTelemetry.JoinJourney(ticket, "fault.appointment-change");
            if (AppointmentStateMachine.Next(appointment.Status, AppointmentStep.Reschedule) is null)
            {
                return StepRefused(appointment, AppointmentStep.Reschedule);
            }
            var chosen = await ChooseTechnicianAsync(ticket, appointment.Area, slot, appointment.AppointmentId, cancellationToken);
            if (chosen is null)
            {
                return NoTechnicianFree(slot);
            }
            var before = AppointmentAuditSnapshot.Of(appointment);
            appointment.TryTake(AppointmentStep.Reschedule, now, callers.Current.Id, reason, slot, chosen.StaffId);
            RecordStep(ticket, appointment, chosen, before);
            var saved = await TrySaveAsync(attempt, cancellationToken);
            if (saved.Failure is { } lost)
            {
                return lost;
            }
            if (saved.Saved)
            {
                return Outcome<AppointmentResult>.Ok(new AppointmentResult(appointment, chosen.DisplayName, ticket.Status));
            }
        }
    }

    /// <summary>Cancels the ticket's booked appointment (reason required); the window is freed, the ticket stays as it is.</summary>
    public Task<Outcome<AppointmentResult>> CancelAsync(string ticketId, string? reason, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var text = errors.RequiredText("reason", reason, Appointment.MaxReasonLength);
        return errors.Any
            ? Task.FromResult(Outcome<AppointmentResult>.Invalid(errors.ToDictionary()))
            : ChangeAppointmentAsync(ticketId, AppointmentStep.Cancel, assignedOnly: false, (ticket, appointment, now) =>
            {
                appointment.TryTake(AppointmentStep.Cancel, now, callers.Current.Id, text);
                return null;
            }, cancellationToken);
    }

    /// <summary>The assigned technician (or a supervisor or administrator) records arrival on site.</summary>
    public Task<Outcome<AppointmentResult>> ArriveAsync(string ticketId, string? remark, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var text = errors.OptionalText("remark", remark, Appointment.MaxReasonLength);
        return errors.Any
            ? Task.FromResult(Outcome<AppointmentResult>.Invalid(errors.ToDictionary()))
            : ChangeAppointmentAsync(ticketId, AppointmentStep.Arrive, assignedOnly: true, (ticket, appointment, now) =>
            {
                appointment.TryTake(AppointmentStep.Arrive, now, callers.Current.Id, text);
                return null;
            }, cancellationToken);
    }

    /// <summary>
    /// The outcome on site: <c>fixed</c> records the work done and resolves the ticket (the resolve step, the work done
    /// as the resolution); <c>notFixed</c> records the work done and why, and the ticket waits for another appointment.
    /// </summary>
    public Task<Outcome<AppointmentResult>> RecordOutcomeAsync(string ticketId, string? outcome, string? workDone, string? reason,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        AppointmentStep? step = outcome?.Trim() switch
        {
            "fixed" => AppointmentStep.Fix,
            "notFixed" => AppointmentStep.NotFix,
            _ => null,
        };
        if (step is null)
        {
            errors.Add("outcome", "outcome is required: fixed or notFixed.");
        }
        var work = errors.RequiredText("workDone", workDone, Appointment.MaxWorkDoneLength);
        var why = step == AppointmentStep.NotFix
            ? errors.RequiredText("reason", reason, Appointment.MaxReasonLength)
            : errors.OptionalText("reason", reason, Appointment.MaxReasonLength);
        if (errors.Any)
        {
            return Task.FromResult(Outcome<AppointmentResult>.Invalid(errors.ToDictionary()));
        }
        return ChangeAppointmentAsync(ticketId, step!.Value, assignedOnly: true, (ticket, appointment, now) =>
        {
            if (step == AppointmentStep.Fix)
            {
                // The existing resolve step: the work done is the resolution, the SLA clock stops.
                var from = ticket.Status;
                var before = TroubleTicketAuditSnapshot.Of(ticket);
                if (!ticket.TryTake(TicketStep.Resolve, work!, now, callers.Current.Id))
                {
                    return Outcome<AppointmentResult>.Conflict("Ticket not in progress",
                        $"Trouble ticket {ticket.TicketId} is {ticket.Status.ToWire()}; only an inProgress ticket is resolved.");
                }
                tickets.RecordStatusMove(ticket, from, before);
            }
            appointment.TryTake(step.Value, now, callers.Current.Id, why, workDone: work);
            return null;
        }, cancellationToken);
    }

    /// <summary>The ticket's appointments, newest first (404 for a ticket the caller cannot see).</summary>
    public async Task<Outcome<IReadOnlyList<AppointmentResult>>> ListAppointmentsAsync(string ticketId, CancellationToken cancellationToken)
    {
        var ticket = await tickets.VisibleTickets().AsNoTracking().SingleOrDefaultAsync(t => t.TicketId == ticketId, cancellationToken);
        if (ticket is null)
        {
            return TicketNotFound(ticketId).CastFailure<IReadOnlyList<AppointmentResult>>();
        }
        var appointments = await db.Appointments.AsNoTracking().Where(a => a.TicketId == ticketId)
            .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.AppointmentId).Take(100).ToListAsync(cancellationToken);
        var ids = appointments.Select(a => a.TechnicianId).Distinct().ToList();
        var names = await db.Technicians.AsNoTracking().Where(t => ids.Contains(t.StaffId))
            .ToDictionaryAsync(t => t.StaffId, t => t.DisplayName, cancellationToken);
        return Outcome<IReadOnlyList<AppointmentResult>>.Ok(
            [.. appointments.Select(a => new AppointmentResult(a, names.GetValueOrDefault(a.TechnicianId, ""), ticket.Status))]);
    }

    // ---------------------------------------------------------------- shared

    private async Task<Outcome<AppointmentResult>> ChangeAppointmentAsync(string ticketId, AppointmentStep step, bool assignedOnly,
        Func<TroubleTicket, Appointment, DateTimeOffset, Outcome<AppointmentResult>?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var found = await ActiveAppointmentAsync(ticketId, cancellationToken);
            if (found.Failure is { } failure)
            {
                return failure;
            }
            var (ticket, appointment) = found.Value;
            using var journey = FaultTelemetry.JoinJourney(ticket, "fault.appointment-change");
            var caller = callers.Current;
            if (caller.Kind == CallerKind.Partner)
            {
                return Outcome<AppointmentResult>.Forbidden("Staff only", "Appointments are worked by hall staff.");
            }
            if (assignedOnly && caller.Kind == CallerKind.Staff && caller.Id != appointment.TechnicianId
                && !caller.IsInRole(HallRoles.Supervisor) && !caller.IsInRole(HallRoles.Administrator))
            {
                LogNotAssigned(ticketId, appointment.AppointmentId);
                return Outcome<AppointmentResult>.Forbidden("Not your appointment",
                    "Only the assigned technician, a supervisor or an administrator records the visit.");
            }
            if (AppointmentStateMachine.Next(appointment.Status, step) is null)
            {
                return StepRefused(appointment, step);
            }
            var before = AppointmentAuditSnapshot.Of(appointment);
            if (change(ticket, appointment, time.GetStoredUtcNow()) is { } refused)
            {
                return refused;
            }
            var technician = await db.Technicians.AsNoTracking().SingleOrDefaultAsync(t => t.StaffId == appointment.TechnicianId, cancellationToken);
            RecordStep(ticket, appointment, technician, before);
            var saved = await TrySaveAsync(attempt, cancellationToken);
            if (saved.Failure is { } lost)
            {
                return lost;
            }
            if (saved.Saved)
            {
                LogAppointmentStep(ticketId, appointment.AppointmentId, step);
                return Outcome<AppointmentResult>.Ok(new AppointmentResult(appointment, technician?.DisplayName ?? "", ticket.Status));
            }
        }
    }

    /// <summary>What a save came to: saved, a lost race to decide again (tracker cleared), or a refusal.</summary>
    private readonly record struct SaveResult(bool Saved, Outcome<AppointmentResult>? Failure);

    private async Task<SaveResult> TrySaveAsync(int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return new SaveResult(true, null);
        }
        catch (DbUpdateException exception) when (IsUniqueViolation(exception, DispatchModel.TicketActiveIndexName))
        {
            db.ChangeTracker.Clear();
            return new SaveResult(false, Outcome<AppointmentResult>.Conflict("Ticket already has an appointment",
                "Another booking for this ticket was made at the same time; reschedule or cancel it instead."));
        }
        catch (DbUpdateException exception) when (IsExclusionViolation(exception, DispatchModel.TechnicianOverlapConstraintName)
            || exception is DbUpdateConcurrencyException || CommunicationOutbox.IsDuplicateSource(exception))
        {
            // Another booking took the technician's window (or changed the ticket) first: decide again against it.
            db.ChangeTracker.Clear();
            LogBookingRaceLost(attempt);
            return new SaveResult(false, attempt < MaxAttempts ? null
                : Outcome<AppointmentResult>.Conflict("Window taken", "Other bookings took this window at the same time; search the slots again."));
        }
    }

    private void RecordStep(TroubleTicket ticket, Appointment appointment, Technician? technician, AppointmentAuditSnapshot? before)
    {
        audit.Record(DispatchAudit.ActionOf(appointment.History[^1].Step), TroubleTicketAudit.RecordType, ticket.TicketId, ticket.CustomerPhoneRef,
            before, AppointmentAuditSnapshot.Of(appointment), hallId: ticket.HallId);
        if (AppointmentCommunications.ForLatestStep(ticket, appointment, technician?.FirstName ?? "") is { } message)
        {
            communications.Queue(message);
        }
        db.RecordIntegrationEvent(AppointmentEvents.Changed(appointment, ticket.JourneyId), time.GetStoredUtcNow());
    }

    private async Task<(Outcome<AppointmentResult>? Failure, (TroubleTicket Ticket, Appointment Appointment) Value)> ActiveAppointmentAsync(
        string ticketId, CancellationToken cancellationToken)
    {
        var ticket = await tickets.VisibleTickets().SingleOrDefaultAsync(t => t.TicketId == ticketId, cancellationToken);
        if (ticket is null)
        {
            return (TicketNotFound(ticketId).CastFailure<AppointmentResult>(), default);
        }
        // The appointment holding a window (at most one), else the latest.
        var appointment = await db.Appointments.Where(a => a.TicketId == ticketId)
            .OrderByDescending(a => a.Status == AppointmentStatus.Booked || a.Status == AppointmentStatus.Arrived)
            .ThenByDescending(a => a.CreatedAt).ThenByDescending(a => a.AppointmentId).FirstOrDefaultAsync(cancellationToken);
        if (appointment is null)
        {
            return (Outcome<AppointmentResult>.Conflict("No appointment", $"Trouble ticket {ticketId} has no appointment; dispatch it first."), default);
        }
        return (null, (ticket, appointment));
    }

    private async Task<Technician?> ChooseTechnicianAsync(TroubleTicket ticket, string area, Slot slot, string? exceptAppointmentId,
        CancellationToken cancellationToken)
    {
        var suitable = await SuitableTechniciansAsync(ticket, area, cancellationToken);
        var day = HallTime.LocalDate(slot.Start);
        var dayStart = HallTime.Utc(day, TimeOnly.MinValue);
        var busy = await BusyAsync(suitable, dayStart, dayStart.AddDays(1), exceptAppointmentId, cancellationToken);
        return SlotRule.Assign(slot, SlotRule.FreeFor(slot, suitable, busy, Settings.SlotLength), busy);
    }

    /// <summary>Active technicians with the ticket's category and the area: of the ticket's hall, or of any hall for a ticket of none.</summary>
    private async Task<IReadOnlyList<Technician>> SuitableTechniciansAsync(TroubleTicket ticket, string area, CancellationToken cancellationToken)
    {
        var skill = ticket.TicketType.ToWire();
        var query = db.Technicians.AsNoTracking().Where(t => t.Active && t.Skills.Contains(skill) && t.Areas.Contains(area));
        if (ticket.HallId is { } hallId)
        {
            query = query.Where(t => t.HallId == hallId);
        }
        return await query.OrderBy(t => t.StaffId).ToListAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<BusyWindow>> BusyAsync(IReadOnlyList<Technician> technicians, DateTimeOffset from, DateTimeOffset to,
        string? exceptAppointmentId, CancellationToken cancellationToken)
    {
        var ids = technicians.Select(t => t.StaffId).ToList();
        return await db.Appointments.AsNoTracking()
            .Where(a => ids.Contains(a.TechnicianId) && (a.Status == AppointmentStatus.Booked || a.Status == AppointmentStatus.Arrived)
                && a.Start < to && a.End > from && a.AppointmentId != exceptAppointmentId)
            .Select(a => new BusyWindow(a.TechnicianId, a.Start, a.End))
            .ToListAsync(cancellationToken);
    }

    private Slot? ParseWindow(BookWindowCommand command, FieldErrors errors)
    {
        var start = ParseTime(command.Start, "start", errors, required: true);
        var end = ParseTime(command.End, "end", errors, required: true);
        if (start is null || end is null)
        {
            return null;
        }
        var now = time.GetStoredUtcNow();
        if (start > now.AddDays(Settings.MaxDaysAhead))
        {
            errors.Add("start", $"start must be at most {Settings.MaxDaysAhead} days ahead.");
        }
        else if (start < now.AddDays(-1))
        {
            errors.Add("start", "start must not be in the past.");
        }
        if (end - start != Settings.SlotLength)
        {
            errors.Add("end", $"end must be start + {(int)Settings.SlotLength.TotalMinutes} minutes (one slot from the slot search).");
        }
        return errors.Any ? null : new Slot(start.Value, end.Value);
    }

    private void CheckRange(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, FieldErrors errors)
    {
        if (from > now.AddDays(Settings.MaxDaysAhead))
        {
            errors.Add("from", $"from must be at most {Settings.MaxDaysAhead} days ahead.");
        }
        else if (from < now.AddDays(-Settings.MaxSearchDays))
        {
            errors.Add("from", $"from must be at most {Settings.MaxSearchDays} days in the past.");
        }
        if (to <= from)
        {
            errors.Add("to", "to must be after from.");
        }
        else if (to - from > TimeSpan.FromDays(Settings.MaxSearchDays))
        {
            errors.Add("to", $"to must be at most {Settings.MaxSearchDays} days after from.");
        }
    }

    /// <summary>A slot search's or booking's time as text, by the platform's instant rule (<see cref="InstantRange"/>), at stored precision.</summary>
    private static DateTimeOffset? ParseTime(string? text, string field, FieldErrors errors, bool required = false)
    {
        if (required && string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, $"The {field} field is required: an ISO 8601 date and time, such as 2026-01-31T16:00:00Z.");
            return null;
        }
        return InstantRange.Parse(field, text, errors)?.ToStoredPrecision();
    }

    private static string? OptionalArea(string? area, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(area))
        {
            return null;
        }
        var trimmed = area.Trim();
        if (!AreaCodes.IsValid(trimmed))
        {
            errors.Add("area", "area " + AreaCodes.InvalidMessage);
            return null;
        }
        return trimmed;
    }

    private IQueryable<Technician> VisibleTechnicians()
    {
        var caller = callers.Current;
        if (!caller.IsLimitedToHalls)
        {
            return db.Technicians;
        }
        var halls = caller.Halls.ToList();
        return db.Technicians.Where(t => halls.Contains(t.HallId));
    }

    private static bool MayEditTechnicians(HallCaller caller) =>
        caller.Kind == CallerKind.Service
        || (caller.Kind == CallerKind.Staff && (caller.IsInRole(HallRoles.Supervisor) || caller.IsInRole(HallRoles.Administrator)));

    private static Outcome<AppointmentResult> StepRefused(Appointment appointment, AppointmentStep step) =>
        Outcome<AppointmentResult>.Conflict("Forbidden appointment step",
            $"The appointment is {appointment.Status.ToWire()}; {step.ToWire()} is not possible now (allowed: "
            + $"{string.Join(", ", AppointmentStateMachine.AllowedFrom(appointment.Status).Select(s => s.ToWire()).DefaultIfEmpty("none"))}).");

    private static Outcome<AppointmentResult> NoTechnicianFree(Slot slot) =>
        Outcome<AppointmentResult>.Conflict("No technician free in this window",
            $"No active technician with the skill and area works and is free {slot.Start:u} - {slot.End:u}; search the slots again.");

    private static Outcome<Technician> TechnicianNotFound(string staffId) =>
        Outcome<Technician>.NotFound("Technician not found", $"No technician has staff id '{staffId}'.");

    private static Outcome<TroubleTicket> TicketNotFound(string ticketId) =>
        Outcome<TroubleTicket>.NotFound("Trouble ticket not found", $"No trouble ticket has id '{ticketId}'.");

    private static bool IsUniqueViolation(DbUpdateException exception, string name) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } violation && violation.ConstraintName == name;

    private static bool IsExclusionViolation(DbUpdateException exception, string name) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation } violation && violation.ConstraintName == name;

    private static bool IsPrimaryKeyViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: DispatchModel.TechniciansTable };

    [LoggerMessage(Level = LogLevel.Information, Message = "Technician {StaffId} of hall {HallId} saved")]
    private partial void LogTechnicianSaved(string staffId, string hallId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trouble ticket {TicketId}: appointment {AppointmentId} booked with technician {StaffId}")]
    private partial void LogAppointmentBooked(string ticketId, string appointmentId, string staffId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trouble ticket {TicketId}: appointment {AppointmentId} step {Step}")]
    private partial void LogAppointmentStep(string ticketId, string appointmentId, AppointmentStep step);

    [LoggerMessage(Level = LogLevel.Information, Message = "A booking lost a race for a technician's window (attempt {Attempt}); deciding again")]
    private partial void LogBookingRaceLost(int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trouble ticket {TicketId}: a caller not assigned to appointment {AppointmentId} tried to record the visit")]
    private partial void LogNotAssigned(string ticketId, string appointmentId);
}
