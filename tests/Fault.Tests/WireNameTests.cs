using HallPlatform.Fault.Domain;
using HallPlatform.Application;

namespace HallPlatform.Fault.Tests;

/// <summary>The codes' names, written out: they are the REST, gRPC and database contract.</summary>
public sealed class WireNameTests
{
    public static TheoryData<Channel, string> Channels => new()
    {
        { Channel.Hall, "hall" },
        { Channel.Phone, "phone" },
        { Channel.Online, "online" },
    };

    public static TheoryData<Severity, string> Severities => new()
    {
        { Severity.Critical, "critical" },
        { Severity.Major, "major" },
        { Severity.Minor, "minor" },
    };

    public static TheoryData<TicketType, string> TicketTypes => new()
    {
        { TicketType.Mobile, "mobile" },
        { TicketType.Broadband, "broadband" },
        { TicketType.FixedLine, "fixed-line" },
        { TicketType.Other, "other" },
    };

    public static TheoryData<TicketStatus, string> Statuses => new()
    {
        { TicketStatus.Submitted, "submitted" },
        { TicketStatus.Acknowledged, "acknowledged" },
        { TicketStatus.Rejected, "rejected" },
        { TicketStatus.Pending, "pending" },
        { TicketStatus.Held, "held" },
        { TicketStatus.InProgress, "inProgress" },
        { TicketStatus.Cancelled, "cancelled" },
        { TicketStatus.Resolved, "resolved" },
        { TicketStatus.Closed, "closed" },
    };

    [Theory]
    [MemberData(nameof(Channels))]
    public void Channels_have_their_names(Channel channel, string name) => AssertRoundTrip(channel, name, channel.ToWire());

    [Theory]
    [MemberData(nameof(Severities))]
    public void Severities_have_their_names(Severity severity, string name) => AssertRoundTrip(severity, name, severity.ToWire());

    [Theory]
    [MemberData(nameof(TicketTypes))]
    public void Ticket_types_have_their_names(TicketType ticketType, string name) => AssertRoundTrip(ticketType, name, ticketType.ToWire());

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Statuses_have_their_tmf621_names(TicketStatus status, string name) => AssertRoundTrip(status, name, status.ToWire());

    [Fact]
    public void Every_member_is_in_a_table()
    {
        Assert.Equal(Enum.GetValues<Channel>().Length, Channels.Count);
        Assert.Equal(Enum.GetValues<Severity>().Length, Severities.Count);
        Assert.Equal(Enum.GetValues<TicketType>().Length, TicketTypes.Count);
        Assert.Equal(Enum.GetValues<TicketStatus>().Length, Statuses.Count);
    }

    [Fact]
    public void Callers_may_name_every_status_but_submitted() =>
        Assert.Equal(["acknowledged", "rejected", "pending", "held", "inProgress", "cancelled", "resolved", "closed"], TicketStatusNames.Public);

    [Theory]
    [InlineData("FixedLine")]
    [InlineData("fixed_line")]
    [InlineData("2")]
    [InlineData(" ")]
    [InlineData(null)]
    public void Unknown_names_are_refused(string? name) => Assert.False(WireNames<TicketType>.TryParseLenient(name, out _));

    private static void AssertRoundTrip<TEnum>(TEnum value, string name, string written) where TEnum : struct, Enum
    {
        Assert.Equal(name, written);
        Assert.Equal(value, WireNames<TEnum>.Parse(name));
        // Fault reads codes leniently: trimmed and in any case.
        Assert.True(WireNames<TEnum>.TryParseLenient($" {name.ToUpperInvariant()} ", out var parsed));
        Assert.Equal(value, parsed);
    }
}
