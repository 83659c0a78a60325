using HallPlatform.Application;

namespace HallPlatform.Notifications;

/// <summary><c>HallPlatform:Notifications</c>: how the dispatcher polls and retries.</summary>
public sealed class CommunicationOptions
{
    public const string SectionName = "HallPlatform:Notifications";

    /// <summary>false stops the background dispatcher (messages stay pending; tests drive it by hand).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>How often the dispatcher looks for due messages when it found none.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Messages claimed per round.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Attempts before a message is <c>failed</c>.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait after the first failed attempt; doubled after each further one, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a claimed message is held for its sender. A dispatcher that dies mid-send leaves it pending, and it is
    /// claimed again (as a new attempt) once the lease runs out.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait before attempt <paramref name="failedAttempts"/> + 1: exponential, capped.</summary>
    public TimeSpan BackoffAfter(int failedAttempts) => RetryBackoff.After(failedAttempts, InitialBackoff, MaxBackoff);
}
