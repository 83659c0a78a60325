using HallPlatform.Identity;
using Microsoft.AspNetCore.Authorization;

namespace HallPlatform.Gateway.Security;

/// <summary>Who may call a route: staff roles, partner scopes, and whether the route's hall must be one of the caller's.</summary>
public sealed record AccessRule(IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes, bool SupervisorsPass = true)
{
    public static AccessRule StaffOnly(params string[] roles) => new(roles, []);

    /// <summary>Administrators only: supervisors do not pass (catalogue and reference data edits).</summary>
    public static AccessRule AdministratorsOnly() => new([], [], SupervisorsPass: false);
}

/// <summary>
/// The access table: every gateway route names one of these policies (its <c>AuthorizationPolicy</c> in
/// appsettings.json), or <see cref="Anonymous"/>. Administrators pass every staff policy; supervisors every rule
/// but those marked <see cref="AccessRule.SupervisorsPass"/> false (administrator-only edits, gRPC reflection). A path
/// has one route (the gateway's 405 then names its methods), so a path whose methods need different callers has one
/// policy with a rule per method. docs/security.md shows the same table per route.
/// </summary>
public static class AccessPolicies
{
    /// <summary>YARP's built-in name for "no authentication needed"; listed here so the table is complete.</summary>
    public const string Anonymous = "anonymous";

    public const string FrontDesk = "front-desk";
    public const string ReceptionDesk = "reception-desk";
    public const string Counter = "counter";
    public const string CatalogueAdmin = "catalogue-admin";
    /// <summary>Approving a refund of a payment: supervisors and administrators only (no counter role).</summary>
    public const string RefundApproval = "refund-approval";
    public const string HallManagement = "hall-management";
    public const string HallKpis = "hall-kpis";
    public const string TroubleTickets = "trouble-tickets";
    public const string TroubleTicketReport = "trouble-ticket-report";
    public const string TroubleTicketRead = "trouble-ticket-read";
    public const string TroubleTicketWork = "trouble-ticket-work";
    /// <summary>The customer's confirmation of a repair: staff on the customer's behalf, or the reporting partner.</summary>
    public const string TroubleTicketConfirm = "trouble-ticket-confirm";
    /// <summary>The overdue trouble tickets: supervisors and administrators.</summary>
    public const string TroubleTicketSupervision = "trouble-ticket-supervision";
    /// <summary>The partner hub (subscriptions to a partner's own tickets' events): partner keys with the events scope.</summary>
    public const string TroubleTicketHub = "trouble-ticket-hub";
    public const string Complaints = "complaints";
    public const string ComplaintIntake = "complaint-intake";
    public const string ComplaintHandling = "complaint-handling";
    /// <summary>Complaint departments and root causes: administrators only (not supervisors).</summary>
    public const string ComplaintAdmin = "complaint-admin";
    /// <summary>The periodic complaint summary: supervisors and administrators (management review).</summary>
    public const string ComplaintSummary = "complaint-summary";
    public const string Quality = "quality";
    /// <summary>An improvement action's owner (any staff role) reads and moves their own action; the service narrows to owner or hall manager.</summary>
    public const string ImprovementActionOwner = "improvement-action-owner";
    /// <summary>The staff module's management (register, conduct, training, triage): supervisors and administrators.</summary>
    public const string StaffAdmin = "staff-admin";
    /// <summary>The staff module's reads and own suggestions: any staff member (the service narrows by hall and self).</summary>
    public const string StaffDirectory = "staff-directory";
    /// <summary>The services' audit trails: supervisors and administrators (any hall: entries are per service).</summary>
    public const string AuditTrail = "audit-trail";
    /// <summary>Any authenticated staff member (the aggregated OpenAPI document outside Development).</summary>
    public const string AnyStaff = "any-staff";
    /// <summary>
    /// gRPC server reflection (the full method list of a service, internal methods included): administrators and
    /// partner keys given the reflection scope, nobody else.
    /// </summary>
    public const string GrpcReflection = "grpc-reflection";

    /// <summary>A business type: counter staff read it, administrators change it.</summary>
    public const string BusinessType = "business-type";
    /// <summary>Complaint departments: handlers read them, administrators add them.</summary>
    public const string ComplaintDepartments = "complaint-departments";
    /// <summary>A staff register entry: every staff role reads (narrowed by the service), supervisors and administrators write.</summary>
    public const string StaffEntry = "staff-entry";
    /// <summary>Suggestions: every staff role submits, supervisors and administrators list them.</summary>
    public const string Suggestions = "suggestions";
    /// <summary>A TMF621 trouble ticket: read like the REST ticket, changed (PATCH) by technicians.</summary>
    public const string TmfTroubleTicket = "tmf-trouble-ticket";

    private const string AnyMethod = "*";

    private static readonly AccessRule Report = new(
        [HallRoles.Technician, HallRoles.Receptionist, HallRoles.CounterAgent], [PartnerScopes.ReportFaults]);

    private static readonly AccessRule ReadTickets = new(
        [HallRoles.Technician, HallRoles.CounterAgent], [PartnerScopes.ReadOwnFaults]);

    private static readonly AccessRule Intake = AccessRule.StaffOnly(
        HallRoles.ComplaintHandler, HallRoles.Receptionist, HallRoles.CounterAgent);

    private static readonly AccessRule Handling = AccessRule.StaffOnly(HallRoles.ComplaintHandler);

    /// <summary>Policy name -> rule per HTTP method ("*" = any), for routes whose methods need different callers.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, AccessRule>> Table { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, AccessRule>>(StringComparer.Ordinal)
        {
            [FrontDesk] = Any(AccessRule.StaffOnly(HallRoles.Receptionist, HallRoles.CounterAgent)),
            [ReceptionDesk] = Any(AccessRule.StaffOnly(HallRoles.Receptionist)),
            [Counter] = Any(AccessRule.StaffOnly(HallRoles.CounterAgent)),
            [CatalogueAdmin] = Any(AccessRule.AdministratorsOnly()),
            [BusinessType] = ByMethod(("GET", AccessRule.StaffOnly(HallRoles.CounterAgent)), ("PUT", AccessRule.AdministratorsOnly())),
            [RefundApproval] = Any(AccessRule.StaffOnly()),
            [HallManagement] = Any(AccessRule.StaffOnly()),
            [HallKpis] = Any(AccessRule.StaffOnly(HallRoles.QualityAnalyst)),
            [TroubleTickets] = ByMethod(("POST", Report), ("GET", ReadTickets)),
            [TroubleTicketReport] = Any(Report),
            [TroubleTicketRead] = Any(ReadTickets),
            [TroubleTicketWork] = Any(AccessRule.StaffOnly(HallRoles.Technician)),
            [TroubleTicketConfirm] = Any(Report),
            [TroubleTicketSupervision] = Any(AccessRule.StaffOnly()),
            [TroubleTicketHub] = Any(new AccessRule([], [PartnerScopes.SubscribeEvents])),
            [TmfTroubleTicket] = ByMethod(("GET", ReadTickets), ("PATCH", AccessRule.StaffOnly(HallRoles.Technician))),
            [Complaints] = ByMethod(("POST", Intake), ("GET", Handling)),
            [ComplaintIntake] = Any(Intake),
            [ComplaintHandling] = Any(Handling),
            [ComplaintAdmin] = Any(AccessRule.AdministratorsOnly()),
            [ComplaintDepartments] = ByMethod(("GET", Handling), ("POST", AccessRule.AdministratorsOnly())),
            [ComplaintSummary] = Any(AccessRule.StaffOnly()),
            [Quality] = Any(AccessRule.StaffOnly(HallRoles.QualityAnalyst)),
            [ImprovementActionOwner] = Any(AccessRule.StaffOnly([.. HallRoles.All])),
            [StaffAdmin] = Any(AccessRule.StaffOnly()),
            [StaffDirectory] = Any(AccessRule.StaffOnly([.. HallRoles.All])),
            [StaffEntry] = ByMethod(("GET", AccessRule.StaffOnly([.. HallRoles.All])), ("PUT", AccessRule.StaffOnly())),
            [Suggestions] = ByMethod(("POST", AccessRule.StaffOnly([.. HallRoles.All])), ("GET", AccessRule.StaffOnly())),
            [AuditTrail] = Any(AccessRule.StaffOnly()),
            [AnyStaff] = Any(AccessRule.StaffOnly([.. HallRoles.All])),
            [GrpcReflection] = Any(new AccessRule([], [PartnerScopes.GrpcReflection], SupervisorsPass: false)),
        };

    public static void AddAccessPolicies(this AuthorizationOptions options)
    {
        foreach (var (name, rules) in Table)
        {
            options.AddPolicy(name, policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new AccessRequirement(name, rules)));
        }
    }

    /// <summary>The rule for <paramref name="method"/>, or null when the policy does not admit that method at all.</summary>
    public static AccessRule? RuleFor(IReadOnlyDictionary<string, AccessRule> rules, string method) =>
        rules.TryGetValue(method, out var rule) ? rule : rules.GetValueOrDefault(AnyMethod);

    /// <summary>Whether the caller's roles or scopes satisfy the rule (halls are checked separately).</summary>
    public static bool Admits(AccessRule rule, HallCaller caller) => caller.Kind switch
    {
        CallerKind.Staff => caller.IsInRole(HallRoles.Administrator)
            || (caller.IsInRole(HallRoles.Supervisor) && rule.SupervisorsPass)
            || rule.Roles.Any(caller.IsInRole),
        CallerKind.Partner => rule.Scopes.Any(caller.HasScope),
        _ => false,
    };

    private static Dictionary<string, AccessRule> Any(AccessRule rule) => new(StringComparer.Ordinal) { [AnyMethod] = rule };

    private static Dictionary<string, AccessRule> ByMethod(params (string Method, AccessRule Rule)[] rules) =>
        rules.ToDictionary(r => r.Method, r => r.Rule, StringComparer.OrdinalIgnoreCase);
}

/// <summary>One access policy's rules; checked by <see cref="AccessRequirementHandler"/>.</summary>
public sealed record AccessRequirement(string PolicyName, IReadOnlyDictionary<string, AccessRule> Rules) : IAuthorizationRequirement;

/// <summary>
/// Grants a policy when the caller's role or scope fits the request's method and, for a route with a
/// <c>{hallId}</c>, when that hall is one of the caller's halls (or the caller's hall claim is "*").
/// </summary>
public sealed class AccessRequirementHandler(IHttpContextAccessor httpContextAccessor) : AuthorizationHandler<AccessRequirement>
{
    public const string HallRouteValue = "hallId";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        var http = httpContextAccessor.HttpContext;
        if (http is null)
        {
            return Task.CompletedTask;
        }
        var caller = GatewayClaims.ToCaller(context.User, null);
        var rule = AccessPolicies.RuleFor(requirement.Rules, http.Request.Method);
        if (rule is null || !AccessPolicies.Admits(rule, caller))
        {
            return Task.CompletedTask;
        }
        if (http.GetRouteValue(HallRouteValue) is string hallId && !caller.CanSeeHall(hallId))
        {
            return Task.CompletedTask;
        }
        context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
