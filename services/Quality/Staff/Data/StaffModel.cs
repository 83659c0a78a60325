using HallPlatform.Data;
using HallPlatform.Privacy;
using HallPlatform.Quality.Staff.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Quality.Staff.Data;

/// <summary>The staff module's tables inside Quality's database (one call from QualityDbContext.OnModelCreating).</summary>
public static class StaffModel
{
    public const string ConductComplaintIndexName = "ux_conduct_cases_complaint_id";
    public const string AssessmentIndexName = "ux_training_assessments_session_staff";

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
        AddTraining(modelBuilder);
        modelBuilder.Entity<Suggestion>(suggestion =>
        {
            suggestion.ToTable("suggestions");
            suggestion.HasKey(s => s.SuggestionId);
            suggestion.Property(s => s.SuggestionId).HasMaxLength(40).ValueGeneratedNever();
            suggestion.Property(s => s.Source).HasMaxLength(16).HasConversion(WireNameConverter<FeedbackSource>.Instance);
            suggestion.Property(s => s.HallId).HasMaxLength(64);
            suggestion.Property(s => s.SubmittedBy).HasMaxLength(128);
            suggestion.Property(s => s.Title).HasMaxLength(Suggestion.MaxTitleLength);
            suggestion.Property(s => s.Text).IsEncryptedPersonalData(protector);
            suggestion.Property(s => s.CaseReference).HasMaxLength(Suggestion.MaxCaseReferenceLength);
            suggestion.Property(s => s.Category).HasMaxLength(32).HasConversion(WireNameConverter<FeedbackCategory>.Instance);
            suggestion.Property(s => s.Status).HasMaxLength(16).HasConversion(WireNameConverter<SuggestionStatus>.Instance);
            suggestion.Property(s => s.Response).HasMaxLength(Suggestion.MaxResponseLength);
            suggestion.Property(s => s.ImprovementActionId).HasMaxLength(Suggestion.MaxActionIdLength);
            suggestion.Property(s => s.LastChangedBy).HasMaxLength(128);
            suggestion.Property<uint>("xmin").IsRowVersion();
            // One item per customer case, however often its events arrive.
            suggestion.HasIndex(s => new { s.Source, s.CaseReference }).IsUnique().HasFilter("\"CaseReference\" IS NOT NULL")
                .HasDatabaseName("ux_suggestions_source_case");
            suggestion.HasIndex(s => new { s.SubmittedBy, s.SubmittedAt });
            suggestion.HasIndex(s => new { s.HallId, s.SubmittedAt });
        });
        return modelBuilder;
    }

    private static void AddTraining(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TrainingCourse>(course =>
        {
            course.ToTable("training_courses", table => table.HasCheckConstraint("ck_training_courses_pass_mark", "\"PassMark\" BETWEEN 0 AND 100"));
            course.HasKey(c => c.CourseCode);
            course.Property(c => c.CourseCode).HasMaxLength(TrainingCourse.MaxCodeLength).ValueGeneratedNever();
            course.Property(c => c.Title).HasMaxLength(TrainingCourse.MaxTitleLength);
            course.Property(c => c.Topic).HasMaxLength(32).HasConversion(WireNameConverter<TrainingTopic>.Instance);
        });
        modelBuilder.Entity<TrainingSession>(session =>
        {
            session.ToTable("training_sessions");
            session.HasKey(s => s.SessionId);
            session.Property(s => s.SessionId).HasMaxLength(40).ValueGeneratedNever();
            session.Property(s => s.CourseCode).HasMaxLength(TrainingCourse.MaxCodeLength);
            session.Property(s => s.HallId).HasMaxLength(64);
            session.Property(s => s.Trainer).HasMaxLength(TrainingSession.MaxTrainerLength);
            session.Property(s => s.Hours).HasPrecision(5, 2);
            session.Property(s => s.AttendeeStaffIds).HasColumnType("text[]");
            session.Property(s => s.RecordedBy).HasMaxLength(128);
            session.HasIndex(s => new { s.HallId, s.HeldAt });
        });
        modelBuilder.Entity<TrainingAssessment>(assessment =>
        {
            assessment.ToTable("training_assessments", table => table.HasCheckConstraint("ck_training_assessments_score", "\"Score\" BETWEEN 0 AND 100"));
            assessment.HasKey(a => a.AssessmentId);
            assessment.Property(a => a.AssessmentId).HasMaxLength(40).ValueGeneratedNever();
            assessment.Property(a => a.SessionId).HasMaxLength(40);
            assessment.Property(a => a.CourseCode).HasMaxLength(TrainingCourse.MaxCodeLength);
            assessment.Property(a => a.StaffId).HasMaxLength(StaffMember.MaxIdLength);
            assessment.Property(a => a.HallId).HasMaxLength(64);
            assessment.Property(a => a.AssessedBy).HasMaxLength(128);
            // One assessment per attendee and session.
            assessment.HasIndex(a => new { a.SessionId, a.StaffId }).IsUnique().HasDatabaseName(AssessmentIndexName);
            assessment.HasIndex(a => new { a.StaffId, a.CourseCode });
        });
        modelBuilder.Entity<ServiceTypeRequirement>(requirement =>
        {
            requirement.ToTable("service_type_requirements");
            requirement.HasKey(r => r.ServiceType);
            requirement.Property(r => r.ServiceType).HasMaxLength(ServiceTypeRequirement.MaxServiceTypeLength).ValueGeneratedNever();
            requirement.Property(r => r.CourseCodes).HasColumnType("text[]");
            requirement.Property(r => r.Mode).HasMaxLength(16).HasConversion(WireNameConverter<RequirementMode>.Instance);
        });
    }
}
