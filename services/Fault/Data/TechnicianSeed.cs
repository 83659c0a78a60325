using HallPlatform.Fault.Application;
using HallPlatform.Fault.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HallPlatform.Fault.Data;

/// <summary>
/// The development technicians of hall-001 (docs/fault.md, "Dispatch and appointments"): written at start when absent,
/// never overwritten (supervisors edit them through the API afterwards). Switched off with
/// <c>Fault:Dispatch:SeedTechnicians=false</c>.
/// </summary>
public static class TechnicianSeed
{
    public const string HallId = "hall-001";
    public const string SeedActor = "seed";

    private static readonly string[] Weekdays9To18 =
    [
        "monday 09:00-13:00", "monday 14:00-18:00", "tuesday 09:00-13:00", "tuesday 14:00-18:00",
        "wednesday 09:00-13:00", "wednesday 14:00-18:00", "thursday 09:00-13:00", "thursday 14:00-18:00",
        "friday 09:00-13:00", "friday 14:00-18:00",
    ];

    /// <summary>(staff id, name, skills, areas, working hours): staff ids as in the development tokens.</summary>
    public static IReadOnlyList<(string StaffId, string Name, string[] Skills, string[] Areas, string[] Hours)> Technicians { get; } =
    [
        ("usr_zhao", "Zhao Lei", ["broadband", "fixed-line"], ["xh-01", "xh-02"], Weekdays9To18),
        ("usr_qian", "Qian Min", ["mobile", "broadband"], ["xh-02", "pd-01"], Weekdays9To18),
        ("usr_sun", "Sun Hao", ["broadband", "fixed-line", "other"], ["pd-01", "pd-02"],
            ["tuesday 10:00-14:00", "thursday 10:00-14:00", "saturday 09:00-13:00", "saturday 14:00-18:00"]),
    ];

    public static async Task SeedTechniciansAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        if (!scope.ServiceProvider.GetRequiredService<IOptions<DispatchOptions>>().Value.SeedTechnicians)
        {
            return;
        }
        var db = scope.ServiceProvider.GetRequiredService<FaultDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var ids = Technicians.Select(t => t.StaffId).ToList();
        var present = await db.Technicians.Where(t => ids.Contains(t.StaffId)).Select(t => t.StaffId).ToListAsync();
        foreach (var (staffId, name, skills, areas, hours) in Technicians.Where(t => !present.Contains(t.StaffId)))
        {
            db.Technicians.Add(new Technician(staffId, HallId, name, skills, areas, active: true, hours, [], now, SeedActor));
        }
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another instance seeded at the same time: its rows are the same.
        }
    }
}
