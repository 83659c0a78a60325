using HallPlatform.Data;
using HallPlatform.Fault.Domain;
using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Fault.Data;

/// <summary>The partner hub's tables: subscriptions, deliveries and the outbox cursor (docs/fault-partners.md).</summary>
public static class PartnerHubModel
{
    public const string SubscriptionsTable = "partner_subscriptions";
    public const string DeliveriesTable = "partner_deliveries";
    public const string CursorTable = "partner_hub_cursor";

    /// <summary>One delivery per subscription and TMF event: fanning out the same outbox event twice adds nothing.</summary>
    public const string DeliveryEventIndexName = "ux_partner_deliveries_subscription_event";

    public static ModelBuilder AddPartnerHub(this ModelBuilder modelBuilder, PersonalDataProtector protector)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<PartnerSubscription>(row =>
        {
            row.ToTable(SubscriptionsTable);
            row.HasKey(s => s.SubscriptionId);
            row.Property(s => s.SubscriptionId).HasColumnName("subscription_id").HasMaxLength(PartnerSubscription.MaxIdLength);
            row.Property(s => s.PartnerId).HasColumnName("partner_id").HasMaxLength(PartnerSubscription.MaxPartnerIdLength);
            row.Property(s => s.Callback).HasColumnName("callback").HasMaxLength(PartnerSubscription.MaxCallbackLength);
            row.Property(s => s.Query).HasColumnName("query").HasMaxLength(PartnerSubscription.MaxQueryLength);
            row.PrimitiveCollection(s => s.EventTypes).HasColumnName("event_types")
                .ElementType(element => element.HasConversion(WireNameConverter<PartnerEventType>.Instance).HasMaxLength(64));
            // A signing key: ciphertext at rest like personal data, re-encrypted when the key ring rotates.
            row.Property(s => s.Secret).HasColumnName("secret").IsEncryptedPersonalData(protector);
            row.Property(s => s.CreatedAt).HasColumnName("created_at");
            row.Property(s => s.RemovedAt).HasColumnName("removed_at");
            row.Ignore(s => s.IsActive);
            row.HasIndex(s => new { s.PartnerId, s.CreatedAt }).HasDatabaseName("ix_partner_subscriptions_partner_id_created_at");
        });
        modelBuilder.Entity<PartnerDelivery>(row =>
        {
            row.ToTable(DeliveriesTable);
            row.HasKey(d => d.Id);
            row.Property(d => d.Id).HasColumnName("id").ValueGeneratedOnAdd();
            row.Property(d => d.SubscriptionId).HasColumnName("subscription_id").HasMaxLength(PartnerSubscription.MaxIdLength);
            row.Property(d => d.PartnerId).HasColumnName("partner_id").HasMaxLength(PartnerSubscription.MaxPartnerIdLength);
            row.Property(d => d.EventId).HasColumnName("event_id");
            row.Property(d => d.EventType).HasColumnName("event_type").HasMaxLength(64).HasConversion(WireNameConverter<PartnerEventType>.Instance);
            row.Property(d => d.TicketId).HasColumnName("ticket_id").HasMaxLength(40);
            row.Property(d => d.Body).HasColumnName("body").HasColumnType("jsonb");
            row.Property(d => d.State).HasColumnName("state").HasMaxLength(16).HasConversion(WireNameConverter<PartnerDeliveryState>.Instance);
            row.Property(d => d.Attempts).HasColumnName("attempts");
            row.Property(d => d.CreatedAt).HasColumnName("created_at");
            row.Property(d => d.NextAttemptAt).HasColumnName("next_attempt_at");
            row.Property(d => d.DeliveredAt).HasColumnName("delivered_at");
            row.Property(d => d.LastStatusCode).HasColumnName("last_status_code");
            row.Property(d => d.LastError).HasColumnName("last_error").HasMaxLength(PartnerDelivery.MaxErrorLength);
            row.HasOne<PartnerSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
            row.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique().HasDatabaseName(DeliveryEventIndexName);
            // The dispatcher's claim: due pending deliveries, oldest first.
            row.HasIndex(d => d.NextAttemptAt).HasFilter("state = 'pending'").HasDatabaseName("ix_partner_deliveries_due");
            row.HasIndex(d => new { d.SubscriptionId, d.Id }).HasDatabaseName("ix_partner_deliveries_subscription_id_id");
        });
        modelBuilder.Entity<PartnerHubCursor>(row =>
        {
            row.ToTable(CursorTable);
            row.HasKey(c => c.Consumer);
            row.Property(c => c.Consumer).HasColumnName("consumer").HasMaxLength(64);
            row.Property(c => c.Position).HasColumnName("position");
        });
        return modelBuilder;
    }
}
