using HallPlatform.Complaint.Domain;
using HallPlatform.Application;
using Xunit;

namespace HallPlatform.Complaint.Tests;

/// <summary>The codes' names, written out: they are the REST, gRPC and database contract.</summary>
public sealed class WireNameTests
{
    public static TheoryData<ComplaintStatus, string> Statuses => new()
    {
        { ComplaintStatus.Received, "received" },
        { ComplaintStatus.Acknowledged, "acknowledged" },
        { ComplaintStatus.Assessed, "assessed" },
        { ComplaintStatus.Assigned, "assigned" },
        { ComplaintStatus.Investigating, "investigating" },
        { ComplaintStatus.Responded, "responded" },
        { ComplaintStatus.Escalated, "escalated" },
        { ComplaintStatus.Reopened, "reopened" },
        { ComplaintStatus.Closed, "closed" },
        { ComplaintStatus.Withdrawn, "withdrawn" },
    };

    public static TheoryData<ComplaintChannel, string> Channels => new()
    {
        { ComplaintChannel.Hall, "hall" },
        { ComplaintChannel.Phone, "phone" },
        { ComplaintChannel.Online, "online" },
    };

    public static TheoryData<ComplaintCategory, string> Categories => new()
    {
        { ComplaintCategory.Billing, "billing" },
        { ComplaintCategory.Network, "network" },
        { ComplaintCategory.Service, "service" },
        { ComplaintCategory.StaffConduct, "staff-conduct" },
        { ComplaintCategory.Product, "product" },
        { ComplaintCategory.Other, "other" },
    };

    public static TheoryData<string, string> OtherCodes => new()
    {
        { ComplaintOutcome.Satisfied.ToWire(), "satisfied" },
        { ComplaintOutcome.Unconfirmed.ToWire(), "unconfirmed" },
        { ComplaintOutcome.Merged.ToWire(), "merged" },
        { ComplaintSeverity.Low.ToWire(), "low" },
        { ComplaintSeverity.Medium.ToWire(), "medium" },
        { ComplaintSeverity.High.ToWire(), "high" },
        { ComplaintSeverity.Critical.ToWire(), "critical" },
        { NotSatisfiedAction.Reopen.ToWire(), "reopen" },
        { NotSatisfiedAction.Escalate.ToWire(), "escalate" },
        { ComplaintLinkKind.Related.ToWire(), "related" },
        { ComplaintLinkKind.MergedInto.ToWire(), "merged-into" },
        { ComplaintLinkKind.MergedFrom.ToWire(), "merged-from" },
        { ComplaintClock.FirstResponse.ToWire(), "first-response" },
        { ComplaintClock.Resolution.ToWire(), "resolution" },
    };

    [Theory]
    [MemberData(nameof(OtherCodes))]
    public void Other_codes_have_their_names(string actual, string expected) => Assert.Equal(expected, actual);

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Statuses_have_their_names(ComplaintStatus status, string name)
    {
        Assert.Equal(name, status.ToWire());
        Assert.True(WireNames<ComplaintStatus>.TryParse(name, out var parsed));
        Assert.Equal(status, parsed);
    }

    [Theory]
    [MemberData(nameof(Channels))]
    public void Channels_have_their_names(ComplaintChannel channel, string name)
    {
        Assert.Equal(name, channel.ToWire());
        Assert.True(WireNames<ComplaintChannel>.TryParse(name, out var parsed));
        Assert.Equal(channel, parsed);
    }

    [Theory]
    [MemberData(nameof(Categories))]
    public void Categories_have_their_names(ComplaintCategory category, string name)
    {
        Assert.Equal(name, category.ToWire());
        Assert.True(WireNames<ComplaintCategory>.TryParse(name, out var parsed));
        Assert.Equal(category, parsed);
    }

    [Fact]
    public void Every_member_is_in_a_table()
    {
        Assert.Equal(Enum.GetValues<ComplaintStatus>().Length, Statuses.Count);
        Assert.Equal(Enum.GetValues<ComplaintChannel>().Length, Channels.Count);
        Assert.Equal(Enum.GetValues<ComplaintCategory>().Length, Categories.Count);
    }

    [Theory]
    [InlineData("Received")]
    [InlineData(" received")]
    [InlineData("RECEIVED")]
    [InlineData("0")]
    [InlineData("")]
    [InlineData(null)]
    public void Complaint_codes_are_read_exactly_as_written(string? name)
    {
        Assert.False(WireNames<ComplaintStatus>.TryParse(name, out _));
        Assert.False(WireNames<ComplaintStatus>.TryParse(name, out _));
    }
}
