namespace HallPlatform.Reception.Domain;

/// <summary>A kind of service a hall offers; each has its own queue and number series (prefix letter).</summary>
public sealed class ServiceType
{
    public required string HallId { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Prefix { get; init; }
    public int AverageServiceSeconds { get; init; }
    /// <summary>Can be done at a self-service kiosk instead of a counter.</summary>
    public bool SelfService { get; init; }
}

/// <summary>A staffed counter and the service types it serves (its work profile).</summary>
public sealed class Counter
{
    public required string Id { get; init; }
    public required string HallId { get; init; }
    public required string Name { get; init; }
    public required List<string> ServiceTypes { get; init; }
    public bool IsOpen { get; set; }

    public bool Serves(string serviceType) => ServiceTypes.Contains(serviceType, StringComparer.Ordinal);
}
