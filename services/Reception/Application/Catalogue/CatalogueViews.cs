using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Application.Catalogue;

/// <summary>A service type as the catalogue lists it, with every counter that serves it (open or not).</summary>
public sealed record ServiceTypeView(string Code, string Name, string Prefix, bool SelfService, int AverageServiceSeconds, int ServiceLevelSeconds,
    IReadOnlyList<string> CounterIds, CaseOwner CaseOwner);

public sealed record CounterView(string CounterId, string Name, IReadOnlyList<string> ServiceTypes, bool IsOpen, string? StaffId);
