using HallPlatform.Reception.Domain;
using HallPlatform.Application;

namespace HallPlatform.Reception.Tests.Unit;

/// <summary>The Domain codes' names, written out: they are the REST contract and what Redis and PostgreSQL hold.</summary>
public sealed class WireNameTests
{
    public static TheoryData<PriorityClass, string> PriorityClasses => new()
    {
        { PriorityClass.Normal, "normal" },
        { PriorityClass.Green, "green" },
        { PriorityClass.Vip, "vip" },
        { PriorityClass.Appointment, "appointment" },
    };

    public static TheoryData<VisitChannel, string> Channels => new()
    {
        { VisitChannel.Store, "store" },
        { VisitChannel.Kiosk, "kiosk" },
        { VisitChannel.Web, "web" },
        { VisitChannel.Mobile, "mobile" },
    };

    public static TheoryData<VisitStatus, string> Statuses => new()
    {
        { VisitStatus.Waiting, "waiting" },
        { VisitStatus.Called, "called" },
        { VisitStatus.Serving, "serving" },
        { VisitStatus.Parked, "parked" },
        { VisitStatus.Completed, "completed" },
        { VisitStatus.NoShow, "noShow" },
        { VisitStatus.Cancelled, "cancelled" },
    };

    [Theory]
    [MemberData(nameof(PriorityClasses))]
    public void Priority_classes_have_their_names(PriorityClass priorityClass, string name)
    {
        Assert.Equal(name, priorityClass.ToWire());
        Assert.Equal(priorityClass, Domain.PriorityClasses.FromWire(name));
        Assert.Equal(priorityClass, WireNames<PriorityClass>.Parse(name));
    }

    [Theory]
    [MemberData(nameof(Channels))]
    public void Channels_have_their_names(VisitChannel channel, string name)
    {
        Assert.Equal(name, channel.ToWire());
        Assert.True(VisitChannels.TryParse(name, out var parsed));
        Assert.Equal(channel, parsed);
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Statuses_have_their_names(VisitStatus status, string name)
    {
        Assert.Equal(name, status.ToWire());
        Assert.Equal(status, VisitStatusMachine.FromWire(name));
    }

    [Fact]
    public void Every_member_is_in_a_table()
    {
        Assert.Equal(Enum.GetValues<PriorityClass>().Length, PriorityClasses.Count);
        Assert.Equal(Enum.GetValues<VisitChannel>().Length, Channels.Count);
        Assert.Equal(Enum.GetValues<VisitStatus>().Length, Statuses.Count);
    }

    [Fact]
    public void Empty_means_the_default_and_appointment_is_earned_not_asked_for()
    {
        Assert.True(Domain.PriorityClasses.TryParse("", allowAppointment: false, out var priorityClass));
        Assert.Equal(PriorityClass.Normal, priorityClass);
        Assert.False(Domain.PriorityClasses.TryParse("appointment", allowAppointment: false, out priorityClass));
        Assert.Equal(PriorityClass.Normal, priorityClass);
        Assert.True(VisitChannels.TryParse(null, out var channel));
        Assert.Equal(VisitChannel.Store, channel);
    }

    [Theory]
    [InlineData("Vip")]
    [InlineData(" vip")]
    [InlineData("2")]
    public void Unknown_or_misspelt_names_are_refused(string name)
    {
        Assert.False(Domain.PriorityClasses.TryParse(name, allowAppointment: true, out _));
        Assert.False(VisitChannels.TryParse(name, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => VisitStatusMachine.FromWire(name));
    }
}
