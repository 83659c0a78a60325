using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Messaging;

public static class OutboxModel
{
    public const string TableName = "outbox_events";

    /// <summary>
    /// Adds the <c>outbox_events</c> table to a service's model. Pair the migration that creates it with
    /// <c>migrationBuilder.Sql(OutboxSql.OrderedCommits)</c> (and <see cref="OutboxSql.DropOrderedCommits"/> in Down).
    /// </summary>
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<OutboxEvent>(row =>
        {
            row.ToTable(TableName);
            row.HasKey(e => e.Position);
            row.Property(e => e.Position).HasColumnName("position").ValueGeneratedOnAdd();
            row.Property(e => e.EventId).HasColumnName("event_id");
            row.Property(e => e.Type).HasColumnName("type").HasMaxLength(OutboxEvent.MaxTypeLength);
            row.Property(e => e.SubjectId).HasColumnName("subject_id").HasMaxLength(OutboxEvent.MaxIdLength);
            row.Property(e => e.JourneyId).HasColumnName("journey_id").HasMaxLength(OutboxEvent.MaxIdLength);
            row.Property(e => e.HallId).HasColumnName("hall_id").HasMaxLength(OutboxEvent.MaxIdLength);
            row.Property(e => e.Payload).HasColumnName("payload").HasColumnType("jsonb");
            row.Property(e => e.OccurredAt).HasColumnName("occurred_at");
            row.Property(e => e.TraceParent).HasColumnName("traceparent").HasMaxLength(64);
            row.HasIndex(e => e.EventId).IsUnique().HasDatabaseName("ux_outbox_events_event_id");
        });
        return modelBuilder;
    }
}

/// <summary>
/// What the model cannot say about <c>outbox_events</c>. Positions come from an identity column, assigned at insert,
/// but transactions commit in any order: without more, a reader at position 10 could see 12 commit before 11 and
/// never look back. So every INSERT into the outbox first takes one transaction-scoped advisory lock (a statement
/// trigger, which runs before the identity values are drawn): writers of events commit one after another, in position
/// order, whoever writes (EF Core, <see cref="OutboxEventSql"/>, a hand-written fix). Only event writers wait for each
/// other, and only from their insert to their commit.
/// </summary>
public static class OutboxSql
{
    /// <summary>The advisory lock key ("outbox" in ASCII): one outbox per database.</summary>
    public const long LockKey = 122550254464888;

    public const string OrderedCommits = $"""
        CREATE FUNCTION outbox_events_in_commit_order() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_advisory_xact_lock(122550254464888);
          RETURN NULL;
        END $$;
        CREATE TRIGGER outbox_events_in_commit_order BEFORE INSERT ON {OutboxModel.TableName}
          FOR EACH STATEMENT EXECUTE FUNCTION outbox_events_in_commit_order();
        """;

    public const string DropOrderedCommits = $"""
        DROP TRIGGER IF EXISTS outbox_events_in_commit_order ON {OutboxModel.TableName};
        DROP FUNCTION IF EXISTS outbox_events_in_commit_order();
        """;
}
