using System.ComponentModel.DataAnnotations;
using HallPlatform.Application;
using HallPlatform.Fault.Application;
using HallPlatform.Fault.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Fault.Api;

/// <summary>A technician as supervisors see and edit it; working hours in hall time (UTC+8).</summary>
public sealed record TechnicianResponse(
    string StaffId, string HallId, string DisplayName, IReadOnlyList<string> Skills, IReadOnlyList<string> Areas, bool Active,
    IReadOnlyList<WorkingWindowResponse> WorkingHours, IReadOnlyList<string> BlockedDays, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static TechnicianResponse From(Technician technician) => new(
        technician.StaffId, technician.HallId, technician.DisplayName, technician.Skills, technician.Areas, technician.Active,
        [.. technician.Windows.Select(w => new WorkingWindowResponse(w.Day.ToString().ToLowerInvariant(), w.Start.ToString("HH:mm", null), w.End.ToString("HH:mm", null)))],
        [.. technician.BlockedDays.Select(d => d.ToString("yyyy-MM-dd", null))], technician.UpdatedAt, technician.UpdatedBy);
}

/// <summary>A weekly working window in hall time: day monday..sunday, start and end HH:mm.</summary>
public sealed record WorkingWindowResponse(string Day, string Start, string End);

/// <summary>A weekly working window in hall time (UTC+8).</summary>
public sealed record WorkingWindowRequest(
    [property: Required, MaxLength(9), AllowedValues("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")] string? Day,
    [property: Required, StringLength(5, MinimumLength = 5), RegularExpression("^([01][0-9]|2[0-3]):[0-5][0-9]$")] string? Start,
    [property: Required, StringLength(5, MinimumLength = 5), RegularExpression("^([01][0-9]|2[0-3]):[0-5][0-9]$")] string? End);

/// <summary>A technician's record: skills are ticket types, areas are area codes, blocked days are yyyy-MM-dd (hall time).</summary>
public sealed record SaveTechnicianRequest(
    [property: Required, MaxLength(32)] string? HallId,
    [property: Required, MaxLength(Technician.MaxDisplayNameLength)] string? DisplayName,
    [property: Required, MinLength(1), MaxLength(4)] IReadOnlyList<string?>? Skills,
    [property: Required, MinLength(1), MaxLength(Technician.MaxAreas)] IReadOnlyList<string?>? Areas,
    [property: Required] bool? Active,
    [property: MaxLength(Technician.MaxWorkingWindows)] IReadOnlyList<WorkingWindowRequest?>? WorkingHours,
    [property: MaxLength(Technician.MaxBlockedDays)] IReadOnlyList<string?>? BlockedDays);

/// <summary>A free window (UTC) and how many suitable technicians are free in it.</summary>
public sealed record AppointmentSlotResponse(DateTimeOffset Start, DateTimeOffset End, int AvailableTechnicians);

/// <summary>The free windows for a ticket (TMF646-style search result).</summary>
public sealed record AppointmentSlotsResponse(
    string TicketId, [property: WireEnum<TicketType>] string TicketType, string Area, DateTimeOffset From, DateTimeOffset To, int SlotMinutes,
    IReadOnlyList<AppointmentSlotResponse> Slots);

/// <summary>Booking a window agreed with the customer: start and end (UTC, one slot), the site's area, an optional remark.</summary>
public sealed record DispatchRequest(
    [property: Required, MaxLength(40)] string? Start,
    [property: Required, MaxLength(40)] string? End,
    [property: MaxLength(Technician.MaxAreaLength)] string? Area,
    [property: MaxLength(Appointment.MaxReasonLength)] string? Reason);

/// <summary>A new window for the booked appointment (UTC, one slot) and why.</summary>
public sealed record RescheduleRequest(
    [property: Required, MaxLength(40)] string? Start,
    [property: Required, MaxLength(40)] string? End,
    [property: Required, MaxLength(Appointment.MaxReasonLength)] string? Reason);

/// <summary>Why the appointment is cancelled.</summary>
public sealed record CancelAppointmentRequest([property: Required, MaxLength(Appointment.MaxReasonLength)] string? Reason);

/// <summary>Arrival on site (the time is the service's clock) with an optional remark.</summary>
public sealed record ArrivalRequest([property: MaxLength(Appointment.MaxReasonLength)] string? Remark);

/// <summary>The outcome on site: fixed (the ticket is resolved) or notFixed (another appointment is needed, reason required).</summary>
public sealed record AppointmentOutcomeRequest(
    [property: Required, AllowedValues("fixed", "notFixed")] string? Outcome,
    [property: Required, MaxLength(Appointment.MaxWorkDoneLength)] string? WorkDone,
    [property: MaxLength(Appointment.MaxReasonLength)] string? Reason);

/// <summary>One step of an appointment's history.</summary>
public sealed record AppointmentChangeResponse(
    [property: WireEnum<AppointmentStep>] string Step, DateTimeOffset At, string ChangedBy, string? Reason, DateTimeOffset Start, DateTimeOffset End,
    string TechnicianId);

/// <summary>An on-site appointment, with the ticket's status after the step.</summary>
public sealed record AppointmentResponse(
    string AppointmentId, string TicketId, [property: WireEnum<AppointmentStatus>] string Status, DateTimeOffset Start, DateTimeOffset End,
    string Area, string TechnicianId, string TechnicianName, DateTimeOffset? ArrivedAt, string? WorkDone, string? OutcomeReason,
    string? CancelReason, [property: WireEnum<TicketStatus>] string TicketStatus, IReadOnlyList<AppointmentChangeResponse> History)
{
    public static AppointmentResponse From(AppointmentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var a = result.Appointment;
        return new(a.AppointmentId, a.TicketId, a.Status.ToWire(), a.Start, a.End, a.Area, a.TechnicianId, result.TechnicianName, a.ArrivedAt,
            a.WorkDone, a.OutcomeReason, a.CancelReason, result.TicketStatus.ToWire(),
            [.. a.History.Select(h => new AppointmentChangeResponse(h.Step.ToWire(), h.At, h.ChangedBy, h.Reason, h.Start, h.End, h.TechnicianId))]);
    }
}

/// <summary>A ticket's appointments, newest first.</summary>
public sealed record AppointmentListResponse(string TicketId, IReadOnlyList<AppointmentResponse> Appointments);

/// <summary>
/// REST for dispatch (docs/fault.md, "Dispatch and appointments"): technicians (supervisors), and on the trouble ticket
/// resource the slot search, dispatch (booking), reschedule, cancel, arrival and outcome.
/// </summary>
public static class DispatchApi
{
    private const string TicketsPath = "/api/v1/trouble-tickets";
    private const string TechniciansPath = "/api/v1/technicians";

    public static IEndpointRouteBuilder MapDispatchApi(this IEndpointRouteBuilder app)
    {
        var technicians = app.MapGroup(TechniciansPath)
            .WithTag("Technicians", "Technicians Fault dispatches: skills, areas and working calendars (supervisors and administrators).");
        technicians.MapGet("/", ListTechniciansAsync).WithName("ListTechnicians")
            .WithSummary("List technicians")
            .WithDescription("Technicians of the caller's halls by staff id, paged.")
            .ProducesValidationProblem();
        technicians.MapGet("/{staffId}", GetTechnicianAsync).WithName("GetTechnician")
            .WithSummary("Get a technician")
            .WithDescription("One technician; another hall's answers 404 like an unknown id.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        technicians.MapPut("/{staffId}", SaveTechnicianAsync).WithName("SaveTechnician")
            .WithSummary("Create or replace a technician")
            .WithDescription("The whole record: hall, display name, skills (ticket types), areas (area codes), active flag, weekly "
                + "working windows in hall time (UTC+8) and blocked days. 201 when new, 200 when replaced. Supervisors and "
                + "administrators of the technician's hall (403 otherwise).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        var tickets = app.MapGroup(TicketsPath)
            .WithTag("Trouble tickets", "Faults reported by customers, staff and partner channels (TMF621 trouble tickets).");
        tickets.MapGet("/{ticketId}/appointment-slots", SearchSlotsAsync).WithName("SearchTroubleTicketAppointmentSlots")
            .WithSummary("Search free appointment windows")
            .WithDescription("Free windows (UTC) in [from, to) in which at least one active technician with the ticket's category "
                + "skill and area works and has no appointment. `from` defaults to now, `to` to from + 7 days; at most 14 days, "
                + "from at most 60 days ahead (400 naming the field). `area` defaults to the ticket's area.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        tickets.MapGet("/{ticketId}/appointments", ListAppointmentsAsync).WithName("ListTroubleTicketAppointments")
            .WithSummary("List a ticket's appointments")
            .WithDescription("The ticket's on-site appointments with their history, newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        tickets.MapPost("/{ticketId}/dispatch", DispatchAsync).WithName("DispatchTroubleTicket")
            .WithSummary("Dispatch: book an on-site appointment")
            .WithDescription("Books the window agreed with the customer (one slot from the search) for an analysed ticket and assigns "
                + "a technician by skill and area: the least loaded that day, ties by staff id. A held or pending ticket goes back "
                + "to inProgress. 201 with the appointment; 409 when the ticket is not analysed, already has an appointment, or no "
                + "technician is free in the window (a concurrent booking that took the last one included).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapPost("/{ticketId}/appointment/reschedule", RescheduleAsync).WithName("RescheduleTroubleTicketAppointment")
            .WithSummary("Reschedule the appointment")
            .WithDescription("A new window for the booked appointment, assigned by the same rules; the old window is freed. "
                + "409 when the appointment is not booked or no technician is free.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapPost("/{ticketId}/appointment/cancel", CancelAsync).WithName("CancelTroubleTicketAppointment")
            .WithSummary("Cancel the appointment")
            .WithDescription("Cancels the booked appointment with a reason; the window is freed and the customer told.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapPost("/{ticketId}/appointment/arrival", ArriveAsync).WithName("RecordTroubleTicketAppointmentArrival")
            .WithSummary("Record arrival on site")
            .WithDescription("The assigned technician (or a supervisor or administrator; 403 for others) records arrival: booked -> arrived.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapPost("/{ticketId}/appointment/outcome", RecordOutcomeAsync).WithName("RecordTroubleTicketAppointmentOutcome")
            .WithSummary("Record the work done and the outcome")
            .WithDescription("The assigned technician (or a supervisor or administrator; 403 for others) records the work done and "
                + "the outcome: `fixed` resolves the ticket (the work done is the resolution); `notFixed` needs a reason and the "
                + "ticket waits for another appointment. Only after arrival (409 otherwise).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Ok<ResultPage<TechnicianResponse>>, ValidationProblem, ProblemHttpResult>> ListTechniciansAsync(
        [IntegerText(1, PageRequest.MaxPage)] string? page, [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize,
        Dispatching dispatching, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var outcome = await dispatching.ListTechniciansAsync(paging, cancellationToken);
        return outcome.ToOk(result => result.Map(TechnicianResponse.From));
    }

    private static async Task<Results<Ok<TechnicianResponse>, ProblemHttpResult>> GetTechnicianAsync(
        string staffId, Dispatching dispatching, CancellationToken cancellationToken)
    {
        var outcome = await dispatching.GetTechnicianAsync(staffId, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(TechnicianResponse.From(outcome.Value!)) : outcome.ToProblem();
    }

    private static async Task<Results<Created<TechnicianResponse>, Ok<TechnicianResponse>, ValidationProblem, ProblemHttpResult>> SaveTechnicianAsync(
        string staffId, SaveTechnicianRequest request, Dispatching dispatching, CancellationToken cancellationToken)
    {
        var command = new SaveTechnicianCommand(request.HallId, request.DisplayName, request.Skills, request.Areas, request.Active,
            request.WorkingHours?.Select(w => w is null ? null : new WorkingWindowCommand(w.Day, w.Start, w.End)).ToList(), request.BlockedDays);
        var outcome = await dispatching.SaveTechnicianAsync(staffId, command, cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Created => TypedResults.Created($"{TechniciansPath}/{outcome.Value!.StaffId}", TechnicianResponse.From(outcome.Value)),
            OutcomeKind.Ok => TypedResults.Ok(TechnicianResponse.From(outcome.Value!)),
            OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors!, title: outcome.Title),
            _ => outcome.ToProblem(),
        };
    }

    private static async Task<Results<Ok<AppointmentSlotsResponse>, ValidationProblem, ProblemHttpResult>> SearchSlotsAsync(
        string ticketId, [MaxLength(40)] string? from, [MaxLength(40)] string? to, [MaxLength(Technician.MaxAreaLength)] string? area,
        Dispatching dispatching, CancellationToken cancellationToken)
    {
        var outcome = await dispatching.SearchSlotsAsync(ticketId, from, to, area, cancellationToken);
        return outcome.ToOk(result => new AppointmentSlotsResponse(result.TicketId, result.TicketType, result.Area, result.From, result.To,
            result.SlotMinutes, [.. result.Slots.Select(s => new AppointmentSlotResponse(s.Start, s.End, s.AvailableTechnicians))]));
    }

    private static async Task<Results<Ok<AppointmentListResponse>, ValidationProblem, ProblemHttpResult>> ListAppointmentsAsync(
        string ticketId, Dispatching dispatching, CancellationToken cancellationToken)
    {
        var outcome = await dispatching.ListAppointmentsAsync(ticketId, cancellationToken);
        return outcome.ToOk(list => new AppointmentListResponse(ticketId, [.. list.Select(AppointmentResponse.From)]));
    }

    private static async Task<Results<Created<AppointmentResponse>, Ok<AppointmentResponse>, ValidationProblem, ProblemHttpResult>> DispatchAsync(
        string ticketId, DispatchRequest request, Dispatching dispatching, CancellationToken cancellationToken)
    {
        var outcome = await dispatching.DispatchAsync(ticketId, new BookWindowCommand(request.Start, request.End, request.Area, request.Reason),
            cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Created => TypedResults.Created($"{TicketsPath}/{ticketId}/appointments", AppointmentResponse.From(outcome.Value!)),
            OutcomeKind.Ok => TypedResults.Ok(AppointmentResponse.From(outcome.Value!)),
            OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors!, title: outcome.Title),
            _ => outcome.ToProblem(),
        };
    }

    private static async Task<Results<Ok<AppointmentResponse>, ValidationProblem, ProblemHttpResult>> RescheduleAsync(
        string ticketId, RescheduleRequest request, Dispatching dispatching, CancellationToken cancellationToken) =>
        (await dispatching.RescheduleAsync(ticketId, new BookWindowCommand(request.Start, request.End, null, request.Reason), cancellationToken))
            .ToOk(AppointmentResponse.From);

    private static async Task<Results<Ok<AppointmentResponse>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        string ticketId, CancelAppointmentRequest request, Dispatching dispatching, CancellationToken cancellationToken) =>
        (await dispatching.CancelAsync(ticketId, request.Reason, cancellationToken)).ToOk(AppointmentResponse.From);

    private static async Task<Results<Ok<AppointmentResponse>, ValidationProblem, ProblemHttpResult>> ArriveAsync(
        string ticketId, ArrivalRequest request, Dispatching dispatching, CancellationToken cancellationToken) =>
        (await dispatching.ArriveAsync(ticketId, request.Remark, cancellationToken)).ToOk(AppointmentResponse.From);

    private static async Task<Results<Ok<AppointmentResponse>, ValidationProblem, ProblemHttpResult>> RecordOutcomeAsync(
        string ticketId, AppointmentOutcomeRequest request, Dispatching dispatching, CancellationToken cancellationToken) =>
        (await dispatching.RecordOutcomeAsync(ticketId, request.Outcome, request.WorkDone, request.Reason, cancellationToken))
            .ToOk(AppointmentResponse.From);
}
