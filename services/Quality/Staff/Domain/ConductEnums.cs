using System.Text.Json.Serialization;

namespace HallPlatform.Quality.Staff.Domain;

/// <summary>What a conduct case is about: a gift, hospitality, or a violation of the hall's rules.</summary>
public enum ConductCategory
{
    [JsonStringEnumMemberName("gift")]
    Gift,

    [JsonStringEnumMemberName("hospitality")]
    Hospitality,

    [JsonStringEnumMemberName("violation")]
    Violation,
}

/// <summary>What became of a gift or hospitality offered to a staff member.</summary>
public enum GiftDisposition
{
    [JsonStringEnumMemberName("offered")]
    Offered,

    [JsonStringEnumMemberName("declined")]
    Declined,

    [JsonStringEnumMemberName("accepted")]
    Accepted,
}

/// <summary>The kind of a violation.</summary>
public enum ViolationKind
{
    /// <summary>Customer data looked at or used outside the staff member's duty.</summary>
    [JsonStringEnumMemberName("customer-data-access")]
    CustomerDataAccess,

    /// <summary>A complaint about the staff member's conduct was upheld (opened automatically from Complaint's events).</summary>
    [JsonStringEnumMemberName("upheld-complaint")]
    UpheldComplaint,

    [JsonStringEnumMemberName("other")]
    Other,
}

/// <summary>Where a conduct case stands (lifecycle: <see cref="ConductLifecycle"/>).</summary>
public enum ConductStatus
{
    [JsonStringEnumMemberName("open")]
    Open,

    [JsonStringEnumMemberName("investigating")]
    Investigating,

    [JsonStringEnumMemberName("concluded")]
    Concluded,

    [JsonStringEnumMemberName("closed")]
    Closed,
}

/// <summary>The finding of a concluded case.</summary>
public enum ConductOutcome
{
    [JsonStringEnumMemberName("no-breach")]
    NoBreach,

    [JsonStringEnumMemberName("breach")]
    Breach,
}

/// <summary>The sanction of a concluded case; <see cref="None"/> whenever there was no breach.</summary>
public enum ConductSanction
{
    [JsonStringEnumMemberName("none")]
    None,

    [JsonStringEnumMemberName("advice")]
    Advice,

    [JsonStringEnumMemberName("warning")]
    Warning,

    [JsonStringEnumMemberName("retraining")]
    Retraining,

    [JsonStringEnumMemberName("suspension")]
    Suspension,

    [JsonStringEnumMemberName("dismissal")]
    Dismissal,
}
