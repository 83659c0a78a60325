using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using HallPlatform.Application;
using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Reception.Application.Appointments;

public sealed record CreateAppointmentCommand(string? HallId, string? ServiceType, string? CustomerName, string? CustomerPhone, DateTimeOffset? StartsAt);

/// <summary>An appointment as callers see it: name and phone masked.</summary>
public sealed record AppointmentView(string AppointmentId, string HallId, string ServiceType, DateTimeOffset StartsAt,
    DateTimeOffset CheckInFrom, DateTimeOffset PriorityUntil, string Status, string? VisitId, string CustomerName, string CustomerPhone);

/// <summary>What the audit trail keeps of an appointment: no name or phone (the entry's customer reference identifies the customer).</summary>
public sealed record AppointmentAuditSnapshot(string HallId, string ServiceType, DateTimeOffset StartsAt, string Status)
{
    public static AppointmentAuditSnapshot Of(Appointment appointment) =>
        new(appointment.HallId, appointment.ServiceType, appointment.StartsAt, appointment.Status);
}

/// <summary>Books appointments (TMF646); check-in with the id gives priority inside the window.</summary>
public sealed class AppointmentHandling(ReceptionDbContext db, HallCatalogue catalogue, HallClock clock, HallAccess access, ReceptionAudit audit,
    BlindIndex blindIndex, Microsoft.Extensions.Options.IOptions<ReceptionOptions> options)
{
    public async Task<Outcome<AppointmentView>> CreateAsync(CreateAppointmentCommand command, CancellationToken cancellationToken)
    {
        var hallId = catalogue.ResolveHallId(command.HallId);
        if (!access.MayWorkIn(hallId))
        {
            return Outcome<AppointmentView>.NotFoundById("Hall", hallId);
        }
        var hall = await catalogue.LoadAsync(hallId, cancellationToken);
        var errors = new FieldErrors();
        if (hall is null)
        {
            errors.Add("hallId", $"Unknown hall '{hallId}'.");
        }
        if (string.IsNullOrWhiteSpace(command.ServiceType))
        {
            errors.Add("serviceType", "The service type is required.");
        }
        else if (hall is not null && hall.FindServiceType(command.ServiceType) is null)
        {
            errors.Add("serviceType", $"Unknown service type '{command.ServiceType}' for hall '{hallId}'.");
        }
        errors.Add("customerName", CustomerData.ValidateName(command.CustomerName));
        errors.Add("customerPhone", CustomerData.ValidatePhone(command.CustomerPhone, out var customerPhone));
        if (command.StartsAt is null)
        {
            errors.Add("startsAt", "The start time is required.");
        }
        else if (command.StartsAt.Value < clock.Now())
        {
            errors.Add("startsAt", "The start time must be in the future.");
        }
        else if (command.StartsAt.Value > clock.Now().AddDays(options.Value.Appointments.HorizonDays))
        {
            errors.Add("startsAt", $"The start time must be at most {options.Value.Appointments.HorizonDays} days ahead.");
        }
        if (errors.Any)
        {
            return Outcome<AppointmentView>.Invalid(errors.ToDictionary());
        }
        var appointment = new Appointment
        {
            Id = Appointment.NewId(),
            HallId = hallId,
            ServiceType = command.ServiceType!,
            CustomerName = command.CustomerName!.Trim(),
            CustomerPhone = customerPhone,
            // The phone is stored normalised, so this equals BlindIndex.ForPhone.
            CustomerPhoneRef = blindIndex.Of(customerPhone),
            StartsAt = command.StartsAt!.Value.ToUniversalTime(),
            CreatedAt = clock.Now(),
        };
        db.Appointments.Add(appointment);
        audit.Record(ReceptionAudit.AppointmentCreated, ReceptionAudit.AppointmentRecord, appointment.Id, appointment.CustomerPhoneRef,
            after: AppointmentAuditSnapshot.Of(appointment), hallId: appointment.HallId);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<AppointmentView>.Created(ToView(appointment));
    }

    public async Task<Outcome<AppointmentView>> GetAsync(string appointmentId, CancellationToken cancellationToken)
    {
        var appointment = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId, cancellationToken);
        return appointment is null || !access.MayWorkIn(appointment.HallId)
            ? Outcome<AppointmentView>.NotFoundById("Appointment", appointmentId)
            : Outcome<AppointmentView>.Ok(ToView(appointment));
    }

    private AppointmentView ToView(Appointment appointment) => new(
        appointment.Id, appointment.HallId, appointment.ServiceType, appointment.StartsAt,
        appointment.StartsAt.AddMinutes(-options.Value.Appointments.EarlyMinutes), appointment.StartsAt.AddMinutes(options.Value.Appointments.LateMinutes),
        appointment.Status, appointment.UsedByVisitId,
        PersonalDataMask.Name(appointment.CustomerName), PersonalDataMask.Phone(appointment.CustomerPhone));
}
