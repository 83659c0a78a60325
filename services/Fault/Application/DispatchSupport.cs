using System.Text.RegularExpressions;
using HallPlatform.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.Messaging;
using HallPlatform.Notifications;

namespace HallPlatform.Fault.Application;

/// <summary>Dispatch settings (section "Fault:Dispatch", docs/fault.md "Dispatch and appointments").</summary>
public sealed class DispatchOptions
{
    public const string SectionName = "Fault:Dispatch";

    /// <summary>The length of an appointment window (the slot).</summary>
    public TimeSpan SlotLength { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The longest range one slot search may cover.</summary>
    public int MaxSearchDays { get; set; } = 14;

    /// <summary>How far ahead a window may be searched or booked.</summary>
    public int MaxDaysAhead { get; set; } = 60;

    /// <summary>Whether the start writes the development technicians of hall-001 (idempotent).</summary>
    public bool SeedTechnicians { get; set; } = true;
}

/// <summary>Area codes: lower-case letters, digits, '-' and '_', 1-32 characters (e.g. a district code "xh-01").</summary>
public static partial class AreaCodes
{
    public static bool IsValid(string? area) => area is not null && Shape().IsMatch(area);

    public const string InvalidMessage = "must be 1-32 lower-case letters, digits, '-' or '_', starting with a letter or digit.";

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}

/// <summary>The audit trail's names for dispatch.</summary>
public static class DispatchAudit
{
    public const string TechnicianRecordType = "technician";
    public const string TechnicianSavedAction = "technician.saved";
    public const string AppointmentBookedAction = "trouble-ticket.appointment-booked";
    public const string AppointmentRescheduledAction = "trouble-ticket.appointment-rescheduled";
    public const string AppointmentCancelledAction = "trouble-ticket.appointment-cancelled";
    public const string AppointmentArrivedAction = "trouble-ticket.appointment-arrived";
    public const string AppointmentCompletedAction = "trouble-ticket.appointment-completed";
    public const string AppointmentEndedWithTicketAction = "trouble-ticket.appointment-ended-with-ticket";

    public static string ActionOf(AppointmentStep step) => step switch
    {
        AppointmentStep.Book => AppointmentBookedAction,
        AppointmentStep.Reschedule => AppointmentRescheduledAction,
        AppointmentStep.Cancel => AppointmentCancelledAction,
        AppointmentStep.Arrive => AppointmentArrivedAction,
        AppointmentStep.EndWithTicket => AppointmentEndedWithTicketAction,
        _ => AppointmentCompletedAction,
    };
}

/// <summary>What the audit trail keeps of an appointment: ids, codes and times, no free text.</summary>
public sealed record AppointmentAuditSnapshot(
    string AppointmentId, string Status, string TechnicianId, DateTimeOffset Start, DateTimeOffset End, string Area, bool? ReasonGiven = null)
{
    public static AppointmentAuditSnapshot Of(Appointment appointment) => new(
        appointment.AppointmentId, appointment.Status.ToWire(), appointment.TechnicianId, appointment.Start, appointment.End, appointment.Area,
        appointment.History.Count > 0 ? !string.IsNullOrEmpty(appointment.History[^1].Reason) : null);
}

/// <summary>What the audit trail keeps of a technician's record (staff data, no customer data).</summary>
public sealed record TechnicianAuditSnapshot(
    string StaffId, string HallId, string[] Skills, string[] Areas, bool Active, string[] WorkingHours, int BlockedDays)
{
    public static TechnicianAuditSnapshot Of(Technician technician) => new(
        technician.StaffId, technician.HallId, technician.Skills, technician.Areas, technician.Active, technician.WorkingHours,
        technician.BlockedDays.Length);
}

/// <summary>The appointment event (catalogue: docs/events.md): ids, codes and times only.</summary>
public static class AppointmentEvents
{
    public const string ChangedType = IntegrationEventTypes.TroubleTicketAppointmentChanged;

    public static IntegrationEvent Changed(Appointment appointment, string? journeyId)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        var last = appointment.History[^1];
        return new(ChangedType, appointment.TicketId, appointment.HallId, journeyId,
            new TroubleTicketAppointmentChanged(appointment.TicketId, appointment.AppointmentId, last.Step.ToWire(), appointment.Status.ToWire(),
                appointment.TechnicianId, appointment.Start, appointment.End, appointment.Area, last.ChangedBy));
    }
}

/// <summary>
/// Payload of <c>fault.troubleTicket.appointmentChanged</c>: the step taken (book, reschedule, cancel, arrive, fixed,
/// notFixed), the appointment's status after it, the assigned technician's staff id, the window (UTC) and the area.
/// </summary>
public sealed record TroubleTicketAppointmentChanged(
    string TicketId, string AppointmentId, string Step, string Status, string TechnicianId, DateTimeOffset Start, DateTimeOffset End,
    string Area, string ChangedBy);

/// <summary>
/// What the customer is told about their appointment: the window in hall time and the technician's first name, nothing
/// else of the technician. Booked, rescheduled and cancelled only (arrival and outcome show in the ticket's status).
/// </summary>
public static class AppointmentCommunications
{
    public const string BookedCode = "fault.appointment-booked";
    public const string RescheduledCode = "fault.appointment-rescheduled";
    public const string CancelledCode = "fault.appointment-cancelled";

    public static IReadOnlyList<CommunicationTemplate> Templates { get; } =
    [
        new(BookedCode, "Fault {ticketId}: technician visit booked",
            "A technician ({technicianFirstName}) will visit for your fault {ticketId} on {windowStart} - {windowEnd} (local time)."),
        new(RescheduledCode, "Fault {ticketId}: technician visit moved",
            "Your technician visit for fault {ticketId} is now on {windowStart} - {windowEnd} (local time), with {technicianFirstName}."),
        new(CancelledCode, "Fault {ticketId}: technician visit cancelled",
            "Your technician visit for fault {ticketId} on {windowStart} - {windowEnd} (local time) is cancelled. We will contact you to arrange another."),
    ];

    /// <summary>The message for the appointment's latest step, or null (no phone on the ticket, or a step not told).</summary>
    public static CommunicationRequest? ForLatestStep(TroubleTicket ticket, Appointment appointment, string technicianFirstName)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(appointment);
        var code = appointment.History[^1].Step switch
        {
            AppointmentStep.Book => BookedCode,
            AppointmentStep.Reschedule => RescheduledCode,
            AppointmentStep.Cancel => CancelledCode,
            _ => null,
        };
        if (code is null || ticket.CustomerPhone is not { Length: > 0 } phone)
        {
            return null;
        }
        return new CommunicationRequest(
            TroubleTicketCommunications.SubjectKind,
            ticket.TicketId,
            ticket.HallId,
            ticket.JourneyId,
            CommunicationChannel.Sms,
            code,
            new Dictionary<string, string>
            {
                ["ticketId"] = ticket.TicketId,
                ["windowStart"] = HallTime.Display(appointment.Start),
                ["windowEnd"] = HallTime.Display(appointment.End)[^5..],
                ["technicianFirstName"] = technicianFirstName,
            },
            phone,
            $"{ticket.TicketId}:{appointment.AppointmentId}:{appointment.History.Count}");
    }
}
