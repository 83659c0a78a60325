using System.Globalization;
using System.Text.Json.Serialization;
using HallPlatform.Application;

namespace HallPlatform.Fault.Domain;

/// <summary>
/// The hall's local time for calendars: a fixed UTC+8 (the hall's zone, no daylight saving). Working hours and blocked
/// days are in this time; everything on the wire and in the database is UTC.
/// </summary>
public static class HallTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset ToLocal(DateTimeOffset utc) => utc.ToOffset(Offset);

    public static DateOnly LocalDate(DateTimeOffset utc) => DateOnly.FromDateTime(ToLocal(utc).DateTime);

    /// <summary>The UTC instant of <paramref name="time"/> on local <paramref name="date"/>.</summary>
    public static DateTimeOffset Utc(DateOnly date, TimeOnly time) =>
        new DateTimeOffset(date.ToDateTime(time), Offset).ToUniversalTime();

    /// <summary>"yyyy-MM-dd HH:mm" in hall time, for the customer's message.</summary>
    public static string Display(DateTimeOffset utc) => ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>One working window of a weekday in hall time, e.g. monday 09:00-12:00.</summary>
public sealed record WorkingWindow(DayOfWeek Day, TimeOnly Start, TimeOnly End)
{
    /// <summary>The stored and wire form: "monday 09:00-12:00".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Day.ToString().ToLowerInvariant()} {Start:HH\\:mm}-{End:HH\\:mm}");

    /// <summary>Parses "monday 09:00-12:00" (day name in any case, 24-hour times, start before end).</summary>
    public static bool TryParse(string? text, out WorkingWindow window)
    {
        window = null!;
        var parts = text?.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: 2 } || !Enum.TryParse<DayOfWeek>(parts[0], ignoreCase: true, out var day)
            || !Enum.IsDefined(day) || int.TryParse(parts[0], out _))
        {
            return false;
        }
        var times = parts[1].Split('-');
        if (times.Length != 2
            || !TimeOnly.TryParseExact(times[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(times[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            || end <= start)
        {
            return false;
        }
        window = new WorkingWindow(day, start, end);
        return true;
    }
}

/// <summary>
/// A technician Fault can dispatch: the staff id as in the caller's token, the name shown (the customer hears the first
/// word only), the fault categories (ticket types) they repair, the area codes they cover, and their calendar (weekly
/// working windows in hall time, and blocked local days).
/// </summary>
public sealed class Technician
{
    public const int MaxStaffIdLength = 64;
    public const int MaxDisplayNameLength = 100;
    public const int MaxAreas = 20;
    public const int MaxAreaLength = 32;
    public const int MaxWorkingWindows = 21;
    public const int MaxBlockedDays = 366;

    // For EF Core materialisation.
    private Technician()
    {
    }

    public Technician(string staffId, string hallId, string displayName, string[] skills, string[] areas, bool active,
        string[] workingHours, DateOnly[] blockedDays, DateTimeOffset updatedAt, string updatedBy)
    {
        StaffId = staffId;
        HallId = hallId;
        Update(displayName, skills, areas, active, workingHours, blockedDays, updatedAt, updatedBy);
    }

    public string StaffId { get; private set; } = "";
    public string HallId { get; private set; } = "";
    public string DisplayName { get; private set; } = "";

    /// <summary>Ticket type wire names (the fault categories) this technician repairs.</summary>
    public string[] Skills { get; private set; } = [];

    /// <summary>Area codes (e.g. district codes) this technician covers.</summary>
    public string[] Areas { get; private set; } = [];

    public bool Active { get; private set; }

    /// <summary>Working windows as text ("monday 09:00-12:00"), hall time.</summary>
    public string[] WorkingHours { get; private set; } = [];

    /// <summary>Local days the technician does not work (leave, training).</summary>
    public DateOnly[] BlockedDays { get; private set; } = [];

    public DateTimeOffset UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";

    public IReadOnlyList<WorkingWindow> Windows =>
        [.. WorkingHours.Select(text => WorkingWindow.TryParse(text, out var window) ? window : null).OfType<WorkingWindow>()];

    /// <summary>The first word of the display name: all the customer is told.</summary>
    public string FirstName => DisplayName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";

    public void Update(string displayName, string[] skills, string[] areas, bool active, string[] workingHours, DateOnly[] blockedDays,
        DateTimeOffset updatedAt, string updatedBy)
    {
        DisplayName = displayName;
        Skills = skills;
        Areas = areas;
        Active = active;
        WorkingHours = workingHours;
        BlockedDays = blockedDays;
        UpdatedAt = updatedAt.ToStoredPrecision();
        UpdatedBy = updatedBy;
    }

    public bool Covers(TicketType category, string area) =>
        Active && Skills.Contains(category.ToWire(), StringComparer.Ordinal) && Areas.Contains(area, StringComparer.Ordinal);

    /// <summary>Whether the technician works the whole of [start, end) by the calendar (not whether they are free).</summary>
    public bool Works(DateTimeOffset start, DateTimeOffset end)
    {
        var date = HallTime.LocalDate(start);
        if (BlockedDays.Contains(date))
        {
            return false;
        }
        return Windows.Any(w => w.Day == date.DayOfWeek && HallTime.Utc(date, w.Start) <= start && end <= HallTime.Utc(date, w.End)
            && start < end);
    }
}

/// <summary>The states of an on-site appointment (TMF646-style).</summary>
public enum AppointmentStatus
{
    [JsonStringEnumMemberName("booked")]
    Booked,

    [JsonStringEnumMemberName("arrived")]
    Arrived,

    [JsonStringEnumMemberName("fixed")]
    Fixed,

    [JsonStringEnumMemberName("notFixed")]
    NotFixed,

    [JsonStringEnumMemberName("cancelled")]
    Cancelled,

    /// <summary>The technician was on site when the ticket was resolved, cancelled or closed by another step.</summary>
    [JsonStringEnumMemberName("endedWithTicket")]
    EndedWithTicket,
}

/// <summary>The steps an appointment is worked through.</summary>
public enum AppointmentStep
{
    [JsonStringEnumMemberName("book")]
    Book,

    [JsonStringEnumMemberName("reschedule")]
    Reschedule,

    [JsonStringEnumMemberName("cancel")]
    Cancel,

    [JsonStringEnumMemberName("arrive")]
    Arrive,

    [JsonStringEnumMemberName("fixed")]
    Fix,

    [JsonStringEnumMemberName("notFixed")]
    NotFix,

    /// <summary>The ticket ended by another step (resolved, cancelled, closed) while the technician was on site.</summary>
    [JsonStringEnumMemberName("endWithTicket")]
    EndWithTicket,
}

/// <summary>
/// Appointment lifecycle (docs/fault.md, "Dispatch and appointments"):
/// <code>
/// step        from       to
/// reschedule  booked     booked (new window, maybe another technician)
/// cancel      booked     cancelled
/// arrive      booked     arrived
/// fixed       arrived    fixed     (the ticket is resolved)
/// notFixed    arrived    notFixed  (the ticket needs another appointment)
/// endWithTicket arrived  endedWithTicket (the ticket was resolved, cancelled or closed by another step)
/// fixed, notFixed, cancelled, endedWithTicket: final
/// </code>
/// When the ticket stops being worked by another step (<see cref="EndsAppointments"/>), <see cref="StepWhenTicketEnds"/>
/// says what its appointment takes: a booked one is cancelled (the window is freed), an arrived one ends with the ticket
/// (the visit has no outcome of its own any more); a final one stays as it is.
/// </summary>
public static class AppointmentStateMachine
{
    private static readonly Dictionary<AppointmentStep, (AppointmentStatus[] From, AppointmentStatus To)> Table = new()
    {
        [AppointmentStep.Reschedule] = ([AppointmentStatus.Booked], AppointmentStatus.Booked),
        [AppointmentStep.Cancel] = ([AppointmentStatus.Booked], AppointmentStatus.Cancelled),
        [AppointmentStep.Arrive] = ([AppointmentStatus.Booked], AppointmentStatus.Arrived),
        [AppointmentStep.Fix] = ([AppointmentStatus.Arrived], AppointmentStatus.Fixed),
        [AppointmentStep.NotFix] = ([AppointmentStatus.Arrived], AppointmentStatus.NotFixed),
        [AppointmentStep.EndWithTicket] = ([AppointmentStatus.Arrived], AppointmentStatus.EndedWithTicket),
    };

    /// <summary>The status <paramref name="step"/> leads to from <paramref name="from"/>, or null when it is not allowed.</summary>
    public static AppointmentStatus? Next(AppointmentStatus from, AppointmentStep step) =>
        Table.TryGetValue(step, out var entry) && entry.From.Contains(from) ? entry.To : null;

    public static IReadOnlyList<AppointmentStep> AllowedFrom(AppointmentStatus from) =>
        [.. Table.Where(entry => entry.Value.From.Contains(from)).Select(entry => entry.Key)];

    /// <summary>Ticket statuses that end the ticket's work, reached by a step other than the appointment's own outcome.</summary>
    public static bool EndsAppointments(TicketStatus ticketStatus) =>
        ticketStatus is TicketStatus.Resolved or TicketStatus.Cancelled or TicketStatus.Closed or TicketStatus.Rejected;

    /// <summary>
    /// The step an appointment in <paramref name="from"/> takes when its ticket ends by another step: cancel a booked
    /// one, end an arrived one with the ticket; null for a final one (nothing to do).
    /// </summary>
    public static AppointmentStep? StepWhenTicketEnds(AppointmentStatus from) => from switch
    {
        AppointmentStatus.Booked => AppointmentStep.Cancel,
        AppointmentStatus.Arrived => AppointmentStep.EndWithTicket,
        _ => null,
    };

    /// <summary>Booked and arrived appointments hold their technician's window; the others have freed it.</summary>
    public static bool HoldsSlot(AppointmentStatus status) => status is AppointmentStatus.Booked or AppointmentStatus.Arrived;
}

/// <summary>One step of an appointment's history: what, when, who, why, and the window and technician after it.</summary>
public sealed record AppointmentChange(
    AppointmentStep Step, DateTimeOffset At, string ChangedBy, string? Reason, DateTimeOffset Start, DateTimeOffset End, string TechnicianId);

/// <summary>An on-site appointment for a trouble ticket: a window agreed with the customer and the technician assigned.</summary>
public sealed class Appointment
{
    public const string IdPrefix = "ap_";
    public const int MaxReasonLength = 500;
    public const int MaxWorkDoneLength = 500;

    private readonly List<AppointmentChange> _history = [];

    // For EF Core materialisation.
    private Appointment()
    {
    }

    public string AppointmentId { get; private set; } = "";
    public string TicketId { get; private set; } = "";
    public string? HallId { get; private set; }
    public string Area { get; private set; } = "";
    public string TechnicianId { get; private set; } = "";
    public DateTimeOffset Start { get; private set; }
    public DateTimeOffset End { get; private set; }
    public AppointmentStatus Status { get; private set; }
    public DateTimeOffset? ArrivedAt { get; private set; }
    public string? WorkDone { get; private set; }
    public string? OutcomeReason { get; private set; }
    public string? CancelReason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public IReadOnlyList<AppointmentChange> History => _history;

    public static Appointment Book(string ticketId, string? hallId, string area, Slot slot, string technicianId, DateTimeOffset now,
        string bookedBy, string? reason)
    {
        now = now.ToStoredPrecision();
        var appointment = new Appointment
        {
            AppointmentId = IdPrefix + Guid.CreateVersion7(now).ToString("N"),
            TicketId = ticketId,
            HallId = hallId,
            Area = area,
            TechnicianId = technicianId,
            Start = slot.Start,
            End = slot.End,
            Status = AppointmentStatus.Booked,
            CreatedAt = now,
        };
        appointment._history.Add(new AppointmentChange(AppointmentStep.Book, now, bookedBy, reason, slot.Start, slot.End, technicianId));
        return appointment;
    }

    /// <summary>
    /// The ticket was resolved, cancelled or closed by another step (<paramref name="ticketStatus"/>): a booked
    /// appointment is cancelled, an arrived one ends with the ticket, both with reason "ticket {status}". False, unchanged,
    /// when the appointment is final or the status does not end the ticket's work.
    /// </summary>
    public bool TryEndWithTicket(TicketStatus ticketStatus, DateTimeOffset now, string changedBy) =>
        AppointmentStateMachine.EndsAppointments(ticketStatus) && AppointmentStateMachine.StepWhenTicketEnds(Status) is { } step
        && TryTake(step, now, changedBy, $"ticket {ticketStatus.ToWire()}");

    /// <summary>Takes <paramref name="step"/> when the lifecycle allows it; false, unchanged, otherwise.</summary>
    public bool TryTake(AppointmentStep step, DateTimeOffset now, string changedBy, string? reason, Slot? newWindow = null,
        string? newTechnicianId = null, string? workDone = null)
    {
        if (AppointmentStateMachine.Next(Status, step) is not { } next)
        {
            return false;
        }
        now = now.ToStoredPrecision();
        switch (step)
        {
            case AppointmentStep.Reschedule:
                ArgumentNullException.ThrowIfNull(newWindow);
                ArgumentNullException.ThrowIfNull(newTechnicianId);
                Start = newWindow.Start;
                End = newWindow.End;
                TechnicianId = newTechnicianId;
                break;
            case AppointmentStep.Cancel:
            case AppointmentStep.EndWithTicket:
                CancelReason = reason;
                break;
            case AppointmentStep.Arrive:
                ArrivedAt = now;
                break;
            case AppointmentStep.Fix:
            case AppointmentStep.NotFix:
                WorkDone = workDone;
                OutcomeReason = reason;
                break;
        }
        Status = next;
        _history.Add(new AppointmentChange(step, now, changedBy, reason, Start, End, TechnicianId));
        return true;
    }
}

/// <summary>A window [Start, End) in UTC.</summary>
public sealed record Slot(DateTimeOffset Start, DateTimeOffset End);

/// <summary>A free window and how many suitable technicians are free in it.</summary>
public sealed record FreeSlot(DateTimeOffset Start, DateTimeOffset End, int AvailableTechnicians);

/// <summary>An appointment holding a technician's window (what the slot rule needs of it).</summary>
public sealed record BusyWindow(string TechnicianId, DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// The slot rule (docs/fault.md, "Dispatch and appointments"): each working window of a technician is cut into
/// consecutive slots of the slot length from its start (a remainder shorter than a slot is not offered). A slot is free
/// when at least one active technician with the ticket's category and area works it (not a blocked day) and holds no
/// appointment overlapping it; slots starting before <c>notBefore</c> are not offered.
/// </summary>
public static class SlotRule
{
    public static IReadOnlyList<Slot> CandidateSlots(Technician technician, DateTimeOffset from, DateTimeOffset to, TimeSpan length)
    {
        var slots = new List<Slot>();
        var firstDay = HallTime.LocalDate(from).AddDays(-1);
        var lastDay = HallTime.LocalDate(to);
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            if (technician.BlockedDays.Contains(day))
            {
                continue;
            }
            foreach (var window in technician.Windows.Where(w => w.Day == day.DayOfWeek))
            {
                var windowEnd = HallTime.Utc(day, window.End);
                for (var start = HallTime.Utc(day, window.Start); start + length <= windowEnd; start += length)
                {
                    if (start >= from && start + length <= to)
                    {
                        slots.Add(new Slot(start, start + length));
                    }
                }
            }
        }
        return slots;
    }

    /// <summary>The technicians (staff ids) suitable for and free in <paramref name="slot"/>.</summary>
    public static IReadOnlyList<Technician> FreeFor(Slot slot, IEnumerable<Technician> suitable, IReadOnlyCollection<BusyWindow> busy, TimeSpan length) =>
        [.. suitable.Where(t => CandidateSlots(t, slot.Start, slot.End, length).Contains(slot)
            && !busy.Any(b => b.TechnicianId == t.StaffId && b.Start < slot.End && slot.Start < b.End))];

    /// <summary>The free slots in [from, to) for the suitable technicians, earliest first.</summary>
    public static IReadOnlyList<FreeSlot> FreeSlots(IReadOnlyCollection<Technician> suitable, IReadOnlyCollection<BusyWindow> busy,
        DateTimeOffset from, DateTimeOffset to, TimeSpan length, DateTimeOffset notBefore)
    {
        var counts = new Dictionary<Slot, int>();
        foreach (var technician in suitable)
        {
            foreach (var slot in CandidateSlots(technician, from, to, length).Distinct())
            {
                if (slot.Start < notBefore || busy.Any(b => b.TechnicianId == technician.StaffId && b.Start < slot.End && slot.Start < b.End))
                {
                    continue;
                }
                counts[slot] = counts.GetValueOrDefault(slot) + 1;
            }
        }
        return [.. counts.OrderBy(entry => entry.Key.Start).ThenBy(entry => entry.Key.End)
            .Select(entry => new FreeSlot(entry.Key.Start, entry.Key.End, entry.Value))];
    }

    /// <summary>
    /// The assignment rule: of the technicians free in the slot, the one with the fewest appointments holding a window
    /// on the slot's local day; ties go to the smallest staff id (ordinal). Null when none is free.
    /// </summary>
    public static Technician? Assign(Slot slot, IEnumerable<Technician> free, IReadOnlyCollection<BusyWindow> busy)
    {
        var day = HallTime.LocalDate(slot.Start);
        return free
            .OrderBy(t => busy.Count(b => b.TechnicianId == t.StaffId && HallTime.LocalDate(b.Start) == day))
            .ThenBy(t => t.StaffId, StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
