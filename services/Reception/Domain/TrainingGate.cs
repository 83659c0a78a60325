using System.Text.Json.Serialization;

namespace HallPlatform.Reception.Domain;

/// <summary>What call-next does with a ticket of a service type that requires training, for an agent not trained for it.</summary>
public enum TrainingMode
{
    /// <summary>The ticket is not given to the agent: it stays queued for a trained counter.</summary>
    [JsonStringEnumMemberName("block")]
    Block,

    /// <summary>The ticket is given, with a warning in the answer, the audit trail and the log.</summary>
    [JsonStringEnumMemberName("warn")]
    Warn,
}

/// <summary>
/// Quality's requirement for one service type (from <c>quality.staff.qualificationsChanged</c>): serving it needs
/// current training. A service type without one is open to everyone.
/// </summary>
public sealed class TrainingRequirement
{
    public required string ServiceType { get; init; }
    public TrainingMode Mode { get; set; }
}

/// <summary>
/// How far the requirements are known: the producer position of the event they were last taken from. Every
/// qualifications event carries the whole current set; an event at or before this position changes nothing.
/// </summary>
public sealed class TrainingRequirementSource
{
    public required string Producer { get; init; }
    public long Position { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One staff member's qualifications as Quality last reported them (the read model of call-next's rule).</summary>
public sealed class StaffQualification
{
    public const int MaxStaffIdLength = 64;
    public const int MaxServiceTypeLength = 40;

    public required string StaffId { get; init; }
    /// <summary>The producer position of the event this state came from: an older or replayed event changes nothing.</summary>
    public long SourcePosition { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<QualifiedServiceType> ServiceTypes { get; set; } = [];
}

/// <summary>A service type the staff member may serve until <see cref="ValidUntil"/> (null = no expiry).</summary>
public sealed class QualifiedServiceType
{
    public required string StaffId { get; init; }
    public required string ServiceType { get; init; }
    public DateTimeOffset? ValidUntil { get; set; }
}

/// <summary>The training rule of one call: the served types the agent may be given, and which of them need a warning.</summary>
public sealed record TrainingCheck(IReadOnlyList<string> Allowed, IReadOnlyList<string> Blocked, IReadOnlyList<string> Warned)
{
    public bool IsWarned(string serviceType) => Warned.Contains(serviceType, StringComparer.Ordinal);

    public bool IsBlocked(string serviceType) => Blocked.Contains(serviceType, StringComparer.Ordinal);
}

/// <summary>
/// "Trained before serving" (issue 15): for each service type a counter serves, whether its agent may be given a
/// ticket of it now. A type without a requirement is allowed. With one, the agent is qualified while Quality lists
/// the type for them and its <c>validUntil</c> is absent or not before now; otherwise <c>block</c> removes the type
/// from the call and <c>warn</c> keeps it with a warning. The queue (the call-next Lua script) still picks among the
/// allowed types: this only decides which types it is given.
/// </summary>
public static class TrainingGate
{
    public const string WarningCode = "training-required";

    public static TrainingCheck Check(
        IReadOnlyList<string> servedTypes,
        IReadOnlyDictionary<string, TrainingMode> requirements,
        IReadOnlyDictionary<string, DateTimeOffset?> qualifiedUntil,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(servedTypes);
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(qualifiedUntil);
        var allowed = new List<string>(servedTypes.Count);
        var blocked = new List<string>();
        var warned = new List<string>();
        foreach (var type in servedTypes)
        {
            if (!requirements.TryGetValue(type, out var mode) || IsQualified(qualifiedUntil, type, now))
            {
                allowed.Add(type);
            }
            else if (mode == TrainingMode.Block)
            {
                blocked.Add(type);
            }
            else
            {
                allowed.Add(type);
                warned.Add(type);
            }
        }
        return new TrainingCheck(allowed, blocked, warned);
    }

    public static bool IsQualified(IReadOnlyDictionary<string, DateTimeOffset?> qualifiedUntil, string serviceType, DateTimeOffset now) =>
        qualifiedUntil.TryGetValue(serviceType, out var validUntil) && (validUntil is null || validUntil.Value >= now);
}
