using HallPlatform.Messaging;
using HallPlatform.Data;
using HallPlatform.Complaint.Domain;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Notifications;
using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HallPlatform.Complaint.Data;

public sealed class ComplaintDbContext(DbContextOptions<ComplaintDbContext> options) : DbContext(options)
{
    public const string VisitIdIndexName = "ux_complaints_visit_id";

    public DbSet<CustomerComplaint> Complaints => Set<CustomerComplaint>();

    public DbSet<Department> Departments => Set<Department>();

    public DbSet<RootCause> RootCauses => Set<RootCause>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var protector = this.GetPersonalDataProtector();
        modelBuilder.ApplyConfiguration(new CustomerComplaintConfiguration(protector));
        modelBuilder.Entity<Department>(department =>
        {
            department.ToTable("complaint_departments");
            department.HasKey(d => d.DepartmentId);
            department.Property(d => d.DepartmentId).HasMaxLength(Department.MaxIdLength).ValueGeneratedNever();
            department.Property(d => d.Name).HasMaxLength(Department.MaxNameLength);
            department.Property(d => d.Contact).HasMaxLength(Department.MaxContactLength);
            department.Property<uint>("xmin").IsRowVersion();
            department.HasData(ComplaintSeedData.Departments);
        });
        modelBuilder.Entity<RootCause>(cause =>
        {
            cause.ToTable("complaint_root_causes");
            cause.HasKey(c => c.Code);
            cause.Property(c => c.Code).HasMaxLength(RootCause.MaxCodeLength).ValueGeneratedNever();
            cause.Property(c => c.Name).HasMaxLength(RootCause.MaxNameLength);
            cause.Property(c => c.ImprovementSuggestion).HasMaxLength(RootCause.MaxSuggestionLength);
            cause.Property<uint>("xmin").IsRowVersion();
            cause.HasData(ComplaintSeedData.RootCauses);
        });
        modelBuilder.AddAuditTrail();
        // The acknowledgement and result messages, committed with the change they report.
        modelBuilder.AddCommunicationMessages(protector);
        modelBuilder.AddOutbox();
    }
}

internal sealed class CustomerComplaintConfiguration(PersonalDataProtector protector) : IEntityTypeConfiguration<CustomerComplaint>
{
    public void Configure(EntityTypeBuilder<CustomerComplaint> builder)
    {
        builder.ToTable("complaints");
        builder.HasKey(c => c.ComplaintId);
        builder.Property(c => c.ComplaintId).HasMaxLength(40).ValueGeneratedNever();
        builder.Property(c => c.Channel).HasMaxLength(16)
            .HasConversion(WireNameConverter<ComplaintChannel>.Instance);
        builder.Property(c => c.ExternalId).HasMaxLength(100);
        builder.Property(c => c.Subject).HasMaxLength(200);
        builder.Property(c => c.Description).HasMaxLength(4000);
        builder.Property(c => c.RemedySought).HasMaxLength(1000);
        builder.Property(c => c.Category).HasMaxLength(16)
            .HasConversion(WireNameConverter<ComplaintCategory>.Instance);
        builder.Property(c => c.HallId).HasMaxLength(64);
        builder.Property(c => c.CustomerPhone).IsEncryptedPersonalData(protector, nameof(CustomerComplaint.CustomerPhoneRef));
        builder.Property(c => c.CustomerPhoneRef).HasMaxLength(BlindIndex.Length);
        builder.Property(c => c.CustomerName).IsEncryptedPersonalData(protector);
        builder.Property(c => c.VisitId).HasMaxLength(VisitComplaint.MaxVisitIdLength);
        builder.Property(c => c.JourneyId).HasMaxLength(JourneyIds.MaxLength);
        builder.Property(c => c.JourneyTraceParent).HasMaxLength(JourneyTrace.MaxLength);
        builder.Property(c => c.Status).HasMaxLength(16)
            .HasConversion(WireNameConverter<ComplaintStatus>.Instance);
        builder.Property(c => c.RelatedVisitId).HasMaxLength(ComplaintRelations.MaxIdLength);
        builder.Property(c => c.RelatedOrderId).HasMaxLength(ComplaintRelations.MaxIdLength);
        builder.Property(c => c.RelatedTicketId).HasMaxLength(ComplaintRelations.MaxIdLength);
        builder.Property(c => c.RelatedStaffId).HasMaxLength(ComplaintRelations.MaxIdLength);
        builder.Property(c => c.Severity).HasMaxLength(16)
            .HasConversion(WireNameConverter<ComplaintSeverity>.Instance);
        builder.Property(c => c.DepartmentId).HasMaxLength(Department.MaxIdLength);
        builder.Property(c => c.HandlerId).HasMaxLength(Department.MaxHandlerIdLength);
        builder.Property(c => c.Findings).HasMaxLength(4000);
        builder.Property(c => c.RootCauseCode).HasMaxLength(RootCause.MaxCodeLength);
        builder.Property(c => c.RootCauseNote).HasMaxLength(1000);
        builder.Property(c => c.CorrectiveAction).HasMaxLength(1000);
        builder.Property(c => c.Outcome).HasMaxLength(16)
            .HasConversion(WireNameConverter<ComplaintOutcome>.Instance);
        builder.Property(c => c.MasterComplaintId).HasMaxLength(40);
        builder.Ignore(c => c.AnsweredWithinDeadline);
        builder.Ignore(c => c.IsOpen);
        builder.HasIndex(c => new { c.HallId, c.ReceivedAt });

        // Npgsql maps a uint row version to PostgreSQL's xmin: concurrent status changes cannot both win.
        builder.Property<uint>("xmin").IsRowVersion();

        // The idempotency key of partner registrations; complaints without an externalId are never deduplicated.
        builder.HasIndex(c => new { c.Channel, c.ExternalId })
            .IsUnique()
            .HasFilter("\"ExternalId\" IS NOT NULL")
            .HasDatabaseName("ux_complaints_channel_external_id");
        // One complaint per hall visit, whatever concurrent repeats of Reception's request do.
        builder.HasIndex(c => c.VisitId)
            .IsUnique()
            .HasFilter("\"VisitId\" IS NOT NULL")
            .HasDatabaseName(ComplaintDbContext.VisitIdIndexName);
        builder.HasIndex(c => new { c.Status, c.ReceivedAt });
        builder.HasIndex(c => new { c.Category, c.ReceivedAt });
        // Searches by phone go through the blind index: the phone column itself is ciphertext.
        builder.HasIndex(c => new { c.CustomerPhoneRef, c.ReceivedAt });

        builder.OwnsMany(c => c.StatusChangeHistory, history =>
        {
            history.ToTable("complaint_status_changes");
            history.WithOwner().HasForeignKey("ComplaintId");
            history.Property<long>("Id");
            history.HasKey("Id");
            history.Property(h => h.From).HasMaxLength(16)
                .HasConversion(WireNameConverter<ComplaintStatus>.Instance);
            history.Property(h => h.To).HasMaxLength(16)
                .HasConversion(WireNameConverter<ComplaintStatus>.Instance);
            history.Property(h => h.Note).HasMaxLength(2000);
            history.Property(h => h.By).HasMaxLength(Department.MaxHandlerIdLength);
        });

        builder.OwnsMany(c => c.AssignmentHistory, history =>
        {
            history.ToTable("complaint_assignments");
            history.WithOwner().HasForeignKey("ComplaintId");
            history.Property<long>("Id");
            history.HasKey("Id");
            history.Property(h => h.FromDepartmentId).HasMaxLength(Department.MaxIdLength);
            history.Property(h => h.FromHandlerId).HasMaxLength(Department.MaxHandlerIdLength);
            history.Property(h => h.ToDepartmentId).HasMaxLength(Department.MaxIdLength);
            history.Property(h => h.ToHandlerId).HasMaxLength(Department.MaxHandlerIdLength);
            history.Property(h => h.By).HasMaxLength(Department.MaxHandlerIdLength);
            history.Property(h => h.Reason).HasMaxLength(2000);
        });

        builder.OwnsMany(c => c.Links, links =>
        {
            links.ToTable("complaint_links");
            links.WithOwner().HasForeignKey("ComplaintId");
            links.Property<long>("Id");
            links.HasKey("Id");
            links.Property(l => l.OtherComplaintId).HasMaxLength(40);
            links.Property(l => l.Kind).HasMaxLength(16)
                .HasConversion(WireNameConverter<ComplaintLinkKind>.Instance);
            links.Property(l => l.By).HasMaxLength(Department.MaxHandlerIdLength);
        });
    }
}

/// <summary>Lets `dotnet ef` build the model without a running server or the Aspire configuration.</summary>
public sealed class ComplaintDbContextDesignTimeFactory : IDesignTimeDbContextFactory<ComplaintDbContext>
{
    public ComplaintDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ComplaintDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=complaintdb")
            .Options);
}
