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

    /// <summary>One payment per order and attempt key: a retried payment charges once.</summary>
    public const string PaymentAttemptIndexName = "ux_payments_order_attempt";
    /// <summary>At most one refund per payment.</summary>
    public const string RefundOfIndexName = "ux_payments_refund_of";

    public DbSet<Order> Orders => Set<Order>();
    public DbSet<BusinessTypeVersion> BusinessTypes => Set<BusinessTypeVersion>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<Receipt> Receipts => Set<Receipt>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // States are stored by their TMF622 wire name so the table reads the same as the API.
        var stateConverter = WireNameConverter<OrderState>.Instance;
        var protector = this.GetPersonalDataProtector();

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
            order.Property(o => o.JourneyTraceParent).HasColumnName("journey_trace_parent").HasMaxLength(JourneyTrace.MaxLength);
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

            // The customer's request: catalogue type pinned to its version; line, account and details encrypted.
            order.Property(o => o.BusinessTypeCode).HasColumnName("business_type_code").HasMaxLength(BusinessTypeVersion.CodeMaxLength);
            order.Property(o => o.CatalogueVersion).HasColumnName("catalogue_version");
            order.Property(o => o.CustomerKind).HasColumnName("customer_kind").HasMaxLength(16)
                .HasConversion(WireNameConverter<CustomerKind>.Instance);
            order.Property(o => o.LineNumber).HasColumnName("line_number").IsEncryptedPersonalData(protector);
            order.Property(o => o.AccountNumber).HasColumnName("account_number").IsEncryptedPersonalData(protector);
            order.Property(o => o.DetailsJson).HasColumnName("details").IsEncryptedPersonalData(protector);
            order.Property(o => o.Items).HasColumnName("items").IsJson();
            order.Property(o => o.Documents).HasColumnName("documents").IsJson();
            order.Property(o => o.ConfirmedBy).HasColumnName("confirmed_by").HasMaxLength(OpenOrderCommand.MaxLength);
            order.Property(o => o.ConfirmedAt).HasColumnName("confirmed_at");
            order.Property(o => o.Quote).HasColumnName("quote").IsJson();
            order.Property(o => o.Consent).HasColumnName("consent").IsJson();
            order.Property(o => o.PaidFen).HasColumnName("paid_fen");
            order.Property(o => o.RefundedFen).HasColumnName("refunded_fen");

            order.HasIndex(o => o.VisitId).IsUnique().HasDatabaseName(VisitIndexName);
            order.HasIndex(o => new { o.State, o.CreatedAt }).HasDatabaseName("ix_orders_state_created_at");
            order.HasIndex(o => o.CreatedAt).HasDatabaseName("ix_orders_created_at");
        });

        modelBuilder.Entity<BusinessTypeVersion>(type =>
        {
            type.ToTable("business_type_versions");
            type.HasKey(t => new { t.Code, t.Version });
            type.Property(t => t.Code).HasColumnName("code").HasMaxLength(BusinessTypeVersion.CodeMaxLength);
            type.Property(t => t.Version).HasColumnName("version");
            type.Property(t => t.Name).HasColumnName("name").HasMaxLength(BusinessTypeVersion.NameMaxLength);
            type.Property(t => t.RequiredDocuments).HasColumnName("required_documents").IsJson();
            type.Property(t => t.FeeItems).HasColumnName("fee_items").IsJson();
            type.Property(t => t.PartialPaymentAllowed).HasColumnName("partial_payment_allowed");
            type.Property(t => t.SelfServiceAllowed).HasColumnName("self_service_allowed");
            type.Property(t => t.ExpectedHandlingMinutes).HasColumnName("expected_handling_minutes");
            type.Property(t => t.CreatedBy).HasColumnName("created_by").HasMaxLength(OpenOrderCommand.MaxLength);
            type.Property(t => t.CreatedAt).HasColumnName("created_at");
        });

        modelBuilder.Entity<Payment>(payment =>
        {
            payment.ToTable("payments");
            payment.HasKey(p => p.PaymentId);
            payment.Property(p => p.PaymentId).HasColumnName("payment_id").HasMaxLength(40);
            payment.Property(p => p.OrderId).HasColumnName("order_id").HasMaxLength(40);
            payment.Property(p => p.HallId).HasColumnName("hall_id").HasMaxLength(OpenOrderCommand.MaxLength);
            payment.Property(p => p.Kind).HasColumnName("kind").HasMaxLength(16).HasConversion(WireNameConverter<PaymentKind>.Instance);
            payment.Property(p => p.AttemptKey).HasColumnName("attempt_key").HasMaxLength(Payment.AttemptKeyMaxLength + 10);
            payment.Property(p => p.Method).HasColumnName("method").HasMaxLength(16).HasConversion(WireNameConverter<PaymentMethod>.Instance);
            payment.Property(p => p.AmountFen).HasColumnName("amount_fen");
            payment.Property(p => p.AuthorisationCode).HasColumnName("authorisation_code").HasMaxLength(Payment.ReferenceMaxLength);
            payment.Property(p => p.TransactionReference).HasColumnName("transaction_reference").HasMaxLength(Payment.ReferenceMaxLength);
            payment.Property(p => p.TakenBy).HasColumnName("taken_by").HasMaxLength(OpenOrderCommand.MaxLength);
            payment.Property(p => p.TakenAt).HasColumnName("taken_at");
            payment.Property(p => p.ReceiptNumber).HasColumnName("receipt_number").HasMaxLength(Receipt.NumberMaxLength);
            payment.Property(p => p.RefundOf).HasColumnName("refund_of").HasMaxLength(40);
            // Staff free text that may quote the customer: encrypted like other reasons with personal data.
            payment.Property(p => p.Reason).HasColumnName("reason").IsEncryptedPersonalData(protector);
            payment.Property(p => p.RequestedBy).HasColumnName("requested_by").HasMaxLength(OpenOrderCommand.MaxLength);
            payment.Property(p => p.ApprovedBy).HasColumnName("approved_by").HasMaxLength(OpenOrderCommand.MaxLength);
            payment.HasIndex(p => new { p.OrderId, p.AttemptKey }).IsUnique().HasDatabaseName(PaymentAttemptIndexName);
            payment.HasIndex(p => p.RefundOf).IsUnique().HasDatabaseName(RefundOfIndexName);
        });

        modelBuilder.Entity<Receipt>(receipt =>
        {
            receipt.ToTable("receipts");
            receipt.HasKey(r => r.Number);
            receipt.Property(r => r.Number).HasColumnName("number").HasMaxLength(Receipt.NumberMaxLength);
            receipt.Property(r => r.Kind).HasColumnName("kind").HasMaxLength(16).HasConversion(WireNameConverter<ReceiptKind>.Instance);
            receipt.Property(r => r.HallId).HasColumnName("hall_id").HasMaxLength(OpenOrderCommand.MaxLength);
            receipt.Property(r => r.Year).HasColumnName("year");
            receipt.Property(r => r.Sequence).HasColumnName("sequence");
            receipt.Property(r => r.OrderId).HasColumnName("order_id").HasMaxLength(40);
            receipt.Property(r => r.PaymentId).HasColumnName("payment_id").HasMaxLength(40);
            receipt.Property(r => r.BusinessTypeCode).HasColumnName("business_type_code").HasMaxLength(BusinessTypeVersion.CodeMaxLength);
            receipt.Property(r => r.BusinessTypeName).HasColumnName("business_type_name").HasMaxLength(BusinessTypeVersion.NameMaxLength);
            receipt.Property(r => r.CatalogueVersion).HasColumnName("catalogue_version");
            receipt.Property(r => r.QuoteVersion).HasColumnName("quote_version");
            receipt.Property(r => r.Lines).HasColumnName("lines").IsJson();
            receipt.Property(r => r.NetFen).HasColumnName("net_fen");
            receipt.Property(r => r.TaxFen).HasColumnName("tax_fen");
            receipt.Property(r => r.TotalFen).HasColumnName("total_fen");
            receipt.Property(r => r.AmountPaidFen).HasColumnName("amount_paid_fen");
            receipt.Property(r => r.Method).HasColumnName("method").HasMaxLength(16).HasConversion(WireNameConverter<PaymentMethod>.Instance);
            receipt.Property(r => r.IssuedBy).HasColumnName("issued_by").HasMaxLength(OpenOrderCommand.MaxLength);
            receipt.Property(r => r.IssuedAt).HasColumnName("issued_at");
            receipt.Property(r => r.Void).HasColumnName("void");
            receipt.Property(r => r.VoidedAt).HasColumnName("voided_at");
            receipt.Property(r => r.VoidReason).HasColumnName("void_reason").IsEncryptedPersonalData(protector);
            receipt.HasIndex(r => new { r.HallId, r.Year, r.Kind, r.Sequence }).IsUnique().HasDatabaseName("ux_receipts_hall_year_kind_sequence");
            receipt.HasIndex(r => r.OrderId).HasDatabaseName("ix_receipts_order_id");
        });

        // The gap-free numbering: one row per (hall, year, kind), advanced in the payment's own transaction.
        modelBuilder.Entity<ReceiptCounter>(counter =>
        {
            counter.ToTable("receipt_counters");
            counter.HasKey(c => new { c.HallId, c.Year, c.Kind });
            counter.Property(c => c.HallId).HasColumnName("hall_id").HasMaxLength(OpenOrderCommand.MaxLength);
            counter.Property(c => c.Year).HasColumnName("year");
            counter.Property(c => c.Kind).HasColumnName("kind").HasMaxLength(16);
            counter.Property(c => c.Next).HasColumnName("next");
        });

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
