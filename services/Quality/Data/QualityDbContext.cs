using HallPlatform.Messaging;
using HallPlatform.Data;
using HallPlatform.Quality.Domain;
using HallPlatform.Quality.Staff.Data;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Notifications;
using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HallPlatform.Quality.Data;

public sealed class QualityDbContext(DbContextOptions<QualityDbContext> options) : DbContext(options)
{
    public DbSet<SurveyResponse> SurveyResponses => Set<SurveyResponse>();

    public DbSet<FollowUpCase> FollowUpCases => Set<FollowUpCase>();

    public DbSet<FollowUp> FollowUps => Set<FollowUp>();

    public DbSet<ImprovementAction> ImprovementActions => Set<ImprovementAction>();

    public DbSet<EvaluationMeeting> EvaluationMeetings => Set<EvaluationMeeting>();

    public DbSet<CaseFact> CaseFacts => Set<CaseFact>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new SurveyResponseConfiguration(this.GetPersonalDataProtector()));
        modelBuilder.ApplyConfiguration(new FollowUpConfiguration(this.GetPersonalDataProtector()));
        modelBuilder.AddAuditTrail();
        modelBuilder.AddOutbox();
        modelBuilder.AddEventConsumption();
        modelBuilder.AddCommunicationMessages(this.GetPersonalDataProtector());
        // The staff module's tables (services/Quality/Staff).
        modelBuilder.AddStaffModel(this.GetPersonalDataProtector());
        // Evaluation meetings and improvement actions (docs/quality.md).
        modelBuilder.AddImprovementModel(this.GetPersonalDataProtector());
        modelBuilder.Entity<FollowUpCase>(followUp =>
        {
            followUp.ToTable("follow_up_cases");
            // One case per (kind, id): a ticket resolved and then closed is one case.
            followUp.HasKey(c => new { c.CaseKind, c.CaseId });
            followUp.Property(c => c.CaseKind).HasColumnName("case_kind").HasMaxLength(32).HasConversion(WireNameConverter<CaseType>.Instance);
            followUp.Property(c => c.CaseId).HasColumnName("case_id").HasMaxLength(FollowUpCase.MaxIdLength);
            followUp.Property(c => c.HallId).HasColumnName("hall_id").HasMaxLength(64);
            followUp.Property(c => c.JourneyId).HasColumnName("journey_id").HasMaxLength(64);
            followUp.Property(c => c.JourneyTraceParent).HasColumnName("journey_trace_parent").HasMaxLength(JourneyTrace.MaxLength);
            followUp.Property(c => c.ClosureScore).HasColumnName("closure_score");
            followUp.Property(c => c.ServiceType).HasColumnName("service_type").HasMaxLength(64);
            followUp.Property(c => c.CompletedAt).HasColumnName("completed_at");
            followUp.HasIndex(c => new { c.HallId, c.CompletedAt }).HasDatabaseName("ix_follow_up_cases_hall");
        });
        modelBuilder.ApplyConfiguration(new CaseFactConfiguration());
    }
}

/// <summary>The statistics' read model (docs/quality.md, "Statistics"): one row per case, codes and times only.</summary>
internal sealed class CaseFactConfiguration : IEntityTypeConfiguration<CaseFact>
{
    public void Configure(EntityTypeBuilder<CaseFact> fact)
    {
        fact.ToTable("case_facts");
        fact.HasKey(f => new { f.CaseKind, f.CaseId });
        fact.Property(f => f.CaseKind).HasColumnName("case_kind").HasMaxLength(32).HasConversion(WireNameConverter<CaseType>.Instance);
        fact.Property(f => f.CaseId).HasColumnName("case_id").HasMaxLength(FollowUpCase.MaxIdLength);
        fact.Property(f => f.HallId).HasColumnName("hall_id").HasMaxLength(CaseFact.MaxCodeLength);
        fact.Property(f => f.ServiceType).HasColumnName("service_type").HasMaxLength(CaseFact.MaxCodeLength);
        fact.Property(f => f.StaffId).HasColumnName("staff_id").HasMaxLength(CaseFact.MaxCodeLength);
        fact.Property(f => f.Channel).HasColumnName("channel").HasMaxLength(CaseFact.MaxCodeLength);
        fact.Property(f => f.Status).HasColumnName("status").HasMaxLength(CaseFact.MaxCodeLength);
        fact.Property(f => f.EndState).HasColumnName("end_state").HasMaxLength(CaseFact.MaxCodeLength);
        fact.Property(f => f.OpenedAt).HasColumnName("opened_at");
        fact.Property(f => f.FinishedAt).HasColumnName("finished_at");
        fact.Property(f => f.WaitSeconds).HasColumnName("wait_seconds");
        fact.Property(f => f.ServiceSeconds).HasColumnName("service_seconds");
        fact.Property(f => f.ServiceLevelSeconds).HasColumnName("service_level_seconds");
        fact.Property(f => f.RepairSeconds).HasColumnName("repair_seconds");
        fact.Property(f => f.DueAt).HasColumnName("due_at");
        fact.Property(f => f.MetTarget).HasColumnName("met_target");
        fact.Property(f => f.FirstResponseAt).HasColumnName("first_response_at");
        fact.Property(f => f.LastEventAt).HasColumnName("last_event_at");
        // The statistics read one kind over a period, by finish, first answer or due time.
        fact.HasIndex(f => new { f.CaseKind, f.FinishedAt }).HasDatabaseName("ix_case_facts_finished");
        fact.HasIndex(f => new { f.CaseKind, f.FirstResponseAt }).HasDatabaseName("ix_case_facts_first_response");
        fact.HasIndex(f => new { f.CaseKind, f.DueAt }).HasDatabaseName("ix_case_facts_due");
    }
}

internal sealed class SurveyResponseConfiguration(PersonalDataProtector protector) : IEntityTypeConfiguration<SurveyResponse>
{
    public void Configure(EntityTypeBuilder<SurveyResponse> builder)
    {
        builder.ToTable("survey_responses", table =>
        {
            // The database refuses scores the domain would never produce, whatever writes them.
            table.HasCheckConstraint("ck_survey_responses_csat_score", "\"CsatScore\" BETWEEN 1 AND 5");
            table.HasCheckConstraint("ck_survey_responses_nps_score", "\"NpsScore\" BETWEEN 0 AND 10");
        });
        builder.HasKey(r => r.ResponseId);
        builder.Property(r => r.ResponseId).HasMaxLength(40).ValueGeneratedNever();
        builder.Property(r => r.CaseType).HasMaxLength(32)
            .HasConversion(WireNameConverter<CaseType>.Instance);
        builder.Property(r => r.CaseId).HasMaxLength(100);
        builder.Property(r => r.HallId).HasMaxLength(64);
        // The customer's free text may name them or give a phone number: encrypted like any personal data. The
        // length limit is checked on the plaintext before saving; the ciphertext column is unbounded text.
        builder.Property(r => r.Comment).IsEncryptedPersonalData(protector);

        // One answer per case: the idempotency key of Record.
        builder.HasIndex(r => new { r.CaseType, r.CaseId }).IsUnique().HasDatabaseName("ux_survey_responses_case");
        // The summary reads one hall over a period.
        builder.HasIndex(r => new { r.HallId, r.AnsweredAt });
    }
}

/// <summary>Lets `dotnet ef` build the model without a running server or the Aspire configuration.</summary>
public sealed class QualityDbContextDesignTimeFactory : IDesignTimeDbContextFactory<QualityDbContext>
{
    public QualityDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<QualityDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=qualitydb")
            .Options);
}
