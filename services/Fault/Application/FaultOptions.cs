using HallPlatform.Application;
using HallPlatform.Fault.Domain;

namespace HallPlatform.Fault.Application;

/// <summary>Fault's settings (section "Fault"): partner channels, SLA clocks and closure (docs/fault.md).</summary>
public sealed class FaultOptions
{
    public const string SectionName = "Fault";

    /// <summary>
    /// The channel each partner key reports for, by partner id (the gateway's <c>PartnerKeys:N:Id</c> -> its Channel).
    /// A partner key reports only under its own channel; a key missing here may not report at all.
    /// </summary>
    public Dictionary<string, string> PartnerChannels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The default SLA: repair target 24 h (warning once passed), maximum 48 h (breached once passed).</summary>
    public SlaRule DefaultSla { get; set; } = new();

    /// <summary>SLA rules for a severity and/or ticket type; the first that matches a new ticket applies, else <see cref="DefaultSla"/>.</summary>
    public List<SlaRule> SlaRules { get; set; } = [];

    /// <summary>How long a resolved ticket waits for the customer's confirmation before it is closed automatically.</summary>
    public TimeSpan ConfirmationPeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the background sweep closes unconfirmed tickets and refreshes the per-hall gauges.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The channel <paramref name="partnerId"/> reports for, or null when none (or an unknown one) is configured.</summary>
    public Channel? ChannelOfPartner(string partnerId) =>
        PartnerChannels.TryGetValue(partnerId, out var name) && WireNames<Channel>.TryParseLenient(name, out var channel) ? channel : null;

    /// <summary>The SLA for a new ticket of <paramref name="severity"/> and <paramref name="ticketType"/>.</summary>
    public SlaRule SlaFor(Severity severity, TicketType ticketType) =>
        SlaRules.FirstOrDefault(rule => rule.Matches(severity, ticketType)) ?? DefaultSla;
}

/// <summary>An SLA: warn once <see cref="Target"/> of running time has passed, breached once <see cref="Maximum"/> has.</summary>
public sealed class SlaRule
{
    /// <summary>Wire name of the severity this rule is for (null: any).</summary>
    public string? Severity { get; set; }

    /// <summary>Wire name of the ticket type (category) this rule is for (null: any).</summary>
    public string? TicketType { get; set; }

    public TimeSpan Target { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan Maximum { get; set; } = TimeSpan.FromHours(48);

    public bool Matches(Severity severity, TicketType ticketType) =>
        (Severity is null || string.Equals(Severity, severity.ToWire(), StringComparison.OrdinalIgnoreCase))
        && (TicketType is null || string.Equals(TicketType, ticketType.ToWire(), StringComparison.OrdinalIgnoreCase));
}
