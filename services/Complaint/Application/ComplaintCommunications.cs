using System.Globalization;
using HallPlatform.Application;
using HallPlatform.Complaint.Domain;
using HallPlatform.Notifications;

namespace HallPlatform.Complaint.Application;

/// <summary>
/// What the complainant is told (ISO 10002): the acknowledgement on receipt, and the result when the complaint is
/// responded to and when it is closed, by SMS to the complaint's contact phone. Parameters are the complaint id and
/// dates only: the subject and description are the customer's own words.
/// </summary>
public static class ComplaintCommunications
{
    public const string SubjectKind = "complaint";

    private static readonly ComplaintStatus[] Told = [ComplaintStatus.Acknowledged, ComplaintStatus.Responded, ComplaintStatus.Closed];

    public static IReadOnlyList<CommunicationTemplate> Templates { get; } =
    [
        Template(ComplaintStatus.Acknowledged, "Complaint {complaintId} received",
            "We have received your complaint {complaintId} and will answer it by {responseDueAt} (UTC) at the latest."),
        Template(ComplaintStatus.Responded, "Answer to complaint {complaintId}",
            "We have answered your complaint {complaintId}. If you are not satisfied with the answer, tell us and we will look into it again."),
        Template(ComplaintStatus.Closed, "Complaint {complaintId} closed",
            "Your complaint {complaintId} is closed. Thank you for helping us improve our service."),
    ];

    public static string TemplateCode(ComplaintStatus status) => "complaint." + status.ToWire();

    /// <summary>
    /// The message for the complaint's latest status change, or null when that status is not one the customer is told
    /// about. The source key is the complaint, the status and the change's position in the history.
    /// </summary>
    public static CommunicationRequest? ForLatestChange(CustomerComplaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (!Told.Contains(complaint.Status) || string.IsNullOrEmpty(complaint.CustomerPhone))
        {
            return null;
        }
        return new CommunicationRequest(
            SubjectKind,
            complaint.ComplaintId,
            complaint.HallId,
            complaint.JourneyId,
            CommunicationChannel.Sms,
            TemplateCode(complaint.Status),
            new Dictionary<string, string>
            {
                ["complaintId"] = complaint.ComplaintId,
                ["status"] = complaint.Status.ToWire(),
                ["responseDueAt"] = complaint.ResponseDueAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
            complaint.CustomerPhone,
            $"{complaint.ComplaintId}:{complaint.Status.ToWire()}:{complaint.StatusChangeHistory.Count}");
    }

    private static CommunicationTemplate Template(ComplaintStatus status, string subject, string body) => new(TemplateCode(status), subject, body);
}
