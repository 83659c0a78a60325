using System.Text.Json.Serialization;
using HallPlatform.Application;

namespace HallPlatform.Reception.Domain;

/// <summary>Segment of a ticket. Everything but normal waits in the service type's priority queue.</summary>
public enum PriorityClass
{
    [JsonStringEnumMemberName("normal")]
    Normal,

    /// <summary>Green channel: elderly, disabled.</summary>
    [JsonStringEnumMemberName("green")]
    Green,

    [JsonStringEnumMemberName("vip")]
    Vip,

    /// <summary>Checked in for an appointment inside its window.</summary>
    [JsonStringEnumMemberName("appointment")]
    Appointment,
}

public static class PriorityClasses
{
    public static bool IsPriority(this PriorityClass priorityClass) => priorityClass != PriorityClass.Normal;

    public static PriorityClass FromWire(string value) =>
        TryParse(value, allowAppointment: true, out var parsed) ? parsed : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown priority class.");

    /// <summary>Empty means normal. "appointment" is earned by checking in with an appointment, never asked for.</summary>
    public static bool TryParse(string? value, bool allowAppointment, out PriorityClass priorityClass)
    {
        if (string.IsNullOrEmpty(value))
        {
            priorityClass = PriorityClass.Normal;
            return true;
        }
        if (WireNames<PriorityClass>.TryParse(value, out priorityClass) && (allowAppointment || priorityClass != PriorityClass.Appointment))
        {
            return true;
        }
        priorityClass = PriorityClass.Normal;
        return false;
    }
}
