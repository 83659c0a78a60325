using HallPlatform.Application;
using HallPlatform.Fault.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.Testing;
using static HallPlatform.Fault.Domain.AppointmentStatus;
using static HallPlatform.Fault.Domain.AppointmentStep;

namespace HallPlatform.Fault.Tests;

/// <summary>
/// The slot rule, the assignment rule and the appointment lifecycle on known calendars, with expected values written
/// out by hand (hall time is UTC+8: local 09:00 is 01:00Z).
/// </summary>
public sealed class DispatchRuleTests
{
    private static readonly TimeSpan TwoHours = TimeSpan.FromHours(2);
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    // Monday 2025-03-03 in hall time, as UTC: 2025-03-02T16:00Z .. 2025-03-03T16:00Z.
    private static readonly DateTimeOffset MondayStart = new(2025, 3, 2, 16, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayEnd = MondayStart.AddDays(1);

    private static DateTimeOffset Utc(int day, int hour) => new(2025, 3, day, hour, 0, 0, TimeSpan.Zero);

    private static Technician Tech(string id, string[] hours, string[]? areas = null, string[]? skills = null, DateOnly[]? blocked = null,
        bool active = true) =>
        new(id, "hall_1", id + " Name", skills ?? ["broadband"], areas ?? ["xh-01"], active, hours, blocked ?? [], Now, "test");

    [Fact]
    public void Working_windows_are_cut_into_two_hour_slots_from_their_start_and_a_short_remainder_is_not_offered()
    {
        // 09:00-13:00 -> 09-11, 11-13; 14:00-17:00 -> 14-16 (16-17 is too short); tuesday's window is outside the range.
        var technician = Tech("t1", ["monday 09:00-13:00", "monday 14:00-17:00", "tuesday 09:00-11:00"]);

        var slots = SlotRule.FreeSlots([technician], [], MondayStart, MondayEnd, TwoHours, notBefore: Now);

        Assert.Equal(
            [
                new FreeSlot(Utc(3, 1), Utc(3, 3), 1),
                new FreeSlot(Utc(3, 3), Utc(3, 5), 1),
                new FreeSlot(Utc(3, 6), Utc(3, 8), 1),
            ],
            slots);
    }

    [Fact]
    public void A_slot_is_free_when_one_suitable_technician_works_it_without_an_appointment_and_counts_them()
    {
        var t1 = Tech("t1", ["monday 09:00-13:00"]);
        var t2 = Tech("t2", ["monday 09:00-13:00", "monday 14:00-16:00"]);
        // t1 is booked 09-11, t2 11-13: each of the morning slots has one technician left; 14-16 only t2.
        BusyWindow[] busy = [new("t1", Utc(3, 1), Utc(3, 3)), new("t2", Utc(3, 3), Utc(3, 5))];

        var slots = SlotRule.FreeSlots([t1, t2], busy, MondayStart, MondayEnd, TwoHours, notBefore: Now);

        Assert.Equal(
            [
                new FreeSlot(Utc(3, 1), Utc(3, 3), 1),
                new FreeSlot(Utc(3, 3), Utc(3, 5), 1),
                new FreeSlot(Utc(3, 6), Utc(3, 8), 1),
            ],
            slots);
    }

    [Fact]
    public void The_worked_example_of_docs_fault_md_gives_its_table()
    {
        var a = Tech("A", ["monday 09:00-13:00", "monday 14:00-17:00"]);
        var b = Tech("B", ["monday 09:00-13:00"]);
        BusyWindow[] busy = [new("A", Utc(3, 1), Utc(3, 3))];

        var slots = SlotRule.FreeSlots([a, b], busy, MondayStart, MondayEnd, TwoHours, notBefore: Now);

        Assert.Equal(
            [
                new FreeSlot(Utc(3, 1), Utc(3, 3), 1),
                new FreeSlot(Utc(3, 3), Utc(3, 5), 2),
                new FreeSlot(Utc(3, 6), Utc(3, 8), 1),
            ],
            slots);
    }

    [Fact]
    public void A_fully_booked_slot_a_blocked_day_and_slots_before_now_are_not_offered()
    {
        var t1 = Tech("t1", ["monday 09:00-13:00", "tuesday 09:00-11:00"], blocked: [new DateOnly(2025, 3, 4)]);
        BusyWindow[] busy = [new("t1", Utc(3, 1), Utc(3, 3))];

        var slots = SlotRule.FreeSlots([t1], busy, MondayStart, MondayStart.AddDays(2), TwoHours, notBefore: Utc(3, 2));

        // 09-11 is booked, 11-13 (03:00Z) is after now (02:00Z); tuesday is blocked.
        Assert.Equal([new FreeSlot(Utc(3, 3), Utc(3, 5), 1)], slots);
    }

    [Fact]
    public void A_window_crossing_midnight_utc_is_still_the_local_day()
    {
        // Local 07:00-09:00 on monday is 23:00Z sunday .. 01:00Z monday.
        var t1 = Tech("t1", ["monday 07:00-09:00"]);

        var slots = SlotRule.FreeSlots([t1], [], MondayStart, MondayEnd, TwoHours, notBefore: Now);

        Assert.Equal([new FreeSlot(Utc(2, 23), Utc(3, 1), 1)], slots);
    }

    [Fact]
    public void Suitability_needs_the_active_flag_the_category_skill_and_the_area()
    {
        Assert.True(Tech("a", [], areas: ["xh-01"], skills: ["broadband"]).Covers(TicketType.Broadband, "xh-01"));
        Assert.False(Tech("b", [], areas: ["xh-02"], skills: ["broadband"]).Covers(TicketType.Broadband, "xh-01"));
        Assert.False(Tech("c", [], areas: ["xh-01"], skills: ["mobile"]).Covers(TicketType.Broadband, "xh-01"));
        Assert.False(Tech("d", [], areas: ["xh-01"], skills: ["broadband"], active: false).Covers(TicketType.Broadband, "xh-01"));
    }

    [Fact]
    public void Assignment_takes_the_least_loaded_technician_that_day_then_the_smallest_staff_id()
    {
        // 13:00-15:00 hall time, on the 09:00-18:00 grid (09, 11, 13, 15).
        var slot = new Slot(Utc(3, 5), Utc(3, 7));
        var a = Tech("tech-a", ["monday 09:00-18:00"]);
        var b = Tech("tech-b", ["monday 09:00-18:00"]);
        var c = Tech("tech-c", ["monday 09:00-18:00"]);
        // a: two that day; b: one that day and one the day before (not counted); c: one that day.
        BusyWindow[] busy =
        [
            new("tech-a", Utc(3, 1), Utc(3, 3)), new("tech-a", Utc(3, 3), Utc(3, 5)),
            new("tech-b", Utc(3, 1), Utc(3, 3)), new("tech-b", Utc(2, 1), Utc(2, 3)),
            new("tech-c", Utc(3, 8), Utc(3, 10)),
        ];

        var free = SlotRule.FreeFor(slot, [c, a, b], busy, TwoHours);
        var chosen = SlotRule.Assign(slot, free, busy);

        Assert.Equal(["tech-c", "tech-a", "tech-b"], free.Select(t => t.StaffId));
        Assert.Equal("tech-b", chosen!.StaffId);
        Assert.Null(SlotRule.Assign(slot, [], busy));
    }

    [Fact]
    public void A_window_not_on_a_technicians_slot_grid_or_overlapping_an_appointment_is_not_free()
    {
        var a = Tech("tech-a", ["monday 09:00-13:00"]);

        Assert.Empty(SlotRule.FreeFor(new Slot(Utc(3, 2), Utc(3, 4)), [a], [], TwoHours));
        Assert.Empty(SlotRule.FreeFor(new Slot(Utc(3, 1), Utc(3, 3)), [a], [new BusyWindow("tech-a", Utc(3, 2), Utc(3, 4))], TwoHours));
        Assert.Single(SlotRule.FreeFor(new Slot(Utc(3, 1), Utc(3, 3)), [a], [], TwoHours));
    }

    [Theory]
    [InlineData("monday 09:00-13:00", true)]
    [InlineData("Sunday 00:00-23:59", true)]
    [InlineData("monday 13:00-09:00", false)]
    [InlineData("monday 09:00-09:00", false)]
    [InlineData("funday 09:00-13:00", false)]
    [InlineData("1 09:00-13:00", false)]
    [InlineData("monday 9:00-13:00", false)]
    [InlineData("monday 24:00-25:00", false)]
    public void Working_windows_parse_only_in_their_documented_form(string text, bool valid) =>
        Assert.Equal(valid, WorkingWindow.TryParse(text, out _));

    /// <summary>docs/fault.md's appointment table, each cell written by hand: the resulting status or "." (forbidden).</summary>
    private static readonly TransitionTable<AppointmentStatus, AppointmentStep> Table = new(
        [Book, Reschedule, Cancel, Arrive, Fix, NotFix, EndWithTicket],
        // from \ step        Book  Reschedule  Cancel     Arrive   Fix    NotFix    EndWithTicket
        (Booked,          "  .     Booked      Cancelled  Arrived  .      .         .               "),
        (Arrived,         "  .     .           .          .        Fixed  NotFixed  EndedWithTicket "),
        (AppointmentStatus.Fixed, "  .     .           .          .        .      .         .               "),
        (AppointmentStatus.NotFixed, "  .     .           .          .        .      .         .               "),
        (Cancelled,       "  .     .           .          .        .      .         .               "),
        (EndedWithTicket, "  .     .           .          .        .      .         .               "));

    /// <summary>
    /// docs/fault.md: what an appointment becomes when its ticket reaches a status by another step, by hand: the
    /// resulting status or "." (unchanged: the status does not end the ticket's work, or the appointment is final).
    /// </summary>
    private static readonly TransitionTable<AppointmentStatus, TicketStatus> WhenTicketEnds = new(
        [TicketStatus.Submitted, TicketStatus.Acknowledged, TicketStatus.Rejected, TicketStatus.InProgress, TicketStatus.Held,
         TicketStatus.Pending, TicketStatus.Resolved, TicketStatus.Closed, TicketStatus.Cancelled],
        // appointment \ ticket  submitted ack  rejected         inProgress held pending resolved         closed           cancelled
        (Booked,          "  .        .    Cancelled        .          .    .       Cancelled        Cancelled        Cancelled       "),
        (Arrived,         "  .        .    EndedWithTicket  .          .    .       EndedWithTicket  EndedWithTicket  EndedWithTicket "),
        (AppointmentStatus.Fixed, "  .        .    .                .          .    .       .                .                .               "),
        (AppointmentStatus.NotFixed, "  .        .    .                .          .    .       .                .                .               "),
        (Cancelled,       "  .        .    .                .          .    .       .                .                .               "),
        (EndedWithTicket, "  .        .    .                .          .    .       .                .                .               "));

    public static TheoryData<AppointmentStatus, TicketStatus, string> EveryTicketEndCell() => WhenTicketEnds.EveryCell();

    [Fact]
    public void The_ticket_end_table_writes_every_appointment_and_ticket_status_once() => WhenTicketEnds.AssertCoversEveryPairOnce();

    [Theory]
    [MemberData(nameof(EveryTicketEndCell))]
    public void When_the_ticket_ends_by_another_step_its_appointment_moves_as_the_table_says_with_the_reason_or_stays(
        AppointmentStatus from, TicketStatus ticketStatus, string mark)
    {
        var appointment = AppointmentIn(from);
        var historyBefore = appointment.History.Count;
        var later = Now.AddHours(1);

        var taken = appointment.TryEndWithTicket(ticketStatus, later, "tech-x");

        if (mark == TransitionTable<AppointmentStatus, TicketStatus>.Forbidden)
        {
            Assert.False(taken);
            Assert.Equal(from, appointment.Status);
            Assert.Equal(historyBefore, appointment.History.Count);
            return;
        }
        Assert.True(taken);
        Assert.Equal(mark, appointment.Status.ToString());
        var expectedStep = from == Booked ? Cancel : EndWithTicket;
        var reason = $"ticket {ticketStatus.ToWire()}";
        Assert.Equal(new AppointmentChange(expectedStep, later, "tech-x", reason, appointment.Start, appointment.End, appointment.TechnicianId),
            appointment.History[^1]);
        Assert.Equal(reason, appointment.CancelReason);
        Assert.False(AppointmentStateMachine.HoldsSlot(appointment.Status));
    }

    public static TheoryData<AppointmentStatus, AppointmentStep, string> EveryCell() => Table.EveryCell();

    [Fact]
    public void The_appointment_table_writes_every_status_and_step_once() => Table.AssertCoversEveryPairOnce();

    [Fact]
    public void The_appointment_lifecycle_answers_exactly_as_the_table() =>
        Table.AssertDomainAgrees((from, step) => AppointmentStateMachine.Next(from, step)?.ToString() ?? TransitionTable<AppointmentStatus, AppointmentStep>.Forbidden);

    [Theory]
    [MemberData(nameof(EveryCell))]
    public void Each_step_on_an_appointment_moves_it_as_the_table_says_or_leaves_it_unchanged(AppointmentStatus from, AppointmentStep step, string mark)
    {
        if (step == Book)
        {
            return; // Book creates an appointment; it is never a step on one (checked on the table above).
        }
        var appointment = AppointmentIn(from);
        var historyBefore = appointment.History.Count;
        var later = Now.AddHours(1);
        var newWindow = new Slot(Utc(3, 3), Utc(3, 5));

        var taken = appointment.TryTake(step, later, "someone", "because", newWindow, "tech-b", "work");

        if (mark == TransitionTable<AppointmentStatus, AppointmentStep>.Forbidden)
        {
            Assert.False(taken);
            Assert.Equal(from, appointment.Status);
            Assert.Equal(historyBefore, appointment.History.Count);
            return;
        }
        Assert.True(taken);
        Assert.Equal(mark, appointment.Status.ToString());
        Assert.Equal(historyBefore + 1, appointment.History.Count);
        Assert.Equal(new AppointmentChange(step, later, "someone", "because", appointment.Start, appointment.End, appointment.TechnicianId),
            appointment.History[^1]);
        if (step == Reschedule)
        {
            Assert.Equal((newWindow.Start, newWindow.End, "tech-b"), (appointment.Start, appointment.End, appointment.TechnicianId));
        }
    }

    [Fact]
    public void Only_booked_and_arrived_appointments_hold_their_window()
    {
        Assert.Equal([Booked, Arrived], Enum.GetValues<AppointmentStatus>().Where(AppointmentStateMachine.HoldsSlot));
        Assert.Equal([TicketStatus.Rejected, TicketStatus.Cancelled, TicketStatus.Resolved, TicketStatus.Closed],
            Enum.GetValues<TicketStatus>().Where(AppointmentStateMachine.EndsAppointments));
    }

    [Fact]
    public void The_customer_message_gives_the_window_in_hall_time_and_only_the_technicians_first_name()
    {
        var ticket = TroubleTicket.Register(
            new FaultReport(Channel.Hall, null, "No link", "", Severity.Major, TicketType.Broadband, "hall_1", "+8613800138000", "Li Na"),
            Now, null, "ref");
        var appointment = Appointment.Book(ticket.TicketId, "hall_1", "xh-01", new Slot(Utc(3, 6), Utc(3, 8)), "usr_zhao", Now, "tech", null);

        var message = AppointmentCommunications.ForLatestStep(ticket, appointment, "Zhao");

        Assert.NotNull(message);
        Assert.Equal(AppointmentCommunications.BookedCode, message.TemplateCode);
        Assert.Equal("2025-03-03 14:00", message.Parameters["windowStart"]);
        Assert.Equal("16:00", message.Parameters["windowEnd"]);
        Assert.Equal("Zhao", message.Parameters["technicianFirstName"]);
        Assert.DoesNotContain("usr_zhao", string.Join(" ", message.Parameters.Values));
    }

    private static Appointment AppointmentIn(AppointmentStatus status)
    {
        var appointment = Appointment.Book("tt_1", "hall_1", "xh-01", new Slot(Utc(3, 1), Utc(3, 3)), "tech-a", Now, "tech", null);
        switch (status)
        {
            case Booked:
                break;
            case Arrived:
                Assert.True(appointment.TryTake(Arrive, Now, "tech-a", null));
                break;
            case AppointmentStatus.Fixed:
            case AppointmentStatus.NotFixed:
                Assert.True(appointment.TryTake(Arrive, Now, "tech-a", null));
                Assert.True(appointment.TryTake(status == AppointmentStatus.Fixed ? Fix : NotFix, Now, "tech-a", "r", workDone: "w"));
                break;
            case Cancelled:
                Assert.True(appointment.TryTake(Cancel, Now, "tech-a", "customer away"));
                break;
            case EndedWithTicket:
                Assert.True(appointment.TryTake(Arrive, Now, "tech-a", null));
                Assert.True(appointment.TryTake(EndWithTicket, Now, "tech-a", "ticket resolved"));
                break;
        }
        Assert.Equal(status, appointment.Status);
        return appointment;
    }
}
