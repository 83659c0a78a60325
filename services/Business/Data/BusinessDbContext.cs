using HallPlatform.Messaging;
using HallPlatform.Data;
using HallPlatform.Business.Domain;
using HallPlatform.Application;
using HallPlatform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HallPlatform.Business.Data;

public sealed class BusinessDbContext(DbContextOptions<BusinessDbContext> options) : DbContext(options)
{
    /// <summary>The unique index that makes OpenOrder idempotent per visit.</summary>
    public const string VisitIndexName = "ux_orders_visit_id";

    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // States are stored by their TMF622 wire name so the table reads the same as the API.
        var stateConverter = WireNameConverter<OrderState>.Instance;

        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("orders");
            order.HasKey(o => o.OrderId);
            order.Property(o => o.OrderId).HasColumnName("order_id").HasMaxLength(40);
            order.Property(o => o.VisitId).HasColumnName("visit_id").HasMaxLength(OpenOrderCommand.MaxLength);
            order.Property(o => o.HallId).HasColumnName("hall_id").HasMaxLength(OpenOrderCommand.MaxLength);
            order.Property(o => o.ServiceType).HasColumnName("service_type").HasMaxLength(OpenOrderCommand.MaxLength);
            order.Property(o => o.CounterId).HasColumnName("counter_id").HasMaxLength(OpenOrderCommand.MaxLength);
            order.Property(o => o.TicketNumber).HasColumnName("ticket_number").HasMaxLength(OpenOrderCommand.MaxLength);
            order.Property(o => o.JourneyId).HasColumnName("journey_id").HasMaxLength(JourneyIds.MaxLength);
            order.Property(o => o.State).HasColumnName("state").HasMaxLength(32).HasConversion(stateConverter);
            order.Property(o => o.CreatedAt).HasColumnName("created_at");
            order.Property(o => o.StateChangedAt).HasColumnName("state_changed_at");
            order.Property(o => o.StateChangeReason).HasColumnName("state_change_reason").HasMaxLength(500);
            // Optimistic concurrency on PostgreSQL's xmin: two concurrent transitions cannot both win.
            order.Property<uint>("Version").IsRowVersion();

            order.OwnsMany(o => o.StateChangeHistory, history =>
            {
                history.ToJson("state_change_history");
                history.Property(h => h.From).HasConversion(stateConverter);
                history.Property(h => h.To).HasConversion(stateConverter);
            });
            order.Navigation(o => o.StateChangeHistory).UsePropertyAccessMode(PropertyAccessMode.Field);

            order.HasIndex(o => o.VisitId).IsUnique().HasDatabaseName(VisitIndexName);
            order.HasIndex(o => new { o.State, o.CreatedAt }).HasDatabaseName("ix_orders_state_created_at");
            order.HasIndex(o => o.CreatedAt).HasDatabaseName("ix_orders_created_at");
        });

        // Orders hold no customer personal data (see docs/audit-and-privacy.md), so nothing here is encrypted.
        modelBuilder.AddAuditTrail();
        modelBuilder.AddOutbox();
    }
}

/// <summary>Lets `dotnet ef` build the model without a running server or the Aspire host.</summary>
public sealed class BusinessDbContextDesignTimeFactory : IDesignTimeDbContextFactory<BusinessDbContext>
{
    public BusinessDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<BusinessDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=businessdb;Username=postgres")
            .Options);
}
