using System.Globalization;
using HallPlatform.Application;
using HallPlatform.Complaint.Domain;
using HallPlatform.Notifications;

namespace HallPlatform.Complaint.Application;

/// <summary>
/// What the complainant is told (ISO 10002: keep the customer informed): the acknowledgement on receipt, each
/// transfer to a department, the response with the remedy offered, a reopening or an escalation (with the
/// regulator's appeal information), and the closure, by SMS to the complaint's contact phone. Parameters are ids,
/// dates, the department's name and the remedy's figures only: the subject, description and findings are free text
/// and stay out.
/// </summary>
public static class ComplaintCommunications
{
    public const string SubjectKind = "complaint";

    public const string TransferredCode = "complaint.transferred";

    /// <summary>
    /// The regulator's appeal information, given whenever the customer is not satisfied (reopened, escalated). The
    /// wording is documented in docs/complaints.md.
    /// </summary>
    public const string AppealInformation =
        "If you are still not satisfied, you may appeal to the telecommunications regulator, the MIIT Telecommunication "
        + "User Appeal Centre (phone 12300, https://dxss.miit.gov.cn), once we have answered or 15 days after your complaint.";

    private static readonly ComplaintStatus[] Told =
    [
        ComplaintStatus.Acknowledged, ComplaintStatus.Assigned, ComplaintStatus.Responded, ComplaintStatus.Escalated,
        ComplaintStatus.Reopened, ComplaintStatus.Closed,
    ];

    public static IReadOnlyList<CommunicationTemplate> Templates { get; } =
    [
        Template(ComplaintStatus.Acknowledged, "Complaint {complaintId} received",
            "We have received your complaint {complaintId} and will answer it by {responseDueAt} (UTC) at the latest."),
        Template(ComplaintStatus.Assigned, "Complaint {complaintId} in progress",
            "Your complaint {complaintId} is now handled by our {department} department. We will answer by {responseDueAt} (UTC) at the latest."),
        new(TransferredCode, "Complaint {complaintId} transferred",
            "Your complaint {complaintId} has been transferred to our {department} department, which now handles it."),
        Template(ComplaintStatus.Responded, "Answer to complaint {complaintId}",
            "We have answered your complaint {complaintId}. Remedy offered: {remedy}. Please tell us whether you are satisfied; "
            + "without an answer by {confirmationDueAt} (UTC) we will close the complaint."),
        Template(ComplaintStatus.Escalated, "Complaint {complaintId} escalated",
            "Your complaint {complaintId} has been passed to a supervisor, who will answer you. " + AppealInformation),
        Template(ComplaintStatus.Reopened, "Complaint {complaintId} reopened",
            "We are looking into your complaint {complaintId} again. " + AppealInformation),
        Template(ComplaintStatus.Closed, "Complaint {complaintId} closed",
            "Your complaint {complaintId} is closed. Thank you for helping us improve our service."),
    ];

    public static string TemplateCode(ComplaintStatus status) => "complaint." + status.ToWire();

    /// <summary>
    /// The message for the complaint's latest status change, or null when that status is not one the customer is told
    /// about (or the complaint was closed as merged: the master's messages carry on). The source key is the complaint,
    /// the status and the change's position in the history.
    /// </summary>
    public static CommunicationRequest? ForLatestChange(CustomerComplaint complaint, string? departmentName = null)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (!Told.Contains(complaint.Status) || string.IsNullOrEmpty(complaint.CustomerPhone) || complaint.Outcome == ComplaintOutcome.Merged)
        {
            return null;
        }
        return Request(complaint, TemplateCode(complaint.Status), departmentName,
            $"{complaint.ComplaintId}:{complaint.Status.ToWire()}:{complaint.StatusChangeHistory.Count}");
    }

    /// <summary>The message for a transfer that kept the status (the n-th assignment).</summary>
    public static CommunicationRequest? ForTransfer(CustomerComplaint complaint, string departmentName)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (string.IsNullOrEmpty(complaint.CustomerPhone))
        {
            return null;
        }
        return Request(complaint, TransferredCode, departmentName,
            $"{complaint.ComplaintId}:transferred:{complaint.AssignmentHistory.Count}");
    }

    /// <summary>The remedy in words for the customer: "refund of 12.50 yuan; an apology; corrective action", or "none".</summary>
    public static string DescribeRemedy(long? refundFen, bool? apology, string? correctiveAction)
    {
        var parts = new List<string>();
        if (refundFen is > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"refund of {refundFen / 100}.{refundFen % 100:00} yuan"));
        }
        if (apology == true)
        {
            parts.Add("an apology");
        }
        if (!string.IsNullOrEmpty(correctiveAction))
        {
            parts.Add("corrective action taken");
        }
        return parts.Count == 0 ? "none" : string.Join("; ", parts);
    }

    private static CommunicationRequest Request(CustomerComplaint complaint, string templateCode, string? departmentName, string sourceKey) => new(
        SubjectKind,
        complaint.ComplaintId,
        complaint.HallId,
        complaint.JourneyId,
        CommunicationChannel.Sms,
        templateCode,
        new Dictionary<string, string>
        {
            ["complaintId"] = complaint.ComplaintId,
            ["status"] = complaint.Status.ToWire(),
            ["responseDueAt"] = complaint.ResponseDueAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["department"] = departmentName ?? complaint.DepartmentId ?? "",
            ["remedy"] = DescribeRemedy(complaint.RefundFen, complaint.Apology, complaint.CorrectiveAction),
            ["confirmationDueAt"] = complaint.ConfirmationDueAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "",
        },
        complaint.CustomerPhone,
        sourceKey);

    private static CommunicationTemplate Template(ComplaintStatus status, string subject, string body) => new(TemplateCode(status), subject, body);
}
