using HallPlatform.Data;
using HallPlatform.Fault.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Fault.Data;

/// <summary>Technicians with their calendars, and on-site appointments (docs/fault.md, "Dispatch and appointments").</summary>
public static class DispatchModel
{
    public const string TechniciansTable = "technicians";
    public const string AppointmentsTable = "appointments";

    /// <summary>
    /// No two appointments holding their window (booked, arrived) of one technician overlap: a PostgreSQL exclusion
    /// constraint <c>EXCLUDE USING gist (technician_id WITH =, tstzrange(start_at, end_at) WITH &amp;&amp;)</c> (extension
    /// btree_gist), created by the migration <c>AppointmentOverlapConstraint</c> (EF Core does not model exclusion
    /// constraints). Of two concurrent bookings of overlapping windows of one technician exactly one inserts, whatever
    /// slot grid each was cut from.
    /// </summary>
    public const string TechnicianOverlapConstraintName = "ex_appointments_technician_overlap";

    /// <summary>One appointment holding a window per ticket.</summary>
    public const string TicketActiveIndexName = "ux_appointments_ticket_active";

    private const string HoldsSlotFilter = "status IN ('booked', 'arrived')";

    public static ModelBuilder AddDispatch(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<Technician>(row =>
        {
            row.ToTable(TechniciansTable);
            row.HasKey(t => t.StaffId);
            row.Property(t => t.StaffId).HasColumnName("staff_id").HasMaxLength(Technician.MaxStaffIdLength);
            row.Property(t => t.HallId).HasColumnName("hall_id").HasMaxLength(FaultReport.MaxHallIdLength);
            row.Property(t => t.DisplayName).HasColumnName("display_name").HasMaxLength(Technician.MaxDisplayNameLength);
            row.PrimitiveCollection(t => t.Skills).HasColumnName("skills").ElementType(element => element.HasMaxLength(16));
            row.PrimitiveCollection(t => t.Areas).HasColumnName("areas").ElementType(element => element.HasMaxLength(Technician.MaxAreaLength));
            row.Property(t => t.Active).HasColumnName("active");
            row.PrimitiveCollection(t => t.WorkingHours).HasColumnName("working_hours").ElementType(element => element.HasMaxLength(32));
            row.PrimitiveCollection(t => t.BlockedDays).HasColumnName("blocked_days");
            row.Property(t => t.UpdatedAt).HasColumnName("updated_at");
            row.Property(t => t.UpdatedBy).HasColumnName("updated_by").HasMaxLength(Technician.MaxStaffIdLength);
            row.Property<uint>("Version").IsRowVersion();
            row.Ignore(t => t.Windows);
            row.Ignore(t => t.FirstName);
            row.HasIndex(t => t.HallId).HasDatabaseName("ix_technicians_hall_id");
        });
        modelBuilder.Entity<Appointment>(row =>
        {
            row.ToTable(AppointmentsTable);
            row.HasKey(a => a.AppointmentId);
            row.Property(a => a.AppointmentId).HasColumnName("appointment_id").HasMaxLength(40);
            row.Property(a => a.TicketId).HasColumnName("ticket_id").HasMaxLength(40);
            row.Property(a => a.HallId).HasColumnName("hall_id").HasMaxLength(FaultReport.MaxHallIdLength);
            row.Property(a => a.Area).HasColumnName("area").HasMaxLength(Technician.MaxAreaLength);
            row.Property(a => a.TechnicianId).HasColumnName("technician_id").HasMaxLength(Technician.MaxStaffIdLength);
            row.Property(a => a.Start).HasColumnName("start_at");
            row.Property(a => a.End).HasColumnName("end_at");
            row.Property(a => a.Status).HasColumnName("status").HasMaxLength(16).HasConversion(WireNameConverter<AppointmentStatus>.Instance);
            row.Property(a => a.ArrivedAt).HasColumnName("arrived_at");
            row.Property(a => a.WorkDone).HasColumnName("work_done").HasMaxLength(Appointment.MaxWorkDoneLength);
            row.Property(a => a.OutcomeReason).HasColumnName("outcome_reason").HasMaxLength(Appointment.MaxReasonLength);
            row.Property(a => a.CancelReason).HasColumnName("cancel_reason").HasMaxLength(Appointment.MaxReasonLength);
            row.Property(a => a.CreatedAt).HasColumnName("created_at");
            row.Property<uint>("Version").IsRowVersion();
            row.OwnsMany(a => a.History, history =>
            {
                history.ToJson("history");
                history.Property(h => h.Step).HasConversion(WireNameConverter<AppointmentStep>.Instance);
            });
            row.Navigation(a => a.History).UsePropertyAccessMode(PropertyAccessMode.Field);
            row.HasIndex(a => a.TicketId).IsUnique().HasFilter(HoldsSlotFilter).HasDatabaseName(TicketActiveIndexName);
            row.HasIndex(a => new { a.TicketId, a.CreatedAt }).HasDatabaseName("ix_appointments_ticket_id_created_at");
            row.HasIndex(a => new { a.Start, a.Status }).HasDatabaseName("ix_appointments_start_at_status");
        });
        return modelBuilder;
    }
}
