using HallPlatform.Complaint.Domain;

namespace HallPlatform.Complaint.Application;

/// <summary>
/// Complaint's settings (section <c>Complaint</c>): clock targets per category, the warning lead time, the
/// customer's confirmation period, the sweep interval and the repeat-complainant window (docs/complaints.md).
/// </summary>
public sealed class ComplaintOptions
{
    public const string Section = "Complaint";

    /// <summary>Hours before a due time at which the warning is raised.</summary>
    public int WarningBeforeHours { get; set; } = 24;

    /// <summary>Days the customer has to answer a response before the complaint closes as unconfirmed.</summary>
    public int ConfirmationPeriodDays { get; set; } = 7;

    public int SweepIntervalSeconds { get; set; } = 60;

    /// <summary>Whether the background sweeper runs (tests run sweeps by hand).</summary>
    public bool SweepEnabled { get; set; } = true;

    /// <summary>The window of the repeat-complainant count on a complaint's view and in the summary.</summary>
    public int RepeatWindowDays { get; set; } = 90;

    /// <summary>Default targets for a category without its own entry.</summary>
    public CategoryTarget DefaultTarget { get; set; } = new() { FirstResponseHours = 72, ResolutionDays = 15 };

    /// <summary>Per category wire name (billing, network, ...).</summary>
    public Dictionary<string, CategoryTarget> Targets { get; set; } = new(StringComparer.Ordinal)
    {
        ["billing"] = new() { FirstResponseHours = 48, ResolutionDays = 10 },
        ["network"] = new() { FirstResponseHours = 24, ResolutionDays = 7 },
        ["staff-conduct"] = new() { FirstResponseHours = 24, ResolutionDays = 10 },
    };

    public TimeSpan WarningBefore => TimeSpan.FromHours(Math.Max(0, WarningBeforeHours));

    public TimeSpan ConfirmationPeriod => TimeSpan.FromDays(Math.Max(1, ConfirmationPeriodDays));

    public ClockTargets TargetsFor(ComplaintCategory category)
    {
        var target = Targets.GetValueOrDefault(HallPlatform.Application.WireNames<ComplaintCategory>.ToWire(category)) ?? DefaultTarget;
        return new ClockTargets(TimeSpan.FromHours(Math.Max(1, target.FirstResponseHours)), TimeSpan.FromDays(Math.Max(1, target.ResolutionDays)));
    }
}

public sealed class CategoryTarget
{
    public int FirstResponseHours { get; set; }

    public int ResolutionDays { get; set; }
}
