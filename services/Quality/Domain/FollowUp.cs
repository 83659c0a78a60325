using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace HallPlatform.Quality.Domain;

/// <summary>Where a planned follow-up stands.</summary>
public enum FollowUpStatus
{
    /// <summary>Planned for its due time; the customer's contact is not fetched yet.</summary>
    [JsonStringEnumMemberName("planned")]
    Planned,

    /// <summary>Contact fetched (stored encrypted): the customer can be called back or invited.</summary>
    [JsonStringEnumMemberName("ready")]
    Ready,

    /// <summary>Not followed up; <see cref="FollowUp.SkipReason"/> says why.</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,

    /// <summary>The customer was sent a single-use survey link (an invitation follow-up); answering it reaches them.</summary>
    [JsonStringEnumMemberName("invited")]
    Invited,

    /// <summary>A quality analyst has taken the callback and is calling.</summary>
    [JsonStringEnumMemberName("claimed")]
    Claimed,

    /// <summary>The customer was reached (answers recorded when given).</summary>
    [JsonStringEnumMemberName("reached")]
    Reached,

    /// <summary>The customer declined the follow-up.</summary>
    [JsonStringEnumMemberName("refused")]
    Refused,

    /// <summary>Not reached in the allowed number of calls.</summary>
    [JsonStringEnumMemberName("unreachable")]
    Unreachable,
}

/// <summary>How a follow-up reaches the customer, per case kind (<c>Quality:FollowUps:Kinds:{kind}:Method</c>).</summary>
public enum FollowUpMethod
{
    /// <summary>A quality analyst calls the customer back from the callback list.</summary>
    [JsonStringEnumMemberName("callback")]
    Callback,

    /// <summary>The customer gets an SMS with a single-use survey link.</summary>
    [JsonStringEnumMemberName("invitation")]
    Invitation,
}

/// <summary>What a callback call came to, as the analyst records it.</summary>
public enum CallbackResult
{
    [JsonStringEnumMemberName("reached")]
    Reached,

    [JsonStringEnumMemberName("not-reached")]
    NotReached,

    [JsonStringEnumMemberName("refused")]
    Refused,
}

/// <summary>
/// The follow-up lifecycle. planned → ready (contact fetched, callback) | invited (contact fetched, survey link sent) |
/// skipped; ready → claimed (an analyst takes it); claimed → reached | refused | ready (not reached, calls left) |
/// unreachable (not reached, no calls left); invited → reached (the link answered). reached, refused, unreachable and
/// skipped are final; an invitation never answered stays invited after its link expired.
/// </summary>
public static class FollowUpStateMachine
{
    private static readonly Dictionary<FollowUpStatus, FollowUpStatus[]> Transitions = new()
    {
        [FollowUpStatus.Planned] = [FollowUpStatus.Ready, FollowUpStatus.Invited, FollowUpStatus.Skipped],
        [FollowUpStatus.Invited] = [FollowUpStatus.Reached],
        [FollowUpStatus.Ready] = [FollowUpStatus.Claimed],
        [FollowUpStatus.Claimed] = [FollowUpStatus.Reached, FollowUpStatus.Refused, FollowUpStatus.Ready, FollowUpStatus.Unreachable],
        [FollowUpStatus.Skipped] = [],
        [FollowUpStatus.Reached] = [],
        [FollowUpStatus.Refused] = [],
        [FollowUpStatus.Unreachable] = [],
    };

    public static bool CanMove(FollowUpStatus from, FollowUpStatus to) => Transitions[from].Contains(to);

    public static bool IsFinal(FollowUpStatus state) => Transitions[state].Length == 0;
}

/// <summary>Why a planned follow-up was not made.</summary>
public enum FollowUpSkipReason
{
    /// <summary>The customer asked not to be contacted about the case.</summary>
    [JsonStringEnumMemberName("doNotContact")]
    DoNotContact,

    /// <summary>The same customer (phone) already had a follow-up within the throttle window.</summary>
    [JsonStringEnumMemberName("throttled")]
    Throttled,

    /// <summary>The case has no usable phone number.</summary>
    [JsonStringEnumMemberName("noContact")]
    NoContact,

    /// <summary>The owner does not know the case (NOT_FOUND).</summary>
    [JsonStringEnumMemberName("caseUnknown")]
    CaseUnknown,
}

/// <summary>
/// A follow-up (回访) planned for one finished case: at most one per case (the case kind and id are its key), so an
/// event replayed or delivered twice plans nothing more. Created <see cref="FollowUpStatus.Planned"/> with a due time;
/// when due, the customer's contact is fetched from the case's owner and the follow-up becomes
/// <see cref="FollowUpStatus.Ready"/> or <see cref="FollowUpStatus.Skipped"/>.
/// </summary>
public sealed class FollowUp
{
    public const string IdPrefix = "fu_";
    public const int MaxIdLength = 40;
    public const int MaxStaffIdLength = 64;
    public const int MaxErrorLength = 64;
    public const int MaxNameLength = 100;
    public const int MaxPhoneLength = 32;

    public required string FollowUpId { get; init; }
    public CaseType CaseKind { get; init; }
    public required string CaseId { get; init; }

    /// <summary>The id the contact is asked for: the case id, or for an order the visit it came from.</summary>
    public required string ContactCaseId { get; init; }
    public string? HallId { get; init; }
    public string? JourneyId { get; init; }

    /// <summary>The staff member or counter that served the case: never the one assigned to call back.</summary>
    public string? ServedBy { get; init; }
    public DateTimeOffset PlannedAt { get; init; }
    public DateTimeOffset DueAt { get; init; }

    public FollowUpStatus Status { get; set; }
    public FollowUpSkipReason? SkipReason { get; set; }

    /// <summary>Failed contact fetches so far, the next try's time and the last failure (a gRPC status name, never text).</summary>
    public int ContactAttempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>Personal data: stored encrypted; <see cref="CustomerPhoneRef"/> is the phone's blind index (throttle key).</summary>
    public string? CustomerName { get; set; }
    public string? CustomerPhone { get; set; }
    public string? CustomerPhoneRef { get; set; }
    public DateTimeOffset? ContactedAt { get; set; }

    /// <summary>The analyst holding the callback (while claimed) and calls made so far.</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public int CallAttempts { get; set; }

    /// <summary>
    /// For an invitation: the SHA-256 (hex) of the link's token (the token itself is only in the message sent) and
    /// when the link stops working.
    /// </summary>
    public string? InvitationTokenHash { get; set; }
    public DateTimeOffset? InvitationExpiresAt { get; set; }

    /// <summary>The survey answer given on the call or through the link (reached with answers).</summary>
    public string? ResponseId { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Moves along <see cref="FollowUpStateMachine"/>; false (nothing changed) for a forbidden move.</summary>
    public bool TryMoveTo(FollowUpStatus to)
    {
        if (!FollowUpStateMachine.CanMove(Status, to))
        {
            return false;
        }
        Status = to;
        return true;
    }

    public static string NewId() => IdPrefix + Guid.CreateVersion7().ToString("N");
}

/// <summary>
/// Deterministic sampling: a case is sampled when the first four bytes of SHA-256(case id), read as an unsigned
/// big-endian number, modulo 100 are below the rate (0..100). The same case always gets the same decision, so a
/// replay or a second replica decides alike.
/// </summary>
public static class FollowUpSampling
{
    public static int Bucket(string caseId)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(caseId));
        var value = ((uint)hash[0] << 24) | ((uint)hash[1] << 16) | ((uint)hash[2] << 8) | hash[3];
        return (int)(value % 100);
    }

    public static bool IsSampled(string caseId, int ratePercent) => Bucket(caseId) < Math.Clamp(ratePercent, 0, 100);
}
