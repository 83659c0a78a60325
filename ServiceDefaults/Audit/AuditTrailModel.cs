using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Audit;

public static class AuditTrailModel
{
    public const string TableName = "audit_entries";

    /// <summary>
    /// Adds the <c>audit_entries</c> table to a service's model, with an index for each query supervisors run:
    /// per record, per customer, per actor, per period, per hall (all newest first). Pair the migration that creates it with
    /// <c>migrationBuilder.Sql(AuditTrailSql.AppendOnly)</c>.
    /// </summary>
    public static ModelBuilder AddAuditTrail(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable(TableName);
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).HasColumnName("id").ValueGeneratedOnAdd();
            entry.Property(e => e.OccurredAt).HasColumnName("occurred_at");
            entry.Property(e => e.ActorKind).HasColumnName("actor_kind").HasMaxLength(AuditEntry.MaxActorKindLength);
            entry.Property(e => e.ActorId).HasColumnName("actor_id").HasMaxLength(AuditEntry.MaxActorIdLength);
            entry.Property(e => e.ClientAddress).HasColumnName("client_address").HasMaxLength(AuditEntry.MaxClientAddressLength);
            entry.Property(e => e.Action).HasColumnName("action").HasMaxLength(AuditEntry.MaxActionLength);
            entry.Property(e => e.RecordType).HasColumnName("record_type").HasMaxLength(AuditEntry.MaxRecordTypeLength);
            entry.Property(e => e.RecordId).HasColumnName("record_id").HasMaxLength(AuditEntry.MaxRecordIdLength);
            entry.Property(e => e.CustomerRef).HasColumnName("customer_ref").HasMaxLength(BlindIndex.Length);
            entry.Property(e => e.Before).HasColumnName("before").HasColumnType("jsonb");
            entry.Property(e => e.After).HasColumnName("after").HasColumnType("jsonb");
            entry.Property(e => e.TraceId).HasColumnName("trace_id").HasMaxLength(32);
            entry.Property(e => e.HallId).HasColumnName("hall_id").HasMaxLength(AuditEntry.MaxHallIdLength);

            entry.HasIndex(e => new { e.RecordType, e.RecordId, e.OccurredAt }).HasDatabaseName("ix_audit_entries_record");
            entry.HasIndex(e => new { e.CustomerRef, e.OccurredAt }).HasDatabaseName("ix_audit_entries_customer")
                .HasFilter("customer_ref IS NOT NULL");
            entry.HasIndex(e => new { e.ActorId, e.OccurredAt }).HasDatabaseName("ix_audit_entries_actor");
            entry.HasIndex(e => e.OccurredAt).HasDatabaseName("ix_audit_entries_occurred_at");
            entry.HasIndex(e => new { e.HallId, e.OccurredAt }).HasDatabaseName("ix_audit_entries_hall");
        });
        return modelBuilder;
    }
}
