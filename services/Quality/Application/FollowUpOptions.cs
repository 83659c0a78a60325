using HallPlatform.Application;
using HallPlatform.Quality.Domain;

namespace HallPlatform.Quality.Application;

/// <summary>Follow-up planning (section <c>Quality:FollowUps</c>): per case kind, and the customer throttle.</summary>
public sealed class FollowUpOptions
{
    public const string SectionName = "Quality:FollowUps";

    /// <summary>Per case kind's wire name (visit, order, trouble-ticket, complaint); a kind not listed gets the defaults.</summary>
    public Dictionary<string, FollowUpKindOptions> Kinds { get; init; } = new(StringComparer.Ordinal);

    /// <summary>At most one follow-up per customer (phone) within this many days.</summary>
    public int ThrottleDays { get; set; } = 30;

    /// <summary>How often the dispatcher looks for due follow-ups.</summary>
    public double PollSeconds { get; set; } = 5;

    /// <summary>Due follow-ups handled per look.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Retry of a contact fetch whose owner is down: first wait, doubled per failure up to the max (RetryBackoff).</summary>
    public double FirstRetrySeconds { get; set; } = 5;

    public double MaxRetrySeconds { get; set; } = 600;

    /// <summary>Calls a callback gets before a customer not reached is given up (unreachable).</summary>
    public int CallbackMaxAttempts { get; set; } = 3;

    /// <summary>Wait after a call that did not reach the customer before the callback is listed again.</summary>
    public double CallbackRetryMinutes { get; set; } = 120;

    /// <summary>How long a survey invitation's link works.</summary>
    public double InvitationValidDays { get; set; } = 7;

    /// <summary>The public address the link starts with; the token is appended (the gateway's anonymous survey route).</summary>
    public string InvitationLinkBase { get; set; } = "http://localhost:8080/survey/";

    public FollowUpKindOptions For(CaseType kind) =>
        Kinds.TryGetValue(kind.ToWire(), out var options) ? options : new FollowUpKindOptions();
}

public sealed class FollowUpKindOptions
{
    /// <summary>Time from the case's completion to the follow-up.</summary>
    public double DelayHours { get; set; } = 24;

    /// <summary>Share of cases followed up, 0..100 (deterministic per case id: <see cref="FollowUpSampling"/>).</summary>
    public int SamplePercent { get; set; } = 100;

    /// <summary>Callback (an analyst calls) or invitation (an SMS with a survey link): the wire name.</summary>
    public string Method { get; set; } = "callback";

    public FollowUpMethod ParsedMethod =>
        WireNames<FollowUpMethod>.TryParse(Method, out var method) ? method : FollowUpMethod.Callback;
}
