using HallPlatform.Data;
using HallPlatform.Privacy;
using HallPlatform.Quality.Staff.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Quality.Staff.Data;

/// <summary>The staff module's tables inside Quality's database (one call from QualityDbContext.OnModelCreating).</summary>
public static class StaffModel
{
    public const string ConductComplaintIndexName = "ux_conduct_cases_complaint_id";

    public static ModelBuilder AddStaffModel(this ModelBuilder modelBuilder, PersonalDataProtector protector)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<StaffMember>(staff =>
        {
            staff.ToTable("staff_members");
            staff.HasKey(s => s.StaffId);
            staff.Property(s => s.StaffId).HasMaxLength(StaffMember.MaxIdLength).ValueGeneratedNever();
            staff.Property(s => s.DisplayName).HasMaxLength(StaffMember.MaxDisplayNameLength);
            // text[] columns: element lengths are checked before saving (hall ids, roles, skills all have a shape).
            staff.Property(s => s.HallIds).HasColumnType("text[]");
            staff.Property(s => s.Roles).HasColumnType("text[]");
            staff.Property(s => s.Skills).HasColumnType("text[]");
            staff.Property<uint>("xmin").IsRowVersion();
            // Lists by hall read the array with the overlap operator.
            staff.HasIndex(s => s.HallIds).HasMethod("gin");
        });

        modelBuilder.Entity<ConductCase>(conduct =>
        {
            conduct.ToTable("conduct_cases", table => table.HasCheckConstraint(
                "ck_conduct_cases_value_fen", $"\"ValueFen\" IS NULL OR \"ValueFen\" BETWEEN 0 AND {ConductCase.MaxValueFen}"));
            conduct.HasKey(c => c.CaseId);
            conduct.Property(c => c.CaseId).HasMaxLength(40).ValueGeneratedNever();
            conduct.Property(c => c.StaffId).HasMaxLength(StaffMember.MaxIdLength);
            conduct.Property(c => c.HallId).HasMaxLength(64);
            conduct.Property(c => c.Category).HasMaxLength(16).HasConversion(WireNameConverter<ConductCategory>.Instance);
            conduct.Property(c => c.Disposition).HasMaxLength(16).HasConversion(WireNameConverter<GiftDisposition>.Instance);
            conduct.Property(c => c.ViolationKind).HasMaxLength(32).HasConversion(WireNameConverter<ViolationKind>.Instance);
            conduct.Property(c => c.Counterparty).IsEncryptedPersonalData(protector);
            conduct.Property(c => c.Description).IsEncryptedPersonalData(protector);
            conduct.Property(c => c.ComplaintId).HasMaxLength(ConductCase.MaxComplaintIdLength);
            conduct.Property(c => c.Status).HasMaxLength(16).HasConversion(WireNameConverter<ConductStatus>.Instance);
            conduct.Property(c => c.Outcome).HasMaxLength(16).HasConversion(WireNameConverter<ConductOutcome>.Instance);
            conduct.Property(c => c.Sanction).HasMaxLength(16).HasConversion(WireNameConverter<ConductSanction>.Instance);
            conduct.Property(c => c.RecordedBy).HasMaxLength(128);
            conduct.Property(c => c.ConcludedBy).HasMaxLength(128);
            // Concurrent moves of one case cannot both win.
            conduct.Property<uint>("xmin").IsRowVersion();
            // One automatic review per upheld complaint, whatever replays of the event do.
            conduct.HasIndex(c => c.ComplaintId).IsUnique().HasFilter("\"ComplaintId\" IS NOT NULL").HasDatabaseName(ConductComplaintIndexName);
            conduct.HasIndex(c => new { c.HallId, c.RecordedAt });
            conduct.HasIndex(c => new { c.StaffId, c.RecordedAt });
            conduct.OwnsMany(c => c.StatusChanges, change =>
            {
                change.ToTable("conduct_case_status_changes");
                change.WithOwner().HasForeignKey("CaseId");
                change.Property<long>("Id");
                change.HasKey("Id");
                change.Property(h => h.From).HasMaxLength(16).HasConversion(WireNameConverter<ConductStatus>.Instance);
                change.Property(h => h.To).HasMaxLength(16).HasConversion(WireNameConverter<ConductStatus>.Instance);
                change.Property(h => h.By).HasMaxLength(128);
                change.Property(h => h.Note).IsEncryptedPersonalData(protector);
            });
        });
        return modelBuilder;
    }
}
