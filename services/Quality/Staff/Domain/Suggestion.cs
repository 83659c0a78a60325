using System.Collections.Frozen;
using System.Text.Json.Serialization;

namespace HallPlatform.Quality.Staff.Domain;

/// <summary>Where a feedback item came from.</summary>
public enum FeedbackSource
{
    /// <summary>A staff member's suggestion.</summary>
    [JsonStringEnumMemberName("staff")]
    Staff,

    /// <summary>A dissatisfied survey answer (quality.survey.answered).</summary>
    [JsonStringEnumMemberName("survey")]
    Survey,

    /// <summary>A customer complaint (complaint.statusChanged).</summary>
    [JsonStringEnumMemberName("complaint")]
    Complaint,
}

/// <summary>The theme a triaged item is filed under.</summary>
public enum FeedbackCategory
{
    [JsonStringEnumMemberName("process")]
    Process,

    [JsonStringEnumMemberName("waiting-time")]
    WaitingTime,

    [JsonStringEnumMemberName("staff-conduct")]
    StaffConduct,

    [JsonStringEnumMemberName("facilities")]
    Facilities,

    [JsonStringEnumMemberName("products")]
    Products,

    [JsonStringEnumMemberName("digital-channels")]
    DigitalChannels,

    [JsonStringEnumMemberName("other")]
    Other,
}

public enum SuggestionStatus
{
    [JsonStringEnumMemberName("submitted")]
    Submitted,

    [JsonStringEnumMemberName("triaged")]
    Triaged,

    [JsonStringEnumMemberName("accepted")]
    Accepted,

    [JsonStringEnumMemberName("rejected")]
    Rejected,

    [JsonStringEnumMemberName("implemented")]
    Implemented,
}

/// <summary>submitted → triaged → accepted or rejected; accepted → implemented. Rejected and implemented are final.</summary>
public static class SuggestionLifecycle
{
    private static readonly FrozenDictionary<SuggestionStatus, SuggestionStatus[]> AllowedNext =
        new Dictionary<SuggestionStatus, SuggestionStatus[]>
        {
            [SuggestionStatus.Submitted] = [SuggestionStatus.Triaged],
            [SuggestionStatus.Triaged] = [SuggestionStatus.Accepted, SuggestionStatus.Rejected],
            [SuggestionStatus.Accepted] = [SuggestionStatus.Implemented],
            [SuggestionStatus.Rejected] = [],
            [SuggestionStatus.Implemented] = [],
        }.ToFrozenDictionary();

    public static bool CanMove(SuggestionStatus from, SuggestionStatus to) => AllowedNext[from].Contains(to);

    public static IReadOnlyList<SuggestionStatus> NextStatuses(SuggestionStatus from) => AllowedNext[from];
}

/// <summary>
/// A feedback item: a staff member's suggestion, or a customer's survey answer or complaint brought in from events
/// (those carry the case reference and scores only; a manager may attach the customer's text from the case). Triaged
/// into a category, answered with a response the submitter sees, linked to an improvement action by id.
/// </summary>
public sealed class Suggestion
{
    public const string IdPrefix = "sug_";
    public const int MaxTitleLength = 200;
    public const int MaxTextLength = 4000;
    public const int MaxResponseLength = 2000;
    public const int MaxActionIdLength = 64;
    public const int MaxCaseReferenceLength = 100;

    // For EF Core materialisation.
    private Suggestion()
    {
    }

    public string SuggestionId { get; private set; } = "";
    public FeedbackSource Source { get; private set; }
    public string HallId { get; private set; } = "";

    /// <summary>The submitting staff member; null for items from customers' events.</summary>
    public string? SubmittedBy { get; private set; }
    public string Title { get; private set; } = "";

    /// <summary>The suggestion, or the customer's words attached from the case: may name people, so encrypted.</summary>
    public string? Text { get; private set; }
    public string? CaseReference { get; private set; }
    public int? CsatScore { get; private set; }
    public int? NpsScore { get; private set; }
    public FeedbackCategory? Category { get; private set; }
    public SuggestionStatus Status { get; private set; }
    public string? Response { get; private set; }
    public string? ImprovementActionId { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
    public DateTimeOffset StatusChangedAt { get; private set; }
    public string? LastChangedBy { get; private set; }

    public static string NewId() => IdPrefix + Guid.CreateVersion7().ToString("N");

    public static Suggestion FromStaff(string id, string hallId, string submittedBy, string title, string text, DateTimeOffset at) => new()
    {
        SuggestionId = id, Source = FeedbackSource.Staff, HallId = hallId, SubmittedBy = submittedBy, Title = title, Text = text,
        Status = SuggestionStatus.Submitted, SubmittedAt = at, StatusChangedAt = at,
    };

    public static Suggestion FromCustomerEvent(string id, FeedbackSource source, string hallId, string caseReference, string title,
        int? csat, int? nps, FeedbackCategory? category, DateTimeOffset at) => new()
    {
        SuggestionId = id, Source = source, HallId = hallId, CaseReference = caseReference, Title = title, CsatScore = csat, NpsScore = nps,
        Category = category, Status = SuggestionStatus.Submitted, SubmittedAt = at, StatusChangedAt = at,
    };

    /// <summary>Moves the item; false (unchanged) when the lifecycle forbids it. Fields left null keep their value.</summary>
    public bool MoveTo(SuggestionStatus to, string by, FeedbackCategory? category, string? response, DateTimeOffset at)
    {
        if (!SuggestionLifecycle.CanMove(Status, to))
        {
            return false;
        }
        Category = category ?? Category;
        Response = response ?? Response;
        Status = to;
        StatusChangedAt = at;
        LastChangedBy = by;
        return true;
    }

    public void LinkImprovementAction(string actionId, string by)
    {
        ImprovementActionId = actionId;
        LastChangedBy = by;
    }

    public void AttachText(string text, string by)
    {
        Text = text;
        LastChangedBy = by;
    }
}
