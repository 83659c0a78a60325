using HallPlatform.Identity;

namespace HallPlatform.Reception.Application.Catalogue;

/// <summary>
/// Which halls the verified caller may see, and whether it may see a customer's personal data in clear. A record of
/// a hall the caller may not see answers like an unknown id (404), so ids do not reveal what exists elsewhere.
/// </summary>
public sealed class HallAccess(IHallCallerAccessor callers)
{
    /// <summary>
    /// The role whose work needs the customer's name, phone and ID number (identifying the person at the desk);
    /// supervisors and administrators too, by the shared rule.
    /// </summary>
    public static readonly IReadOnlyList<string> PersonalDataRoles = [HallRoles.Receptionist];

    public HallCaller Caller => callers.Current;

    /// <summary>Staff work on a hall's records (counter and visit actions, history, appointments, KPIs, day close): staff of that hall and services.</summary>
    public bool MayWorkIn(string hallId) => callers.Current.CanSeeHall(hallId);

    /// <summary>
    /// Reads open to anonymous callers (a customer polling the visit by its id): anonymous callers pass; staff and
    /// partners only for their halls.
    /// </summary>
    public bool MayRead(string hallId)
    {
        var caller = callers.Current;
        return caller.Kind == CallerKind.Anonymous || caller.CanSeeHall(hallId);
    }

    /// <summary>Staff of the hall in a role that needs the customer's identity; everybody else sees it masked.</summary>
    public bool MaySeePersonalData(string hallId) => callers.Current.MaySeePersonalData(hallId, PersonalDataRoles);
}
