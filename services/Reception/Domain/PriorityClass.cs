namespace HallPlatform.Reception.Domain;

/// <summary>Segment of a ticket. Everything but normal waits in the service type's priority queue.</summary>
public enum PriorityClass
{
    Normal,
    /// <summary>Green channel: elderly, disabled.</summary>
    Green,
    Vip,
    /// <summary>Checked in for an appointment inside its window.</summary>
    Appointment,
}

public static class PriorityClasses
{
    public static bool IsPriority(this PriorityClass priorityClass) => priorityClass != PriorityClass.Normal;

    public static string ToWire(this PriorityClass priorityClass) => priorityClass switch
    {
        PriorityClass.Normal => "normal",
        PriorityClass.Green => "green",
        PriorityClass.Vip => "vip",
        PriorityClass.Appointment => "appointment",
        _ => throw new ArgumentOutOfRangeException(nameof(priorityClass), priorityClass, null),
    };

    public static PriorityClass FromWire(string value) =>
        TryParse(value, allowAppointment: true, out var parsed) ? parsed : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown priority class.");

    /// <summary>Empty means normal. "appointment" is earned by checking in with an appointment, never asked for.</summary>
    public static bool TryParse(string? value, bool allowAppointment, out PriorityClass priorityClass)
    {
        priorityClass = PriorityClass.Normal;
        switch (value)
        {
            case null or "" or "normal":
                return true;
            case "green":
                priorityClass = PriorityClass.Green;
                return true;
            case "vip":
                priorityClass = PriorityClass.Vip;
                return true;
            case "appointment" when allowAppointment:
                priorityClass = PriorityClass.Appointment;
                return true;
            default:
                return false;
        }
    }
}
