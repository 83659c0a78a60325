using HallPlatform.Messaging;
using HallPlatform.Data;
using HallPlatform.Fault.Domain;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Notifications;
using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HallPlatform.Fault.Data;

public sealed class FaultDbContext(DbContextOptions<FaultDbContext> options) : DbContext(options)
{
    /// <summary>The unique index that makes a partner's report idempotent per (channel, externalId).</summary>
    public const string ExternalIdIndexName = "ux_trouble_tickets_channel_external_id";

    /// <summary>The unique index that makes opening a visit's ticket idempotent: one ticket per visit.</summary>
    public const string VisitIdIndexName = "ux_trouble_tickets_visit_id";

    public DbSet<TroubleTicket> TroubleTickets => Set<TroubleTicket>();

    public DbSet<Technician> Technicians => Set<Technician>();

    public DbSet<Appointment> Appointments => Set<Appointment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Codes are stored by their wire names so the table reads the same as the API.
        var status = WireNameConverter<TicketStatus>.Instance;
        // Fails the model (and so the start) when no key ring is configured: personal data is never stored in clear.
        var protector = this.GetPersonalDataProtector();

        modelBuilder.Entity<TroubleTicket>(ticket =>
        {
            ticket.ToTable("trouble_tickets");
            ticket.HasKey(t => t.TicketId);
            ticket.Property(t => t.TicketId).HasColumnName("ticket_id").HasMaxLength(40);
            ticket.Property(t => t.Channel).HasColumnName("channel").HasMaxLength(16).HasConversion(WireNameConverter<Channel>.Instance);
            ticket.Property(t => t.ExternalId).HasColumnName("external_id").HasMaxLength(FaultReport.MaxExternalIdLength);
            ticket.Property(t => t.Name).HasColumnName("name").HasMaxLength(FaultReport.MaxNameLength);
            ticket.Property(t => t.Description).HasColumnName("description").HasMaxLength(FaultReport.MaxDescriptionLength);
            ticket.Property(t => t.Severity).HasColumnName("severity").HasMaxLength(16).HasConversion(WireNameConverter<Severity>.Instance);
            ticket.Property(t => t.TicketType).HasColumnName("ticket_type").HasMaxLength(16).HasConversion(WireNameConverter<TicketType>.Instance);
            ticket.Property(t => t.HallId).HasColumnName("hall_id").HasMaxLength(FaultReport.MaxHallIdLength);
            ticket.Property(t => t.ReporterPartnerId).HasColumnName("reporter_partner_id").HasMaxLength(64);
            // The one personal data column: ciphertext at rest, its blind index beside it (the audit trail's
            // customer reference). The length of the plaintext is checked before saving (TroubleTicketHandling.Validate).
            ticket.Property(t => t.CustomerPhone).HasColumnName("customer_phone")
                .IsEncryptedPersonalData(protector, nameof(TroubleTicket.CustomerPhoneRef));
            ticket.Property(t => t.CustomerPhoneRef).HasColumnName("customer_phone_ref").HasMaxLength(BlindIndex.Length);
            ticket.Property(t => t.CustomerName).HasColumnName("customer_name").IsEncryptedPersonalData(protector);
            ticket.Property(t => t.Area).HasColumnName("area").HasMaxLength(Technician.MaxAreaLength);
            ticket.Property(t => t.ServiceAffected).HasColumnName("service_affected").HasMaxLength(FaultReport.MaxServiceAffectedLength);
            ticket.Property(t => t.VisitId).HasColumnName("visit_id").HasMaxLength(VisitFault.MaxVisitIdLength);
            ticket.Property(t => t.JourneyId).HasColumnName("journey_id").HasMaxLength(JourneyIds.MaxLength);
            ticket.Property(t => t.JourneyTraceParent).HasColumnName("journey_trace_parent").HasMaxLength(JourneyTrace.MaxLength);
            ticket.Property(t => t.Status).HasColumnName("status").HasMaxLength(16).HasConversion(status);
            ticket.Property(t => t.CreatedAt).HasColumnName("created_at");
            ticket.Property(t => t.ExpectedResolutionDate).HasColumnName("expected_resolution_date");
            ticket.Property(t => t.StatusChangeDate).HasColumnName("status_change_date");
            ticket.Property(t => t.StatusChangeReason).HasColumnName("status_change_reason").HasMaxLength(500);
            // Optimistic concurrency on PostgreSQL's xmin: two concurrent status changes cannot both win.
            ticket.Property<uint>("Version").IsRowVersion();

            ticket.OwnsMany(t => t.StatusChangeHistory, history =>
            {
                history.ToJson("status_change_history");
                history.Property(h => h.From).HasConversion(status);
                history.Property(h => h.To).HasConversion(status);
            });
            ticket.Navigation(t => t.StatusChangeHistory).UsePropertyAccessMode(PropertyAccessMode.Field);

            // Notes and attachment metadata live with the ticket (bounded: TroubleTicket.MaxNotes, MaxAttachments).
            ticket.OwnsMany(t => t.Notes, notes => notes.ToJson("notes"));
            ticket.Navigation(t => t.Notes).UsePropertyAccessMode(PropertyAccessMode.Field);
            ticket.OwnsMany(t => t.Attachments, attachments => attachments.ToJson("attachments"));
            ticket.Navigation(t => t.Attachments).UsePropertyAccessMode(PropertyAccessMode.Field);
            ticket.OwnsOne(t => t.Analysis, analysis =>
            {
                analysis.ToJson("analysis");
                analysis.Property(a => a.CauseCategory).HasConversion(WireNameConverter<CauseCategory>.Instance);
            });
            ticket.Property(t => t.Resolution).HasColumnName("resolution").HasMaxLength(500);
            ticket.Property(t => t.FixedOnSite).HasColumnName("fixed_on_site");
            ticket.Property(t => t.SatisfactionScore).HasColumnName("satisfaction_score");
            ticket.Property(t => t.AutoClosed).HasColumnName("auto_closed");
            // The SLA clock (docs/fault.md, "SLA clocks"); expected_resolution_date is its due time, moved by pauses.
            ticket.Property(t => t.SlaTarget).HasColumnName("sla_target");
            ticket.Property(t => t.SlaMaximum).HasColumnName("sla_maximum");
            ticket.Property(t => t.SlaPausedTotal).HasColumnName("sla_paused_total");
            ticket.Property(t => t.SlaPausedSince).HasColumnName("sla_paused_since");
            ticket.Property(t => t.SlaStoppedAt).HasColumnName("sla_stopped_at");

            ticket.HasIndex(t => new { t.Channel, t.ExternalId }).IsUnique()
                .HasFilter("external_id IS NOT NULL").HasDatabaseName(ExternalIdIndexName);
            ticket.HasIndex(t => t.VisitId).IsUnique().HasFilter("visit_id IS NOT NULL").HasDatabaseName(VisitIdIndexName);
            ticket.HasIndex(t => new { t.Status, t.CreatedAt }).HasDatabaseName("ix_trouble_tickets_status_created_at");
            ticket.HasIndex(t => t.CreatedAt).HasDatabaseName("ix_trouble_tickets_created_at");
            // The overdue list and the gauges read open tickets by due time.
            ticket.HasIndex(t => new { t.Status, t.ExpectedResolutionDate }).HasDatabaseName("ix_trouble_tickets_status_expected_resolution_date");
            // A partner's list is filtered by reporter.
            ticket.HasIndex(t => new { t.ReporterPartnerId, t.CreatedAt }).HasFilter("reporter_partner_id IS NOT NULL")
                .HasDatabaseName("ix_trouble_tickets_reporter_partner_id_created_at");
        });

        modelBuilder.AddAuditTrail();
        // The customer's progress messages, committed with the status change they report.
        modelBuilder.AddCommunicationMessages(protector);
        modelBuilder.AddOutbox();
        // Partner hub subscriptions and their signed deliveries, fed from the outbox (docs/fault-partners.md).
        modelBuilder.AddPartnerHub(protector);
        // Technicians, their calendars and on-site appointments (docs/fault.md, "Dispatch and appointments").
        modelBuilder.AddDispatch();
    }
}

/// <summary>Lets `dotnet ef` build the model without a running server or the Aspire host.</summary>
public sealed class FaultDbContextDesignTimeFactory : IDesignTimeDbContextFactory<FaultDbContext>
{
    public FaultDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<FaultDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=faultdb;Username=postgres")
            .Options);
}
