using HallPlatform.Data;
using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Notifications;

public static class CommunicationModel
{
    public const string TableName = "communication_messages";

    /// <summary>The unique index that makes one domain change give exactly one message.</summary>
    public const string SourceKeyIndexName = "ux_communication_messages_source_key";

    /// <summary>
    /// Adds the <c>communication_messages</c> table to a service's model: the recipient encrypted with
    /// <paramref name="protector"/> (<c>this.GetPersonalDataProtector()</c>), the source key unique, an index for the
    /// dispatcher's "due pending" claim and one for a subject's messages.
    /// </summary>
    public static ModelBuilder AddCommunicationMessages(this ModelBuilder modelBuilder, PersonalDataProtector protector)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentNullException.ThrowIfNull(protector);
        modelBuilder.Entity<CommunicationMessage>(message =>
        {
            message.ToTable(TableName);
            message.HasKey(m => m.Id);
            message.Property(m => m.Id).HasColumnName("id").HasMaxLength(40).ValueGeneratedNever();
            message.Property(m => m.SubjectKind).HasColumnName("subject_kind").HasMaxLength(CommunicationMessage.MaxKindLength);
            message.Property(m => m.SubjectId).HasColumnName("subject_id").HasMaxLength(CommunicationMessage.MaxSubjectIdLength);
            message.Property(m => m.HallId).HasColumnName("hall_id").HasMaxLength(CommunicationMessage.MaxHallIdLength);
            message.Property(m => m.JourneyId).HasColumnName("journey_id").HasMaxLength(CommunicationMessage.MaxJourneyIdLength);
            message.Property(m => m.Channel).HasColumnName("channel").HasMaxLength(16)
                .HasConversion(WireNameConverter<CommunicationChannel>.Instance);
            message.Property(m => m.TemplateCode).HasColumnName("template_code").HasMaxLength(CommunicationMessage.MaxTemplateCodeLength);
            message.Property(m => m.TemplateParameters).HasColumnName("template_parameters").HasColumnType("jsonb");
            message.Property(m => m.Recipient).HasColumnName("recipient").IsEncryptedPersonalData(protector);
            message.Property(m => m.RecipientMasked).HasColumnName("recipient_masked").HasMaxLength(64);
            message.Property(m => m.State).HasColumnName("state").HasMaxLength(16)
                .HasConversion(WireNameConverter<CommunicationState>.Instance);
            message.Property(m => m.Attempts).HasColumnName("attempts");
            message.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at");
            message.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(CommunicationMessage.MaxErrorLength);
            message.Property(m => m.CreatedAt).HasColumnName("created_at");
            message.Property(m => m.SentAt).HasColumnName("sent_at");
            message.Property(m => m.SourceKey).HasColumnName("source_key").HasMaxLength(CommunicationMessage.MaxSourceKeyLength);
            message.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(CommunicationMessage.MaxTraceParentLength);

            message.HasIndex(m => m.SourceKey).IsUnique().HasDatabaseName(SourceKeyIndexName);
            // The dispatcher's claim reads only pending rows, oldest due first.
            message.HasIndex(m => m.NextAttemptAt).HasFilter("state = 'pending'")
                .HasDatabaseName("ix_communication_messages_pending_due");
            message.HasIndex(m => new { m.SubjectKind, m.SubjectId, m.CreatedAt })
                .HasDatabaseName("ix_communication_messages_subject");
        });
        return modelBuilder;
    }
}
