using HallPlatform.Application;
using HallPlatform.Identity;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Reception.Application.Queue;

/// <summary>A visit's customer contact as another service receives it (contracts/contacts.proto).</summary>
public sealed record VisitContact(string VisitId, string CustomerName, string CustomerPhone, string HallId, string? JourneyId);

/// <summary>
/// Gives a visit's customer contact to another HallPlatform service (Quality, to call the customer back or invite them
/// to a survey). Services only: staff read contacts through the visit itself, partners and anonymous callers never.
/// Every read is in the audit trail, naming the service that read it.
/// </summary>
public sealed class VisitContacts(ReceptionDbContext db, ReceptionAudit audit, IHallCallerAccessor callers)
{
    public const string ContactRead = "visit.contact-read";

    private static readonly string[] FieldsGiven = ["customerName", "customerPhone"];

    public async Task<Outcome<VisitContact>> GetAsync(string? visitId, CancellationToken cancellationToken)
    {
        if (callers.Current.Kind != CallerKind.Service)
        {
            return Outcome<VisitContact>.Forbidden("Services only", "A visit's contact is given to HallPlatform services only.");
        }
        var errors = new FieldErrors();
        var id = errors.RequiredText("caseId", visitId, 40);
        if (errors.Any)
        {
            return Outcome<VisitContact>.Invalid(errors.ToDictionary());
        }
        var visit = await db.Visits.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, cancellationToken);
        if (visit is null)
        {
            return Outcome<VisitContact>.NotFoundById("Visit", id!);
        }
        await audit.RecordReadAsync(ContactRead, ReceptionAudit.VisitRecord, visit.Id, visit.CustomerPhoneRef,
            new { visitId = visit.Id, fields = FieldsGiven }, visit.HallId, cancellationToken);
        return Outcome<VisitContact>.Ok(new VisitContact(visit.Id, visit.CustomerName, visit.CustomerPhone, visit.HallId, visit.JourneyId));
    }
}
