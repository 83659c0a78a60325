using HallPlatform.Data;
using HallPlatform.Privacy;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Quality.Data;

/// <summary>
/// improvement_actions (with their history) and evaluation_meetings (with their findings). Free texts that may name
/// people (descriptions, results, notes, findings) are encrypted at rest; their lengths are checked before saving.
/// </summary>
public static class ImprovementModel
{
    public static ModelBuilder AddImprovementModel(this ModelBuilder modelBuilder, PersonalDataProtector protector)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<ImprovementAction>(action =>
        {
            action.ToTable("improvement_actions", table =>
            {
                table.HasCheckConstraint("ck_improvement_actions_baseline", $"baseline IS NULL OR baseline BETWEEN -{ImprovementAction.MaxFigure} AND {ImprovementAction.MaxFigure}");
                table.HasCheckConstraint("ck_improvement_actions_target", $"target IS NULL OR target BETWEEN -{ImprovementAction.MaxFigure} AND {ImprovementAction.MaxFigure}");
            });
            action.HasKey(a => a.ActionId);
            action.Property(a => a.ActionId).HasColumnName("action_id").HasMaxLength(ImprovementAction.MaxIdLength).ValueGeneratedNever();
            action.Property(a => a.HallId).HasColumnName("hall_id").HasMaxLength(64);
            action.Property(a => a.Title).HasColumnName("title").HasMaxLength(ImprovementAction.MaxTitleLength);
            action.Property(a => a.Description).HasColumnName("description").IsEncryptedPersonalData(protector);
            action.Property(a => a.OwnerId).HasColumnName("owner_id").HasMaxLength(ImprovementAction.MaxStaffIdLength);
            action.Property(a => a.DueDate).HasColumnName("due_date");
            action.Property(a => a.Metric).HasColumnName("metric").HasMaxLength(32).HasConversion(WireNameConverter<QualityMetric>.Instance);
            action.Property(a => a.Baseline).HasColumnName("baseline");
            action.Property(a => a.Target).HasColumnName("target");
            action.Property(a => a.MeetingId).HasColumnName("meeting_id").HasMaxLength(EvaluationMeeting.MaxIdLength);
            action.Property(a => a.FindingId).HasColumnName("finding_id").HasMaxLength(EvaluationMeeting.MaxIdLength);
            action.Property(a => a.Status).HasColumnName("status").HasMaxLength(16).HasConversion(WireNameConverter<ImprovementActionStatus>.Instance);
            action.Property(a => a.Result).HasColumnName("result").IsEncryptedPersonalData(protector);
            action.Property(a => a.CreatedBy).HasColumnName("created_by").HasMaxLength(ImprovementAction.MaxStaffIdLength);
            action.Property(a => a.CreatedAt).HasColumnName("created_at");
            action.Property(a => a.StatusChangedAt).HasColumnName("status_changed_at");
            // Two managers moving one action at once cannot both win.
            action.Property<uint>("xmin").IsRowVersion();
            action.HasIndex(a => new { a.HallId, a.Status, a.DueDate }).HasDatabaseName("ix_improvement_actions_hall_status_due");
            action.HasIndex(a => a.MeetingId).HasDatabaseName("ix_improvement_actions_meeting");
            action.OwnsMany(a => a.History, change =>
            {
                change.ToTable("improvement_action_changes");
                change.WithOwner().HasForeignKey("action_id");
                change.Property<long>("id");
                change.HasKey("id");
                change.Property(h => h.From).HasColumnName("from_status").HasMaxLength(16).HasConversion(WireNameConverter<ImprovementActionStatus>.Instance);
                change.Property(h => h.To).HasColumnName("to_status").HasMaxLength(16).HasConversion(WireNameConverter<ImprovementActionStatus>.Instance);
                change.Property(h => h.At).HasColumnName("at");
                change.Property(h => h.By).HasColumnName("by").HasMaxLength(ImprovementAction.MaxStaffIdLength);
                change.Property(h => h.Note).HasColumnName("note").IsEncryptedPersonalData(protector);
            });
        });

        modelBuilder.Entity<EvaluationMeeting>(meeting =>
        {
            meeting.ToTable("evaluation_meetings");
            meeting.HasKey(m => m.MeetingId);
            meeting.Property(m => m.MeetingId).HasColumnName("meeting_id").HasMaxLength(EvaluationMeeting.MaxIdLength).ValueGeneratedNever();
            meeting.Property(m => m.HallId).HasColumnName("hall_id").HasMaxLength(64);
            meeting.Property(m => m.HeldOn).HasColumnName("held_on");
            // Element lengths are checked before saving (staff ids are at most 128 characters).
            meeting.Property(m => m.Participants).HasColumnName("participants").HasColumnType("text[]");
            meeting.Property(m => m.FiguresSource).HasColumnName("figures_source").HasMaxLength(32);
            meeting.Property(m => m.FiguresFrom).HasColumnName("figures_from");
            meeting.Property(m => m.FiguresTo).HasColumnName("figures_to");
            meeting.Property(m => m.Figures).HasColumnName("figures").HasColumnType("jsonb");
            meeting.Property(m => m.RecordedBy).HasColumnName("recorded_by").HasMaxLength(ImprovementAction.MaxStaffIdLength);
            meeting.Property(m => m.RecordedAt).HasColumnName("recorded_at");
            // "The previous meeting of the hall" reads this index backwards.
            meeting.HasIndex(m => new { m.HallId, m.HeldOn, m.RecordedAt }).HasDatabaseName("ix_evaluation_meetings_hall_held_on");
            meeting.OwnsMany(m => m.Findings, finding =>
            {
                finding.ToTable("evaluation_findings");
                finding.WithOwner().HasForeignKey("meeting_id");
                finding.HasKey(f => f.FindingId);
                finding.Property(f => f.FindingId).HasColumnName("finding_id").HasMaxLength(EvaluationMeeting.MaxIdLength).ValueGeneratedNever();
                finding.Property(f => f.Number).HasColumnName("number");
                finding.Property(f => f.Text).HasColumnName("text").IsEncryptedPersonalData(protector);
            });
        });
        return modelBuilder;
    }
}
