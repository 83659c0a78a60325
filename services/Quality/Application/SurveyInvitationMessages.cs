using System.Globalization;
using HallPlatform.Notifications;
using HallPlatform.Quality.Domain;

namespace HallPlatform.Quality.Application;

/// <summary>
/// The survey invitation SMS. Its parameters are the link (which carries the single-use token: no personal data, but
/// a secret for one answer, kept only in this message) and the expiry; the case's own text never goes in.
/// </summary>
public static class SurveyInvitationMessages
{
    public const string SubjectKind = "follow-up";
    public const string TemplateCode = "quality.survey.invitation";

    public static IReadOnlyList<CommunicationTemplate> Templates { get; } =
    [
        new(TemplateCode, "How did we do?",
            "Thank you for coming to us. Please tell us how we did (one minute, four questions): {link} - the link works once, until {expiresAt} (UTC)."),
    ];

    /// <summary>One message per follow-up (its id is the source key), so a retried pass sends nothing more.</summary>
    public static CommunicationRequest For(FollowUp followUp, string link)
    {
        ArgumentNullException.ThrowIfNull(followUp);
        return new CommunicationRequest(
            SubjectKind,
            followUp.FollowUpId,
            followUp.HallId,
            followUp.JourneyId,
            CommunicationChannel.Sms,
            TemplateCode,
            new Dictionary<string, string>
            {
                ["link"] = link,
                ["expiresAt"] = followUp.InvitationExpiresAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "",
            },
            followUp.CustomerPhone ?? throw new InvalidOperationException("An invitation needs the customer's phone."),
            $"{followUp.FollowUpId}:invitation");
    }
}
