using System.Globalization;
using System.Text.Json.Serialization;
using HallPlatform.Application;
using HallPlatform.Fault.Domain;

namespace HallPlatform.Fault.Application;

/// <summary>
/// A TMF621 v4 RelatedEntity (an EntityRef with a role): what the TMF resource and the hub events show of a ticket's
/// on-site appointments and its area (docs/fault-partners.md, "TMF621 v4 API"). TMF621 v4's RelatedEntity has no field
/// for a window or a technician: the window is told in <c>name</c> (hall time), the technician not at all.
/// </summary>
public sealed record Tmf621RelatedEntity(
    string Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Href,
    string Name,
    string Role,
    [property: JsonPropertyName("@referredType")] string ReferredType,
    [property: JsonPropertyName("@type")] string Type);

/// <summary>The related entities of a ticket, built the same way for the resource and for the hub's events.</summary>
public static class Tmf621RelatedEntities
{
    public const string AppointmentRole = "onSiteAppointment";
    public const string AppointmentType = "Appointment";
    public const string AreaRole = "area";
    public const string AreaType = "GeographicLocation";
    public const string TypeName = "RelatedEntity";

    /// <summary>At most this many appointments are shown (newest first); a ticket rarely has more than two or three.</summary>
    public const int MaxAppointments = 20;

    /// <summary>The REST route that lists the ticket's appointments (Fault serves no TMF646 Appointment API).</summary>
    public static string AppointmentsHref(string ticketId) => $"/api/v1/trouble-tickets/{ticketId}/appointments";

    /// <summary>An appointment reference: "on-site visit 2026-12-07 09:00-11:00 (hall time UTC+8), booked".</summary>
    public static Tmf621RelatedEntity Appointment(string ticketId, string appointmentId, string status, DateTimeOffset start, DateTimeOffset end) =>
        new(appointmentId, AppointmentsHref(ticketId),
            string.Create(CultureInfo.InvariantCulture, $"on-site visit {HallTime.Display(start)}-{HallTime.Display(end)[^5..]} (hall time UTC+8), {status}"),
            AppointmentRole, AppointmentType, TypeName);

    /// <summary>The area code of the site (no TMF resource serves it, so no href).</summary>
    public static Tmf621RelatedEntity Area(string area) => new(area, null, area, AreaRole, AreaType, TypeName);

    /// <summary>The ticket's area (when known), then its appointments newest first.</summary>
    public static IReadOnlyList<Tmf621RelatedEntity> Of(string? area, IEnumerable<Appointment> appointments)
    {
        ArgumentNullException.ThrowIfNull(appointments);
        var entities = new List<Tmf621RelatedEntity>();
        if (area is not null)
        {
            entities.Add(Area(area));
        }
        entities.AddRange(appointments.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.AppointmentId, StringComparer.Ordinal)
            .Take(MaxAppointments)
            .Select(a => Appointment(a.TicketId, a.AppointmentId, a.Status.ToWire(), a.Start, a.End)));
        return entities;
    }
}
