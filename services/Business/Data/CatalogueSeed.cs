using HallPlatform.Application;
using HallPlatform.Business.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HallPlatform.Business.Data;

/// <summary>
/// The catalogue a new installation starts with (version 1 of each business type). Idempotent: a type that already
/// has any version is left alone, so an administrator's later versions are never overwritten, and two instances
/// starting together cannot both insert (the primary key (code, version) refuses the second).
/// </summary>
public static class CatalogueSeed
{
    public const string SeededBy = "seed";

    private static readonly CustomerKind[] Representatives = [CustomerKind.Agent, CustomerKind.Company];

    private static readonly RequiredDocument IdCard = new("id-card-original", "Holder's resident ID card (original)", [CustomerKind.Individual, CustomerKind.Agent]);
    private static readonly RequiredDocument AgentIdCard = new("agent-id-card", "Agent's resident ID card (original)", Representatives);
    private static readonly RequiredDocument AuthorisationLetter = new("authorisation-letter", "Signed authorisation letter", Representatives);
    private static readonly RequiredDocument BusinessLicence = new("business-licence", "Business licence (copy stamped with the company seal)", [CustomerKind.Company]);

    private static readonly RequiredDocument[] Standard = [IdCard, AgentIdCard, AuthorisationLetter, BusinessLicence];

    /// <summary>Telecom basic services are taxed at 9 %, value-added services at 6 %, goods (SIM cards, modems) at 13 %.</summary>
    public static readonly IReadOnlyDictionary<string, BusinessTypeDefinition> Types = new Dictionary<string, BusinessTypeDefinition>(StringComparer.Ordinal)
    {
        ["new-line"] = new("New mobile line with SIM", Standard,
            [
                new("sim-card", "SIM card", FeeKind.OneOff, 2_500, 1_300),
                new("plan-58", "Plan 58 (first month)", FeeKind.Monthly, 5_800, 900),
                new("number-selection", "Selected number fee", FeeKind.OneOff, 10_000, 600),
            ],
            PartialPaymentAllowed: false, SelfServiceAllowed: false, ExpectedHandlingMinutes: 20),
        ["sim-replacement"] = new("SIM card replacement", Standard,
            [new("sim-card-replacement", "Replacement SIM card", FeeKind.OneOff, 1_000, 1_300)],
            PartialPaymentAllowed: false, SelfServiceAllowed: true, ExpectedHandlingMinutes: 10),
        ["plan-change"] = new("Plan change", Standard, [],
            PartialPaymentAllowed: false, SelfServiceAllowed: true, ExpectedHandlingMinutes: 8),
        ["broadband-installation"] = new("Broadband installation", Standard,
            [
                new("installation", "Installation fee", FeeKind.OneOff, 10_000, 900),
                new("modem", "Optical modem", FeeKind.OneOff, 30_000, 1_300),
                new("broadband-monthly", "Broadband 300M (first month)", FeeKind.Monthly, 9_900, 900),
            ],
            PartialPaymentAllowed: true, SelfServiceAllowed: false, ExpectedHandlingMinutes: 30),
        ["number-portability"] = new("Number portability (port in)", Standard,
            [new("port-in-sim", "SIM card for the ported number", FeeKind.OneOff, 2_500, 1_300)],
            PartialPaymentAllowed: false, SelfServiceAllowed: false, ExpectedHandlingMinutes: 15),
        ["suspension"] = new("Line suspension", [IdCard, AgentIdCard, AuthorisationLetter, BusinessLicence], [],
            PartialPaymentAllowed: false, SelfServiceAllowed: true, ExpectedHandlingMinutes: 5),
        ["restore"] = new("Line restore after suspension", Standard,
            [new("restore-fee", "Restore fee", FeeKind.OneOff, 500, 600)],
            PartialPaymentAllowed: false, SelfServiceAllowed: true, ExpectedHandlingMinutes: 5),
        ["account-closure"] = new("Account closure", Standard, [],
            PartialPaymentAllowed: false, SelfServiceAllowed: false, ExpectedHandlingMinutes: 15),
    };

    public static async Task SeedAsync(IServiceProvider services, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(time);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BusinessDbContext>();
        var existing = await db.BusinessTypes.Select(t => t.Code).Distinct().ToListAsync(cancellationToken);
        foreach (var (code, definition) in Types.Where(t => !existing.Contains(t.Key)))
        {
            db.BusinessTypes.Add(new BusinessTypeVersion(code, 1, definition, SeededBy, time.GetStoredUtcNow()));
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another instance seeded at the same moment: its rows stand.
        }
    }
}
