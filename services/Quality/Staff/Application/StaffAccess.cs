using HallPlatform.Identity;

namespace HallPlatform.Quality.Staff.Application;

/// <summary>
/// Who may do what in the staff module, checked again in the service behind the gateway's policies
/// (docs/staff.md): supervisors and administrators manage, of their own halls only; any staff member reads the
/// register entries of the halls they share; services read every entry.
/// </summary>
public static class StaffAccess
{
    /// <summary>Supervisors and administrators: keep the register, the conduct cases, training and triage.</summary>
    public static bool IsManager(HallCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Kind == CallerKind.Staff && (caller.IsInRole(HallRoles.Supervisor) || caller.IsInRole(HallRoles.Administrator));
    }

    /// <summary>A manager who may act on records of <paramref name="hallId"/>.</summary>
    public static bool ManagesHall(HallCaller caller, string hallId) => IsManager(caller) && caller.CanSeeHall(hallId);

    /// <summary>Whether a register entry working in <paramref name="hallIds"/> is visible to the caller.</summary>
    public static bool SeesStaffOf(HallCaller caller, IEnumerable<string> hallIds)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Kind switch
        {
            CallerKind.Service => true,
            CallerKind.Staff => hallIds.Any(caller.CanSeeHall),
            _ => false,
        };
    }

    /// <summary>Staff and services may read the register; partners and anonymous callers may not.</summary>
    public static bool MayReadRegister(HallCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Kind is CallerKind.Staff or CallerKind.Service;
    }
}
