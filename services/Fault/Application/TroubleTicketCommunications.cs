using System.Globalization;
using HallPlatform.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.Notifications;

namespace HallPlatform.Fault.Application;

/// <summary>
/// What the customer is told about their trouble ticket: one SMS per status change (registration included, as the
/// acknowledgement), to the phone on the ticket. Parameters are the ticket id, status and dates only: the fault's
/// name and description are free text that may hold personal data.
/// </summary>
public static class TroubleTicketCommunications
{
    public const string SubjectKind = "trouble-ticket";

    public static IReadOnlyList<CommunicationTemplate> Templates { get; } =
    [
        Template(TicketStatus.Acknowledged, "Fault report {ticketId} received",
            "We have received your fault report {ticketId}. We expect to repair it by {expectedResolutionDate} (UTC)."),
        Template(TicketStatus.Rejected, "Fault report {ticketId} not accepted",
            "Your fault report {ticketId} could not be accepted. Please contact us in the hall or by phone."),
        Template(TicketStatus.InProgress, "Fault {ticketId}: repair in progress",
            "Our technicians are working on your fault {ticketId}. Expected repair by {expectedResolutionDate} (UTC)."),
        Template(TicketStatus.Pending, "Fault {ticketId}: waiting for you",
            "We need something from you to go on with your fault {ticketId}. We will call you from our official number."),
        Template(TicketStatus.Held, "Fault {ticketId}: on hold",
            "Work on your fault {ticketId} is on hold while we wait for a third party. We will tell you when it resumes."),
        Template(TicketStatus.Resolved, "Fault {ticketId} repaired",
            "Your fault {ticketId} has been repaired. If the problem is still there, reply or call us and we will reopen it."),
        Template(TicketStatus.Closed, "Fault {ticketId} closed",
            "Your fault {ticketId} is closed. Thank you for confirming the repair."),
        Template(TicketStatus.Cancelled, "Fault {ticketId} cancelled",
            "Your fault report {ticketId} has been cancelled. Report it again any time if you still need help."),
    ];

    public static string TemplateCode(TicketStatus status) => "fault." + status.ToWire();

    /// <summary>
    /// The message for the ticket's latest status change, or null when the ticket has no customer phone. The source key
    /// is the ticket, the status and the change's position in the history: a retried change cannot make a second one.
    /// </summary>
    public static CommunicationRequest? ForLatestChange(TroubleTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.CustomerPhone is not { Length: > 0 } phone)
        {
            return null;
        }
        return new CommunicationRequest(
            SubjectKind,
            ticket.TicketId,
            ticket.HallId,
            ticket.JourneyId,
            CommunicationChannel.Sms,
            TemplateCode(ticket.Status),
            new Dictionary<string, string>
            {
                ["ticketId"] = ticket.TicketId,
                ["status"] = ticket.Status.ToWire(),
                ["expectedResolutionDate"] = ticket.ExpectedResolutionDate.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            },
            phone,
            $"{ticket.TicketId}:{ticket.Status.ToWire()}:{ticket.StatusChangeHistory.Count}");
    }

    private static CommunicationTemplate Template(TicketStatus status, string subject, string body) => new(TemplateCode(status), subject, body);
}
