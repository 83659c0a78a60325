using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Messaging;

/// <summary>How far a consumer has read a producer's events (the last position it handled or recorded as failed).</summary>
public sealed class ConsumerPosition
{
    public required string Consumer { get; set; }
    public required string Producer { get; set; }
    public long Position { get; set; }
}

/// <summary>An event a consumer's handler has applied: a second delivery of the same event id has no effect.</summary>
public sealed class ProcessedEvent
{
    public required string Consumer { get; set; }
    public Guid EventId { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
}

/// <summary>An event whose handler kept failing: kept for an operator, then passed over so the stream goes on.</summary>
public sealed class FailedEvent
{
    public long Id { get; set; }
    public required string Consumer { get; set; }
    public required string Producer { get; set; }
    public long Position { get; set; }
    public Guid EventId { get; set; }
    public required string Type { get; set; }
    public int Attempts { get; set; }
    public required string LastError { get; set; }
    public DateTimeOffset FailedAt { get; set; }
}

public static class ConsumptionModel
{
    public const string PositionsTable = "consumer_positions";
    public const string ProcessedTable = "processed_events";
    public const string FailedTable = "failed_events";
    public const int MaxNameLength = 64;
    public const int MaxErrorLength = 2000;

    /// <summary>Adds the tables a consuming service keeps: its positions, the events it applied and the ones that failed.</summary>
    public static ModelBuilder AddEventConsumption(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<ConsumerPosition>(row =>
        {
            row.ToTable(PositionsTable);
            row.HasKey(e => new { e.Consumer, e.Producer });
            row.Property(e => e.Consumer).HasColumnName("consumer").HasMaxLength(MaxNameLength);
            row.Property(e => e.Producer).HasColumnName("producer").HasMaxLength(MaxNameLength);
            row.Property(e => e.Position).HasColumnName("position");
        });
        modelBuilder.Entity<ProcessedEvent>(row =>
        {
            row.ToTable(ProcessedTable);
            row.HasKey(e => new { e.Consumer, e.EventId });
            row.Property(e => e.Consumer).HasColumnName("consumer").HasMaxLength(MaxNameLength);
            row.Property(e => e.EventId).HasColumnName("event_id");
            row.Property(e => e.ProcessedAt).HasColumnName("processed_at");
        });
        modelBuilder.Entity<FailedEvent>(row =>
        {
            row.ToTable(FailedTable);
            row.HasKey(e => e.Id);
            row.Property(e => e.Id).HasColumnName("id").ValueGeneratedOnAdd();
            row.Property(e => e.Consumer).HasColumnName("consumer").HasMaxLength(MaxNameLength);
            row.Property(e => e.Producer).HasColumnName("producer").HasMaxLength(MaxNameLength);
            row.Property(e => e.Position).HasColumnName("position");
            row.Property(e => e.EventId).HasColumnName("event_id");
            row.Property(e => e.Type).HasColumnName("type").HasMaxLength(OutboxEvent.MaxTypeLength);
            row.Property(e => e.Attempts).HasColumnName("attempts");
            row.Property(e => e.LastError).HasColumnName("last_error").HasMaxLength(MaxErrorLength);
            row.Property(e => e.FailedAt).HasColumnName("failed_at");
            row.HasIndex(e => new { e.Consumer, e.Producer, e.Position }).IsUnique().HasDatabaseName("ux_failed_events_position");
        });
        return modelBuilder;
    }
}
