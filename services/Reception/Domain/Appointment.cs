namespace HallPlatform.Reception.Domain;

/// <summary>A booked visit (TMF646 appointment): gives priority when the customer checks in within its window.</summary>
public sealed class Appointment
{
    public const string IdPrefix = "apt_";

    public required string Id { get; init; }
    public required string HallId { get; init; }
    public required string ServiceType { get; init; }
    public required string CustomerName { get; init; }
    public required string CustomerPhone { get; init; }
    /// <summary>Keyed hash of the phone (the blind index); the phone itself is stored encrypted.</summary>
    public string? CustomerPhoneRef { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The visit that used it; an appointment is used once (a unique index on visits backs this).</summary>
    public string? UsedByVisitId { get; set; }

    public static string NewId() => IdPrefix + Guid.CreateVersion7().ToString("N");

    public string Status => UsedByVisitId is null ? "booked" : "used";
}

public enum AppointmentArrival
{
    TooEarly,
    InWindow,
    /// <summary>After the window: checks in like a walk-in.</summary>
    Late,
}

public static class AppointmentWindow
{
    /// <summary>Inside [startsAt - early, startsAt + late] the ticket is an appointment (priority); later it is normal.</summary>
    public static AppointmentArrival Classify(DateTimeOffset startsAt, DateTimeOffset arrivedAt, TimeSpan early, TimeSpan late) =>
        arrivedAt < startsAt - early ? AppointmentArrival.TooEarly
        : arrivedAt <= startsAt + late ? AppointmentArrival.InWindow
        : AppointmentArrival.Late;
}
