namespace HallPlatform.Identity;

/// <summary>
/// The caller work outside a request is done for, so its audit entries and hall checks name who caused it: an
/// integration event's applier acts for the producing service. Set for the duration of a <c>using</c> block; it wins
/// over the request's caller (<see cref="HttpContextHallCallerAccessor"/> reads it first).
/// </summary>
public static class ActingCaller
{
    private static readonly AsyncLocal<HallCaller?> Acting = new();

    public static HallCaller? Current => Acting.Value;

    /// <summary>Acts as the named service until the returned scope is disposed (then the previous caller applies again).</summary>
    public static IDisposable AsService(string serviceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        var previous = Acting.Value;
        Acting.Value = new HallCaller(CallerKind.Service, serviceName, [], [HallCaller.AllHalls], [], null);
        return new Restore(previous);
    }

    private sealed class Restore(HallCaller? previous) : IDisposable
    {
        public void Dispose() => Acting.Value = previous;
    }
}
