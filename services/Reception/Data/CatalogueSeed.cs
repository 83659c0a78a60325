using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Data;

/// <summary>The first hall and its catalogue, written by the migrations (EF HasData).</summary>
public static class CatalogueSeed
{
    public const string HallId = "hall-001";

    public static readonly Hall[] Halls = [new() { Id = HallId, Name = "Hall 1" }];

    public static readonly ServiceType[] ServiceTypes =
    [
        new() { HallId = HallId, Code = "new-line", Prefix = "A", Name = "New line / SIM card", AverageServiceSeconds = 420 },
        new() { HallId = HallId, Code = "plan-change", Prefix = "B", Name = "Plan or package change", AverageServiceSeconds = 300 },
        new() { HallId = HallId, Code = "billing", Prefix = "C", Name = "Bills and payments", AverageServiceSeconds = 180, SelfService = true },
        new() { HallId = HallId, Code = "fault-report", Prefix = "D", Name = "Fault report", AverageServiceSeconds = 360, CaseOwner = CaseOwner.Fault },
        new() { HallId = HallId, Code = "complaint", Prefix = "F", Name = "Complaint", AverageServiceSeconds = 480, CaseOwner = CaseOwner.Complaint },
    ];

    public static readonly Counter[] Counters =
    [
        new() { Id = "c01", HallId = HallId, Name = "Counter 1", ServiceTypes = ["new-line", "plan-change"], IsOpen = true },
        new() { Id = "c02", HallId = HallId, Name = "Counter 2", ServiceTypes = ["new-line", "billing"], IsOpen = true },
        new() { Id = "c03", HallId = HallId, Name = "Counter 3", ServiceTypes = ["billing", "fault-report", "complaint"], IsOpen = true },
        new() { Id = "c04", HallId = HallId, Name = "Counter 4", ServiceTypes = ["fault-report", "plan-change"], IsOpen = true },
        new() { Id = "c05", HallId = HallId, Name = "Counter 5", ServiceTypes = ["new-line", "plan-change", "billing", "fault-report", "complaint"], IsOpen = true },
    ];
}
