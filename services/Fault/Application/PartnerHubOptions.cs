using HallPlatform.Application;

namespace HallPlatform.Fault.Application;

/// <summary><c>Fault:PartnerHub</c>: callback rules and how the delivery dispatcher polls and retries.</summary>
public sealed class PartnerHubOptions
{
    public const string SectionName = "Fault:PartnerHub";

    /// <summary>
    /// Whether a callback may point at a loopback or link-local address (127.0.0.0/8, ::1, "localhost", 169.254/16,
    /// fe80::/10). false in production: a partner must not make Fault call into its own host. true only in tests and
    /// Development, whose receivers listen on 127.0.0.1.
    /// </summary>
    public bool AllowLoopbackCallbacks { get; set; }

    /// <summary>false stops the background dispatcher (deliveries stay pending; tests drive it by hand).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>How often the dispatcher reads the outbox and looks for due deliveries when it found none.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Outbox events read, and deliveries claimed, per round.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Attempts before a delivery is <c>failed</c> (kept, visible, counted).</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>Wait after the first failed attempt; doubled after each further one, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a claimed delivery is held: a dispatcher that dies mid-POST leaves it to be claimed again then.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The whole POST to a callback, connect to last byte.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Active subscriptions one partner may hold.</summary>
    public int MaxSubscriptionsPerPartner { get; set; } = 10;

    public TimeSpan BackoffAfter(int failedAttempts) => RetryBackoff.After(failedAttempts, InitialBackoff, MaxBackoff);
}
