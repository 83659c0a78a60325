namespace HallPlatform.Identity;

/// <summary>What kind of party a request comes from, as the gateway verified it.</summary>
public enum CallerKind
{
    /// <summary>No credential: only the routes deliberately open to everyone (kiosk check-in, board, survey link...).</summary>
    Anonymous,
    /// <summary>A staff member or a front-end application acting for one (JWT bearer with roles and halls).</summary>
    Staff,
    /// <summary>A partner channel (call centre, online service) with an API key and its scopes.</summary>
    Partner,
    /// <summary>Another HallPlatform service calling on its own behalf.</summary>
    Service,
}

/// <summary>The staff roles a JWT may carry (claim "role").</summary>
public static class HallRoles
{
    public const string Receptionist = "receptionist";
    public const string CounterAgent = "counter-agent";
    public const string Technician = "technician";
    public const string ComplaintHandler = "complaint-handler";
    public const string QualityAnalyst = "quality-analyst";
    public const string Supervisor = "supervisor";
    public const string Administrator = "administrator";

    public static readonly IReadOnlyList<string> All =
        [Receptionist, CounterAgent, Technician, ComplaintHandler, QualityAnalyst, Supervisor, Administrator];
}

/// <summary>The scopes a partner API key may carry.</summary>
public static class PartnerScopes
{
    public const string ReportFaults = "faults:report";
    public const string ReadOwnFaults = "faults:read";
    public const string SubscribeEvents = "events:subscribe";
    /// <summary>gRPC server reflection through the gateway (tooling such as grpcurl).</summary>
    public const string GrpcReflection = "grpc:reflection";

    public static readonly IReadOnlyList<string> All = [ReportFaults, ReadOwnFaults, SubscribeEvents, GrpcReflection];
}

/// <summary>
/// The verified caller of a request inside a service: who (user, partner or service id), in which roles or scopes,
/// for which halls ("*" = every hall), and from which client address. Services never read identity from anything
/// a client could set; this comes only from the gateway's signed identity.
/// </summary>
public sealed record HallCaller(
    CallerKind Kind,
    string Id,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Halls,
    IReadOnlyList<string> Scopes,
    string? ClientAddress)
{
    public const string AllHalls = "*";

    public static HallCaller Anonymous(string? clientAddress) => new(CallerKind.Anonymous, "anonymous", [], [], [], clientAddress);

    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    public bool HasScope(string scope) => Scopes.Contains(scope, StringComparer.Ordinal);

    public bool CanSeeHall(string hallId) =>
        Kind == CallerKind.Service || Halls.Contains(AllHalls, StringComparer.Ordinal) || Halls.Contains(hallId, StringComparer.Ordinal);

    /// <summary>
    /// Staff are held to the halls of their claim unless it is "*"; services, partners and anonymous callers are not
    /// limited by hall (their own rules apply). Lists filter by <see cref="Halls"/> only when this is true.
    /// </summary>
    public bool IsLimitedToHalls => Kind == CallerKind.Staff && !Halls.Contains(AllHalls, StringComparer.Ordinal);

    /// <summary>Whether a record of <paramref name="hallId"/> is within this caller's reach (see <see cref="IsLimitedToHalls"/>).</summary>
    public bool MayReachHall(string hallId) => !IsLimitedToHalls || Halls.Contains(hallId, StringComparer.Ordinal);

    /// <summary>
    /// Whether this caller sees a customer's personal data in clear: staff of the record's hall whose work needs it
    /// (<paramref name="rolesThatNeedIt"/>, supervisors, administrators). Everyone else gets it masked.
    /// </summary>
    public bool MaySeePersonalData(string hallId, IReadOnlyCollection<string> rolesThatNeedIt) =>
        Kind == CallerKind.Staff && CanSeeHall(hallId)
        && (IsInRole(HallRoles.Supervisor) || IsInRole(HallRoles.Administrator) || rolesThatNeedIt.Any(IsInRole));
}

/// <summary>The current request's verified caller (anonymous when there is none).</summary>
public interface IHallCallerAccessor
{
    HallCaller Current { get; }
}
