using System.Text.Json.Serialization;
using HallPlatform.Application;

namespace HallPlatform.Complaint.Domain;

/// <summary>The ISO 10002 handling steps a complaint moves through (table: <see cref="ComplaintLifecycle"/>).</summary>
public enum ComplaintStatus
{
    [JsonStringEnumMemberName("received")]
    Received,

    [JsonStringEnumMemberName("acknowledged")]
    Acknowledged,

    /// <summary>Registered and assessed: category, severity and responsible department decided.</summary>
    [JsonStringEnumMemberName("assessed")]
    Assessed,

    /// <summary>Transferred to a department and a handler.</summary>
    [JsonStringEnumMemberName("assigned")]
    Assigned,

    [JsonStringEnumMemberName("investigating")]
    Investigating,

    /// <summary>The response was sent: awaiting the customer's confirmation.</summary>
    [JsonStringEnumMemberName("responded")]
    Responded,

    /// <summary>Escalated to a supervisor (customer not satisfied, or a clock breached).</summary>
    [JsonStringEnumMemberName("escalated")]
    Escalated,

    /// <summary>The customer was not satisfied and the investigation starts again.</summary>
    [JsonStringEnumMemberName("reopened")]
    Reopened,

    [JsonStringEnumMemberName("closed")]
    Closed,

    [JsonStringEnumMemberName("withdrawn")]
    Withdrawn,
}

/// <summary>How a closed complaint ended.</summary>
public enum ComplaintOutcome
{
    /// <summary>The customer confirmed they are satisfied with the response.</summary>
    [JsonStringEnumMemberName("satisfied")]
    Satisfied,

    /// <summary>The customer did not answer within the confirmation period.</summary>
    [JsonStringEnumMemberName("unconfirmed")]
    Unconfirmed,

    /// <summary>Merged into another complaint (its master), which carries on.</summary>
    [JsonStringEnumMemberName("merged")]
    Merged,
}

public enum ComplaintChannel
{
    [JsonStringEnumMemberName("hall")]
    Hall,

    [JsonStringEnumMemberName("phone")]
    Phone,

    [JsonStringEnumMemberName("online")]
    Online,
}

public enum ComplaintCategory
{
    [JsonStringEnumMemberName("billing")]
    Billing,

    [JsonStringEnumMemberName("network")]
    Network,

    /// <summary>Service quality (wire name kept from the first version).</summary>
    [JsonStringEnumMemberName("service")]
    Service,

    [JsonStringEnumMemberName("staff-conduct")]
    StaffConduct,

    [JsonStringEnumMemberName("product")]
    Product,

    [JsonStringEnumMemberName("other")]
    Other,
}

public enum ComplaintSeverity
{
    [JsonStringEnumMemberName("low")]
    Low,

    [JsonStringEnumMemberName("medium")]
    Medium,

    [JsonStringEnumMemberName("high")]
    High,

    [JsonStringEnumMemberName("critical")]
    Critical,
}

/// <summary>What the customer answered to the response.</summary>
public enum NotSatisfiedAction
{
    /// <summary>The same department investigates again.</summary>
    [JsonStringEnumMemberName("reopen")]
    Reopen,

    /// <summary>A supervisor takes the complaint over.</summary>
    [JsonStringEnumMemberName("escalate")]
    Escalate,
}

public enum ComplaintLinkKind
{
    /// <summary>About the same matter; both stay open.</summary>
    [JsonStringEnumMemberName("related")]
    Related,

    /// <summary>This complaint was merged into the other (the master).</summary>
    [JsonStringEnumMemberName("merged-into")]
    MergedInto,

    /// <summary>The other complaint was merged into this one (this is its master).</summary>
    [JsonStringEnumMemberName("merged-from")]
    MergedFrom,
}

/// <summary>The two clocks of a complaint besides the 15-day rule: first response and resolution.</summary>
public enum ComplaintClock
{
    [JsonStringEnumMemberName("first-response")]
    FirstResponse,

    [JsonStringEnumMemberName("resolution")]
    Resolution,
}

// Codes are named by WireNames<TEnum> and read exactly as written (no trimming, case matters).
