using HallPlatform.Data;
using HallPlatform.Privacy;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HallPlatform.Quality.Data;

/// <summary>follow_ups: one planned follow-up per finished case; the customer's contact encrypted at rest.</summary>
internal sealed class FollowUpConfiguration(PersonalDataProtector protector) : IEntityTypeConfiguration<FollowUp>
{
    public void Configure(EntityTypeBuilder<FollowUp> builder)
    {
        builder.ToTable("follow_ups");
        builder.HasKey(f => f.FollowUpId);
        builder.Property(f => f.FollowUpId).HasColumnName("follow_up_id").HasMaxLength(FollowUp.MaxIdLength).ValueGeneratedNever();
        builder.Property(f => f.CaseKind).HasColumnName("case_kind").HasMaxLength(32).HasConversion(WireNameConverter<CaseType>.Instance);
        builder.Property(f => f.CaseId).HasColumnName("case_id").HasMaxLength(FollowUpCase.MaxIdLength);
        builder.Property(f => f.ContactCaseId).HasColumnName("contact_case_id").HasMaxLength(FollowUpCase.MaxIdLength);
        builder.Property(f => f.HallId).HasColumnName("hall_id").HasMaxLength(64);
        builder.Property(f => f.JourneyId).HasColumnName("journey_id").HasMaxLength(64);
        builder.Property(f => f.ServedBy).HasColumnName("served_by").HasMaxLength(FollowUp.MaxStaffIdLength);
        builder.Property(f => f.PlannedAt).HasColumnName("planned_at");
        builder.Property(f => f.DueAt).HasColumnName("due_at");
        builder.Property(f => f.Status).HasColumnName("status").HasMaxLength(16).HasConversion(WireNameConverter<FollowUpStatus>.Instance);
        builder.Property(f => f.SkipReason).HasColumnName("skip_reason").HasMaxLength(16).HasConversion(WireNameConverter<FollowUpSkipReason>.Instance);
        builder.Property(f => f.ContactAttempts).HasColumnName("contact_attempts");
        builder.Property(f => f.NextAttemptAt).HasColumnName("next_attempt_at");
        builder.Property(f => f.LastError).HasColumnName("last_error").HasMaxLength(FollowUp.MaxErrorLength);
        builder.Property(f => f.CustomerName).HasColumnName("customer_name").IsEncryptedPersonalData(protector);
        builder.Property(f => f.CustomerPhone).HasColumnName("customer_phone").IsEncryptedPersonalData(protector, nameof(FollowUp.CustomerPhoneRef));
        builder.Property(f => f.CustomerPhoneRef).HasColumnName("customer_phone_ref").HasMaxLength(BlindIndex.Length);
        builder.Property(f => f.ContactedAt).HasColumnName("contacted_at");
        builder.Property(f => f.ClaimedBy).HasColumnName("claimed_by").HasMaxLength(FollowUp.MaxStaffIdLength);
        builder.Property(f => f.ClaimedAt).HasColumnName("claimed_at");
        builder.Property(f => f.CallAttempts).HasColumnName("call_attempts");
        builder.Property(f => f.ResponseId).HasColumnName("response_id").HasMaxLength(40);
        builder.Property(f => f.FinishedAt).HasColumnName("finished_at");
        builder.Property(f => f.InvitationTokenHash).HasColumnName("invitation_token_hash").HasMaxLength(SurveyInvitationToken.HashLength);
        builder.Property(f => f.InvitationExpiresAt).HasColumnName("invitation_expires_at");
        // Optimistic concurrency on PostgreSQL's xmin: two replicas cannot both decide the same follow-up.
        builder.Property<uint>("xmin").IsRowVersion();

        // One follow-up per case: a replayed event cannot plan a second one.
        builder.HasIndex(f => new { f.CaseKind, f.CaseId }).IsUnique().HasDatabaseName("ux_follow_ups_case");
        // The dispatcher's look for due follow-ups.
        builder.HasIndex(f => new { f.Status, f.NextAttemptAt }).HasDatabaseName("ix_follow_ups_due");
        // A survey link finds its follow-up by the token's hash; two follow-ups never share one.
        builder.HasIndex(f => f.InvitationTokenHash).IsUnique().HasFilter("invitation_token_hash IS NOT NULL").HasDatabaseName("ux_follow_ups_invitation");
        // The throttle: the same customer's recent follow-ups.
        builder.HasIndex(f => new { f.CustomerPhoneRef, f.ContactedAt }).HasDatabaseName("ix_follow_ups_customer");
    }
}
