using System.Collections.Frozen;

namespace HallPlatform.Quality.Staff.Domain;

/// <summary>
/// A conduct case's lifecycle as an explicit table: recorded open; investigated; concluded with an outcome and a
/// sanction (an open case with nothing to investigate, such as a declined gift, may be concluded at once); a
/// concluded case is closed, or reopened for further investigation. Closed is final.
/// </summary>
public static class ConductLifecycle
{
    private static readonly FrozenDictionary<ConductStatus, ConductStatus[]> AllowedNext =
        new Dictionary<ConductStatus, ConductStatus[]>
        {
            [ConductStatus.Open] = [ConductStatus.Investigating, ConductStatus.Concluded],
            [ConductStatus.Investigating] = [ConductStatus.Concluded],
            [ConductStatus.Concluded] = [ConductStatus.Investigating, ConductStatus.Closed],
            [ConductStatus.Closed] = [],
        }.ToFrozenDictionary();

    public static bool CanMove(ConductStatus from, ConductStatus to) => AllowedNext[from].Contains(to);

    public static IReadOnlyList<ConductStatus> NextStatuses(ConductStatus from) => AllowedNext[from];
}
