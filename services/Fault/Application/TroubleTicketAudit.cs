using HallPlatform.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.Privacy;

namespace HallPlatform.Fault.Application;

/// <summary>The audit trail's names for trouble tickets.</summary>
public static class TroubleTicketAudit
{
    public const string RecordType = "trouble-ticket";
    public const string ReportedAction = "trouble-ticket.reported";
    public const string StatusChangedAction = "trouble-ticket.status-changed";
    public const string PersonalDataReadAction = "trouble-ticket.personal-data-read";
    public const string ListReadAction = "trouble-ticket.list-read";
    public const string AnalysedAction = "trouble-ticket.analysed";
    public const string NoteAddedAction = "trouble-ticket.note-added";
    public const string AttachmentAddedAction = "trouble-ticket.attachment-added";
    public const string CaseContactReadAction = "trouble-ticket.case-contact-read";
}

/// <summary>
/// What the audit trail keeps of a ticket's state: codes and ids, the phone masked, and no free text (the name,
/// description and reason may quote the customer; a status change says only whether a reason was given).
/// </summary>
public sealed record TroubleTicketAuditSnapshot(
    string Status,
    string Channel,
    string? ExternalId,
    string Severity,
    string TicketType,
    string? HallId,
    string? ReporterPartnerId,
    string? CustomerPhone,
    bool? ReasonGiven = null)
{
    public static TroubleTicketAuditSnapshot Of(TroubleTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new(
            ticket.Status.ToWire(),
            ticket.Channel.ToWire(),
            ticket.ExternalId,
            ticket.Severity.ToWire(),
            ticket.TicketType.ToWire(),
            ticket.HallId,
            ticket.ReporterPartnerId,
            PersonalDataMask.OptionalPhone(ticket.CustomerPhone));
    }
}
