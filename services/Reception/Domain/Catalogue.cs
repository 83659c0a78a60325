namespace HallPlatform.Reception.Domain;

/// <summary>A service hall. Created explicitly by an administrator: a catalogue entry cannot invent one.</summary>
public sealed class Hall
{
    public required string Id { get; init; }
    public required string Name { get; set; }
}

/// <summary>A kind of service a hall offers; each has its own queue and number series (prefix letter).</summary>
public sealed class ServiceType
{
    public required string HallId { get; init; }
    public required string Code { get; init; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public int AverageServiceSeconds { get; set; }
    /// <summary>Can be done at a self-service kiosk instead of a counter.</summary>
    public bool SelfService { get; set; }
    /// <summary>The waiting-time target of the KPI "% above service level".</summary>
    public int ServiceLevelSeconds { get; set; } = DefaultServiceLevelSeconds;
    /// <summary>The service that opens the case of a called visit of this type.</summary>
    public CaseOwner CaseOwner { get; set; } = CaseOwner.Business;

    public const int DefaultServiceLevelSeconds = 900;
}

/// <summary>A staffed counter and the service types it serves (its work profile).</summary>
public sealed class Counter
{
    public required string Id { get; init; }
    public required string HallId { get; init; }
    public required string Name { get; set; }
    public required List<string> ServiceTypes { get; set; }
    public bool IsOpen { get; set; }
    /// <summary>Who opened the counter: actions there are attributed to them (until authentication arrives).</summary>
    public string? StaffId { get; set; }

    public bool Serves(string serviceType) => ServiceTypes.Contains(serviceType, StringComparer.Ordinal);
}
