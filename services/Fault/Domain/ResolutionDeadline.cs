namespace HallPlatform.Fault.Domain;

/// <summary>When a reported fault is expected to be repaired.</summary>
public static class ResolutionDeadline
{
    /// <summary>
    /// The market rule: mobile fault repair takes at most 48 h from report to restoration. No stricter or looser
    /// rule is known for the other fault types, so they get the same maximum.
    /// </summary>
    public static readonly TimeSpan MobileMaximum = TimeSpan.FromHours(48);

    public static TimeSpan For(TicketType ticketType) =>
        Enum.IsDefined(ticketType) ? MobileMaximum : throw new ArgumentOutOfRangeException(nameof(ticketType));

    public static DateTimeOffset From(DateTimeOffset reportedAt, TicketType ticketType) => reportedAt + For(ticketType);
}
