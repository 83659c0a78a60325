using HallPlatform.Messaging;
using HallPlatform.Application;
using HallPlatform.Data;
using System.Text;
using HallPlatform.Reception.Domain;
using HallPlatform.Audit;
using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HallPlatform.Reception.Data;

/// <summary>The system of record for visits and the hall catalogue. Redis holds the live queue; PostgreSQL holds what happened.</summary>
public sealed class ReceptionDbContext(DbContextOptions<ReceptionDbContext> options) : DbContext(options)
{
    public DbSet<Visit> Visits => Set<Visit>();
    public DbSet<Hall> Halls => Set<Hall>();
    public DbSet<ServiceType> ServiceTypes => Set<ServiceType>();
    public DbSet<Counter> Counters => Set<Counter>();
    public DbSet<QueueEvent> QueueEvents => Set<QueueEvent>();
    public DbSet<Appointment> Appointments => Set<Appointment>();
    public DbSet<CaseRequest> CaseRequests => Set<CaseRequest>();
    public DbSet<StaffQualification> StaffQualifications => Set<StaffQualification>();
    public DbSet<QualifiedServiceType> QualifiedServiceTypes => Set<QualifiedServiceType>();
    public DbSet<TrainingRequirement> TrainingRequirements => Set<TrainingRequirement>();
    public DbSet<TrainingRequirementSource> TrainingRequirementSources => Set<TrainingRequirementSource>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Without the registered key ring the model cannot be built, so the service cannot touch its data (fail closed).
        var protector = this.GetPersonalDataProtector();
        modelBuilder.Entity<Visit>(visit =>
        {
            visit.ToTable("visits");
            visit.HasKey(v => v.Id);
            visit.Property(v => v.Id).HasMaxLength(40);
            visit.Property(v => v.HallId).HasMaxLength(40);
            // Personal data is encrypted at rest (lengths are checked on the plaintext before saving). The raw
            // group-commit writer stores the same format: VisitRecordWriter gets the values already encrypted.
            visit.Property(v => v.CustomerName).IsEncryptedPersonalData(protector);
            visit.Property(v => v.CustomerPhone).IsEncryptedPersonalData(protector, nameof(Visit.CustomerPhoneRef));
            visit.Property(v => v.CustomerPhoneRef).HasMaxLength(BlindIndex.Length);
            visit.Property(v => v.JourneyTraceParent).HasMaxLength(JourneyTrace.MaxLength);
            visit.Property(v => v.ServiceType).HasMaxLength(40);
            visit.Property(v => v.Channel).HasConversion(new ValueConverter<VisitChannel, string>(
                c => c.ToWire(), s => ParseChannel(s))).HasMaxLength(16);
            visit.Property(v => v.Direction).HasMaxLength(16);
            visit.Property(v => v.Status).HasConversion(new ValueConverter<VisitStatus, string>(
                s => s.ToWire(), s => VisitStatusMachine.FromWire(s))).HasMaxLength(16);
            visit.Property(v => v.TicketPrefix).HasMaxLength(4);
            visit.Property(v => v.CounterId).HasMaxLength(40);
            visit.Property(v => v.OrderId).HasMaxLength(64);
            visit.Property(v => v.TicketNumber).HasMaxLength(8);
            // The client's key within its caller's scope (ScopedIdempotencyKey): unique per hall below.
            visit.Property(v => v.IdempotencyKey).HasMaxLength(ScopedIdempotencyKey.MaxLength);
            visit.Property(v => v.PriorityClass).HasConversion(new ValueConverter<PriorityClass, string>(
                c => c.ToWire(), s => PriorityClasses.FromWire(s))).HasMaxLength(16);
            visit.Property(v => v.AppointmentId).HasMaxLength(40);
            visit.Property(v => v.IdDocumentType).HasMaxLength(32);
            visit.Property(v => v.IdDocumentNumber).IsEncryptedPersonalData(protector);
            visit.Property(v => v.StaffId).HasMaxLength(40);
            visit.Property(v => v.Outcome).HasMaxLength(32);
            visit.Property(v => v.JourneyId).HasMaxLength(JourneyIds.MaxLength);
            visit.Ignore(v => v.WaitedSeconds);
            visit.Ignore(v => v.ServiceSeconds);
            // PostgreSQL's row version: two writers of one visit cannot silently overwrite each other.
            visit.Property<uint>("Version").IsRowVersion();

            // One ticket per place in a number series, whatever Redis says: a duplicate can never be recorded.
            visit.HasIndex(v => new { v.HallId, v.BusinessDay, v.TicketPrefix, v.TicketSequence }).IsUnique();
            visit.HasIndex(v => new { v.HallId, v.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
            visit.HasIndex(v => new { v.HallId, v.Status, v.ArrivedAt });
            // An appointment is used once, whatever two kiosks do at the same moment.
            visit.HasIndex(v => v.AppointmentId).IsUnique().HasFilter("appointment_id IS NOT NULL");
        });

        modelBuilder.Entity<QueueEvent>(queueEvent =>
        {
            queueEvent.ToTable("queue_events");
            queueEvent.HasKey(e => e.Id);
            queueEvent.Property(e => e.Id).UseIdentityByDefaultColumn();
            queueEvent.Property(e => e.VisitId).HasMaxLength(40);
            queueEvent.Property(e => e.HallId).HasMaxLength(40);
            queueEvent.Property(e => e.Type).HasMaxLength(32);
            queueEvent.Property(e => e.ServiceType).HasMaxLength(40);
            queueEvent.Property(e => e.TicketNumber).HasMaxLength(8);
            queueEvent.Property(e => e.CounterId).HasMaxLength(40);
            queueEvent.Property(e => e.StaffId).HasMaxLength(40);
            queueEvent.Property(e => e.Reason).HasMaxLength(500);
            queueEvent.Property(e => e.FromServiceType).HasMaxLength(40);
            queueEvent.Property(e => e.ToServiceType).HasMaxLength(40);
            queueEvent.HasIndex(e => new { e.VisitId, e.Id });
            queueEvent.HasIndex(e => new { e.HallId, e.At });
        });

        modelBuilder.Entity<Appointment>(appointment =>
        {
            appointment.ToTable("appointments");
            appointment.HasKey(a => a.Id);
            appointment.Property(a => a.Id).HasMaxLength(40);
            appointment.Property(a => a.HallId).HasMaxLength(40);
            appointment.Property(a => a.ServiceType).HasMaxLength(40);
            appointment.Property(a => a.CustomerName).IsEncryptedPersonalData(protector);
            appointment.Property(a => a.CustomerPhone).IsEncryptedPersonalData(protector, nameof(Appointment.CustomerPhoneRef));
            appointment.Property(a => a.CustomerPhoneRef).HasMaxLength(BlindIndex.Length);
            appointment.Property(a => a.UsedByVisitId).HasMaxLength(40);
            appointment.Ignore(a => a.Status);
            appointment.Property<uint>("Version").IsRowVersion();
            appointment.HasIndex(a => new { a.HallId, a.StartsAt });
        });

        modelBuilder.Entity<CaseRequest>(request =>
        {
            request.ToTable("case_requests");
            // One request per visit and owner: a visit transferred to a type another service owns asks that one too.
            request.HasKey(r => new { r.VisitId, r.Owner });
            request.Property(r => r.VisitId).HasMaxLength(40);
            request.Property(r => r.Owner).HasConversion(WireNameConverter<CaseOwner>.Instance).HasMaxLength(16);
            request.Property(r => r.HallId).HasMaxLength(40);
            request.Property(r => r.ServiceType).HasMaxLength(40);
            request.Property(r => r.CounterId).HasMaxLength(40);
            request.Property(r => r.TicketNumber).HasMaxLength(8);
            request.Property(r => r.JourneyId).HasMaxLength(JourneyIds.MaxLength);
            request.Property(r => r.TraceParent).HasMaxLength(128);
            request.Property(r => r.State).HasConversion(WireNameConverter<CaseState>.Instance).HasMaxLength(16);
            request.Property(r => r.LastError).HasMaxLength(CaseRequest.MaxErrorLength);
            request.Property(r => r.CaseId).HasMaxLength(64);
            // The dispatcher's scan: only pending rows, oldest due first.
            request.HasIndex(r => r.NextAttemptAt).HasFilter("state = 'pending'");
        });

        modelBuilder.Entity<Hall>(hall =>
        {
            hall.ToTable("halls");
            hall.HasKey(h => h.Id);
            hall.Property(h => h.Id).HasMaxLength(40);
            hall.Property(h => h.Name).HasMaxLength(200);
            hall.HasData(CatalogueSeed.Halls);
        });

        modelBuilder.Entity<ServiceType>(type =>
        {
            type.ToTable("service_types");
            type.HasKey(t => new { t.HallId, t.Code });
            type.Property(t => t.HallId).HasMaxLength(40);
            type.Property(t => t.Code).HasMaxLength(40);
            type.Property(t => t.Name).HasMaxLength(200);
            type.Property(t => t.Prefix).HasMaxLength(4);
            // Types created before owners existed are business types; EF leaves the column to this default when a
            // new type is business (the CLR default), which is the same value.
            type.Property(t => t.CaseOwner).HasConversion(WireNameConverter<CaseOwner>.Instance).HasMaxLength(16)
                .HasDefaultValue(CaseOwner.Business);
            // One series per prefix: two types with one letter would hand out the same numbers.
            type.HasIndex(t => new { t.HallId, t.Prefix }).IsUnique();
            type.HasData(CatalogueSeed.ServiceTypes);
        });

        modelBuilder.Entity<Counter>(counter =>
        {
            counter.ToTable("counters");
            counter.HasKey(c => c.Id);
            counter.Property(c => c.Id).HasMaxLength(40);
            counter.Property(c => c.HallId).HasMaxLength(40);
            counter.Property(c => c.Name).HasMaxLength(200);
            counter.Property(c => c.StaffId).HasMaxLength(40);
            // Stored as one comma-separated text: EF's seed-data differ compares list-valued columns by reference
            // and would see the seeded catalogue as changed on every build. Codes never contain commas.
            counter.Property(c => c.ServiceTypes)
                .HasConversion(
                    types => string.Join(',', types),
                    text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList(),
                    new ValueComparer<List<string>>(
                        (a, b) => a!.SequenceEqual(b!),
                        types => types.Aggregate(0, (hash, type) => HashCode.Combine(hash, type.GetHashCode(StringComparison.Ordinal))),
                        types => types.ToList()))
                .HasMaxLength(400);
            counter.HasIndex(c => c.HallId);
            counter.HasData(CatalogueSeed.Counters);
        });

        // "Trained before serving": Quality's qualifications and requirements as its events last reported them.
        modelBuilder.Entity<StaffQualification>(staff =>
        {
            staff.ToTable("staff_qualifications");
            staff.HasKey(s => s.StaffId);
            staff.Property(s => s.StaffId).HasMaxLength(StaffQualification.MaxStaffIdLength);
            staff.HasMany(s => s.ServiceTypes).WithOne().HasForeignKey(q => q.StaffId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<QualifiedServiceType>(qualified =>
        {
            qualified.ToTable("staff_qualified_service_types");
            qualified.HasKey(q => new { q.StaffId, q.ServiceType });
            qualified.Property(q => q.StaffId).HasMaxLength(StaffQualification.MaxStaffIdLength);
            qualified.Property(q => q.ServiceType).HasMaxLength(StaffQualification.MaxServiceTypeLength);
        });
        modelBuilder.Entity<TrainingRequirement>(requirement =>
        {
            requirement.ToTable("training_requirements");
            requirement.HasKey(r => r.ServiceType);
            requirement.Property(r => r.ServiceType).HasMaxLength(StaffQualification.MaxServiceTypeLength);
            requirement.Property(r => r.Mode).HasConversion(WireNameConverter<TrainingMode>.Instance).HasMaxLength(8);
        });
        modelBuilder.Entity<TrainingRequirementSource>(source =>
        {
            source.ToTable("training_requirement_sources");
            source.HasKey(s => s.Producer);
            source.Property(s => s.Producer).HasMaxLength(ConsumptionModel.MaxNameLength);
        });

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                // The row version is PostgreSQL's xmin system column, not a column of ours.
                property.SetColumnName(property.IsConcurrencyToken && property.ClrType == typeof(uint) ? "xmin" : SnakeCase(property.Name));
            }
        }
        // After the snake-case pass: the audit table keeps exactly the library's names.
        modelBuilder.AddAuditTrail();
        modelBuilder.AddOutbox();
        modelBuilder.AddEventConsumption();
    }

    private static VisitChannel ParseChannel(string value) =>
        VisitChannels.TryParse(value, out var channel) ? channel : throw new InvalidOperationException($"Unknown channel '{value}' in the visits table.");

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }
}
