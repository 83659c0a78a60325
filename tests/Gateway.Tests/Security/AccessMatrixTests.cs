using System.Net;
using System.Net.Http.Headers;
using HallPlatform.Gateway.Tests.Routes;
using HallPlatform.Identity;
using HallPlatform.Testing;

namespace HallPlatform.Gateway.Tests;

/// <summary>
/// Every route of the shipped gateway/appsettings.json (<see cref="ShippedGatewayRoutes"/>, which
/// <see cref="GatewayRoutesMatchServiceEndpointsTests"/> holds to the services' real endpoints), with every method it
/// allows, called by anonymous, every staff role, partners with each scope set and, for hall routes, staff of another
/// hall: each answer must be 401/403 or "past authorization" exactly as the table below says. The table is written
/// here by hand (not derived from the gateway's policies), and a route that is not in it fails the test.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AccessMatrixTests(GatewayFixture fixture)
{
    private const string Anyone = "*";
    private const string Hall = "hall-1";
    private const string OtherHall = "hall-2";

    private const string CallCentre = "partner:callcentre";
    private const string ReportOnly = "partner:report-only";
    private const string ReadOnly = "partner:read-only";
    private const string EventsOnly = "partner:events-only";
    private const string Reflection = "partner:reflection";

    private static readonly string[] FrontDesk = [HallRoles.Receptionist, HallRoles.CounterAgent, HallRoles.Supervisor, HallRoles.Administrator];
    private static readonly string[] ReceptionDesk = [HallRoles.Receptionist, HallRoles.Supervisor, HallRoles.Administrator];
    private static readonly string[] Counter = [HallRoles.CounterAgent, HallRoles.Supervisor, HallRoles.Administrator];
    private static readonly string[] AdministratorOnly = [HallRoles.Administrator];
    private static readonly string[] HallManagement = [HallRoles.Supervisor, HallRoles.Administrator];
    private static readonly string[] Kpis = [HallRoles.QualityAnalyst, HallRoles.Supervisor, HallRoles.Administrator];
    private static readonly string[] ReportFault =
        [HallRoles.Technician, HallRoles.Receptionist, HallRoles.CounterAgent, HallRoles.Supervisor, HallRoles.Administrator, CallCentre, ReportOnly];
    private static readonly string[] ReadTickets =
        [HallRoles.Technician, HallRoles.CounterAgent, HallRoles.Supervisor, HallRoles.Administrator, CallCentre, ReadOnly];
    private static readonly string[] WorkTickets = [HallRoles.Technician, HallRoles.Supervisor, HallRoles.Administrator];
    private static readonly string[] TicketHub = [HallRoles.Supervisor, HallRoles.Administrator, CallCentre, EventsOnly];
    private static readonly string[] ComplaintIntake =
        [HallRoles.ComplaintHandler, HallRoles.Receptionist, HallRoles.CounterAgent, HallRoles.Supervisor, HallRoles.Administrator];
    private static readonly string[] ComplaintHandling = [HallRoles.ComplaintHandler, HallRoles.Supervisor, HallRoles.Administrator];
    private static readonly string[] Quality = [HallRoles.QualityAnalyst, HallRoles.Supervisor, HallRoles.Administrator];
    private static readonly string[] AnyStaffRole = [.. HallRoles.All];
    private static readonly string[] GrpcReflection = [HallRoles.Administrator, Reflection];

    /// <summary>"METHOD route-id" -> who gets past authorization. Same table as docs/security.md.</summary>
    private static readonly Dictionary<string, string[]> Expected = new(StringComparer.Ordinal)
    {
        ["GET reception-service-types-list"] = [Anyone],
        ["GET reception-counters-list"] = FrontDesk,
        ["POST reception-visits-create"] = [Anyone],
        ["GET reception-visits-get"] = [Anyone],
        ["POST reception-counters-call-next"] = Counter,
        ["PUT reception-service-types-put"] = AdministratorOnly,
        ["PUT reception-counters-put"] = AdministratorOnly,
        ["PUT reception-halls-put"] = AdministratorOnly,
        ["POST reception-counters-open"] = Counter,
        ["POST reception-counters-close"] = Counter,
        ["POST reception-counters-call"] = Counter,
        ["GET reception-visits-events"] = FrontDesk,
        ["POST reception-visits-recall"] = Counter,
        ["POST reception-visits-no-show"] = Counter,
        ["POST reception-visits-recycle"] = Counter,
        ["POST reception-visits-park"] = Counter,
        ["POST reception-visits-transfer"] = Counter,
        ["POST reception-visits-start"] = Counter,
        ["POST reception-visits-complete"] = Counter,
        ["POST reception-appointments-create"] = ReceptionDesk,
        ["GET reception-appointments-get"] = FrontDesk,
        ["GET reception-halls-board"] = [Anyone],
        ["GET reception-halls-board-stream"] = [Anyone],
        ["GET reception-halls-wait-times"] = [Anyone],
        ["GET reception-halls-kpis"] = Kpis,
        ["POST reception-halls-close-day"] = HallManagement,
        ["POST reception-halls-reconcile"] = HallManagement,
        ["GET business-orders-list"] = Counter,
        ["GET business-orders-get"] = Counter,
        ["POST business-orders-start"] = Counter,
        ["POST business-orders-complete"] = Counter,
        ["POST business-orders-cancel"] = Counter,
        ["POST business-orders-move"] = Counter,
        ["PUT business-orders-request"] = Counter,
        ["POST business-orders-documents"] = Counter,
        ["POST business-orders-consent"] = Counter,
        ["POST business-orders-payments"] = Counter,
        ["GET business-orders-payments"] = Counter,
        ["POST business-orders-payments-refund"] = HallManagement,
        ["GET business-receipts-get"] = Counter,
        ["GET business-receipts-print"] = Counter,
        ["GET business-receipts-pdf"] = Counter,
        ["GET business-business-types-list"] = Counter,
        ["GET business-business-types-item"] = Counter,
        ["GET business-business-types-version"] = Counter,
        ["PUT business-business-types-item"] = AdministratorOnly,
        ["POST fault-trouble-tickets-collection"] = ReportFault,
        ["GET fault-trouble-tickets-collection"] = ReadTickets,
        ["GET fault-trouble-tickets-get"] = ReadTickets,
        ["POST fault-trouble-tickets-status"] = WorkTickets,
        ["GET fault-trouble-tickets-communications"] = WorkTickets,
        ["GET fault-trouble-tickets-overdue"] = HallManagement,
        ["POST fault-trouble-tickets-reject"] = WorkTickets,
        ["POST fault-trouble-tickets-start"] = WorkTickets,
        ["POST fault-trouble-tickets-hold"] = WorkTickets,
        ["POST fault-trouble-tickets-resume"] = WorkTickets,
        ["POST fault-trouble-tickets-request-information"] = WorkTickets,
        ["POST fault-trouble-tickets-information-received"] = WorkTickets,
        ["POST fault-trouble-tickets-resolve"] = WorkTickets,
        ["POST fault-trouble-tickets-cancel"] = WorkTickets,
        ["POST fault-trouble-tickets-reopen"] = WorkTickets,
        ["POST fault-trouble-tickets-analysis"] = WorkTickets,
        ["POST fault-trouble-tickets-fix"] = WorkTickets,
        ["POST fault-trouble-tickets-notes"] = WorkTickets,
        ["POST fault-trouble-tickets-attachments"] = WorkTickets,
        ["POST fault-trouble-tickets-confirm"] = ReportFault,
        ["GET fault-trouble-tickets-appointment-slots"] = WorkTickets,
        ["GET fault-trouble-tickets-appointments"] = WorkTickets,
        ["POST fault-trouble-tickets-dispatch"] = WorkTickets,
        ["POST fault-trouble-tickets-appointment-reschedule"] = WorkTickets,
        ["POST fault-trouble-tickets-appointment-cancel"] = WorkTickets,
        ["POST fault-trouble-tickets-appointment-arrival"] = WorkTickets,
        ["POST fault-trouble-tickets-appointment-outcome"] = WorkTickets,
        ["GET fault-technicians-collection"] = HallManagement,
        ["GET fault-technicians-item"] = HallManagement,
        ["PUT fault-technicians-item"] = HallManagement,
        ["POST fault-trouble-tickets-hub"] = TicketHub,
        ["GET fault-trouble-tickets-hub"] = TicketHub,
        ["GET fault-trouble-tickets-hub-item"] = TicketHub,
        ["DELETE fault-trouble-tickets-hub-item"] = TicketHub,
        ["GET fault-trouble-tickets-hub-deliveries"] = TicketHub,
        ["POST fault-tmf-trouble-tickets-collection"] = ReportFault,
        ["GET fault-tmf-trouble-tickets-collection"] = ReadTickets,
        ["GET fault-tmf-trouble-tickets-item"] = ReadTickets,
        ["PATCH fault-tmf-trouble-tickets-item"] = WorkTickets,
        ["POST fault-tmf-hub"] = TicketHub,
        ["DELETE fault-tmf-hub-item"] = TicketHub,
        ["POST complaint-complaints-collection"] = ComplaintIntake,
        ["GET complaint-complaints-collection"] = ComplaintHandling,
        ["GET complaint-complaints-get"] = ComplaintHandling,
        ["POST complaint-complaints-status"] = ComplaintHandling,
        ["GET complaint-complaints-communications"] = ComplaintHandling,
        ["GET complaint-complaints-overdue"] = ComplaintHandling,
        ["POST complaint-complaints-assessment"] = ComplaintHandling,
        ["POST complaint-complaints-assignment"] = ComplaintHandling,
        ["POST complaint-complaints-response"] = ComplaintHandling,
        ["POST complaint-complaints-confirmation"] = ComplaintHandling,
        ["POST complaint-complaints-escalation"] = ComplaintHandling,
        ["POST complaint-complaints-links"] = ComplaintHandling,
        ["GET complaint-departments"] = ComplaintHandling,
        ["POST complaint-departments"] = AdministratorOnly,
        ["PUT complaint-departments-update"] = AdministratorOnly,
        ["GET complaint-root-causes-list"] = ComplaintHandling,
        ["PUT complaint-root-causes-save"] = AdministratorOnly,
        ["GET complaint-summary-get"] = HallManagement,
        ["GET complaint-summary-csv"] = HallManagement,
        ["POST quality-survey-responses-create"] = [Anyone],
        ["GET quality-survey-invitations-get"] = [Anyone],
        ["POST quality-survey-invitations-answer"] = [Anyone],
        ["GET quality-survey-responses-get"] = Quality,
        ["GET quality-satisfaction-summary-get"] = Quality,
        ["GET quality-statistics-get"] = Quality,
        ["GET quality-statistics-halls"] = Quality,
        ["GET quality-statistics-csv"] = Quality,
        ["GET quality-callbacks-list"] = Quality,
        ["POST quality-callbacks-claim"] = Quality,
        ["POST quality-callbacks-result"] = Quality,
        ["PUT quality-staff-item"] = HallManagement,
        ["GET quality-staff-item"] = AnyStaffRole,
        ["GET quality-staff-list"] = AnyStaffRole,
        ["GET quality-staff-training-get"] = AnyStaffRole,
        ["GET quality-staff-qualifications-get"] = AnyStaffRole,
        ["POST quality-conduct-cases"] = HallManagement,
        ["GET quality-conduct-cases-get"] = HallManagement,
        ["GET quality-conduct-cases"] = HallManagement,
        ["POST quality-conduct-cases-status"] = HallManagement,
        ["PUT quality-training-courses-put"] = HallManagement,
        ["GET quality-training-courses-list"] = AnyStaffRole,
        ["POST quality-training-sessions-create"] = HallManagement,
        ["GET quality-training-sessions-get"] = HallManagement,
        ["POST quality-training-assessments-create"] = HallManagement,
        ["GET quality-training-overdue-list"] = HallManagement,
        ["PUT quality-service-type-requirements-put"] = HallManagement,
        ["GET quality-service-type-requirements-list"] = AnyStaffRole,
        ["POST quality-suggestions"] = AnyStaffRole,
        ["GET quality-suggestions-mine"] = AnyStaffRole,
        ["GET quality-suggestions"] = HallManagement,
        ["GET quality-suggestions-get"] = AnyStaffRole,
        ["POST quality-suggestions-status"] = HallManagement,
        ["PUT quality-suggestions-improvement-action"] = HallManagement,
        ["PUT quality-suggestions-text"] = HallManagement,
        ["GET quality-feedback-themes-get"] = HallManagement,
        ["POST quality-improvement-actions"] = Quality,
        ["GET quality-improvement-actions"] = Quality,
        ["GET quality-improvement-actions-overdue"] = Quality,
        ["GET quality-improvement-actions-mine"] = AnyStaffRole,
        ["GET quality-improvement-actions-get"] = AnyStaffRole,
        ["POST quality-improvement-actions-status"] = AnyStaffRole,
        ["POST quality-evaluation-meetings"] = Quality,
        ["GET quality-evaluation-meetings"] = Quality,
        ["GET quality-evaluation-meetings-get"] = Quality,
        ["POST quality-evaluation-meetings-raise-action"] = Quality,
        ["GET complaint-audit-entries-list"] = HallManagement,
        ["GET quality-audit-entries-list"] = HallManagement,
        ["GET fault-audit-entries-list"] = HallManagement,
        ["GET business-audit-entries-list"] = HallManagement,
        ["GET reception-audit-entries-list"] = HallManagement,
        ["POST reception-grpc-check-in"] = [Anyone],
        ["POST reception-grpc-get-visit"] = [Anyone],
        ["POST reception-grpc-get-wait-times"] = [Anyone],
        ["POST business-grpc-get-order"] = Counter,
        ["POST fault-grpc-report-fault"] = ReportFault,
        ["POST fault-grpc-get-trouble-ticket"] = ReadTickets,
        ["POST complaint-grpc-register-complaint"] = ComplaintIntake,
        ["POST complaint-grpc-get-complaint"] = ComplaintHandling,
        ["POST quality-grpc-record-survey-response"] = [Anyone],
        ["POST quality-grpc-get-satisfaction-summary"] = Quality,
        ["POST reception-grpc-reflection"] = GrpcReflection,
        ["POST reception-grpc-reflection-alpha"] = GrpcReflection,
        ["POST business-grpc-reflection"] = GrpcReflection,
        ["POST business-grpc-reflection-alpha"] = GrpcReflection,
        ["POST fault-grpc-reflection"] = GrpcReflection,
        ["POST fault-grpc-reflection-alpha"] = GrpcReflection,
        ["POST complaint-grpc-reflection"] = GrpcReflection,
        ["POST complaint-grpc-reflection-alpha"] = GrpcReflection,
        ["POST quality-grpc-reflection"] = GrpcReflection,
        ["POST quality-grpc-reflection-alpha"] = GrpcReflection,
    };

    private readonly HttpClient _client = fixture.Factory.CreateClient();

    /// <summary>Every (method, route) the shipped configuration exposes.</summary>
    public static TheoryData<string, string> RouteMethods()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in ShippedGatewayRoutes.All)
        {
            foreach (var method in route.Methods)
            {
                data.Add(method, route.RouteId);
            }
        }
        return data;
    }

    [Fact]
    public void The_table_covers_exactly_the_configured_routes_and_methods()
    {
        var configured = RouteMethods().Select(row => $"{row[0]} {row[1]}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(configured, Expected.Keys.Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [MemberData(nameof(RouteMethods))]
    public async Task Each_caller_is_let_through_or_refused_as_the_table_says(string method, string routeId)
    {
        Assert.True(Expected.TryGetValue($"{method} {routeId}", out var allowed), $"{method} {routeId} is not in the access table.");
        var route = ShippedGatewayRoutes.All.Single(r => r.RouteId == routeId);
        var path = route.Path;
        var hasHall = path.Contains("{hallId}", StringComparison.Ordinal);
        var mismatches = new List<string>();

        foreach (var caller in Callers(hasHall))
        {
            var expectPass = allowed.Contains(Anyone) || (caller.Hall != OtherHall && allowed.Contains(caller.Role));
            var outcome = await SendAsync(method, path, caller, route.ServiceHeader);
            var expected = expectPass ? "through" : caller.Authenticated ? "403" : "401";
            if (outcome != expected)
            {
                mismatches.Add($"{caller.Name}: expected {expected}, got {outcome}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{method} {path}:\n" + string.Join('\n', mismatches));
    }

    private sealed record Caller(string Name, string Role, string? Hall, bool Authenticated, Action<HttpRequestMessage> Apply);

    private static IEnumerable<Caller> Callers(bool hallRoute)
    {
        yield return new Caller("anonymous", "anonymous", null, false, _ => { });
        foreach (var role in HallRoles.All)
        {
            yield return new Caller(role, role, Hall, true, request => request.AsStaff(role, Hall));
        }
        yield return new Caller(CallCentre, CallCentre, null, true, request => request.WithApiKey(GatewayCredentials.DevCallCentreKey));
        yield return new Caller(ReportOnly, ReportOnly, null, true, request => request.WithApiKey(GatewayCredentials.ReportOnlyKey));
        yield return new Caller(ReadOnly, ReadOnly, null, true, request => request.WithApiKey(GatewayCredentials.ReadOnlyKey));
        yield return new Caller(EventsOnly, EventsOnly, null, true, request => request.WithApiKey(GatewayCredentials.EventsOnlyKey));
        yield return new Caller(Reflection, Reflection, null, true, request => request.WithApiKey(GatewayCredentials.ReflectionKey));
        if (hallRoute)
        {
            // Staff of another hall are refused on a hall's own routes; a role that spans halls ("*") is not.
            foreach (var role in HallRoles.All)
            {
                yield return new Caller($"{role}@{OtherHall}", role, OtherHall, true, request => request.AsStaff(role, OtherHall));
            }
            yield return new Caller("supervisor@*", HallRoles.Supervisor, HallCaller.AllHalls, true,
                request => request.AsStaff(HallRoles.Supervisor, HallCaller.AllHalls));
        }
    }

    /// <summary>"401", "403" or "through" (anything else: the request reached the proxy, whatever the service said).</summary>
    private async Task<string> SendAsync(string method, string pathTemplate, Caller caller, string? serviceHeader)
    {
        var path = pathTemplate.Replace("{hallId}", Hall, StringComparison.Ordinal);
        path = System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", "id_1");
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        var grpc = !path.StartsWith("/api/", StringComparison.Ordinal);
        if (grpc)
        {
            request.Content = new ByteArrayContent([0, 0, 0, 0, 0]);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        }
        if (serviceHeader is not null)
        {
            request.Headers.Add(GatewayRoute.ServiceHeaderName, serviceHeader);
        }
        caller.Apply(request);

        using var response = await _client.SendAsync(request);
        if (grpc)
        {
            var status = response.Headers.TryGetValues("grpc-status", out var values) ? values.Single() : "";
            return status switch { "16" => "401", "7" => "403", _ => "through" };
        }
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            await ProblemAssert.IsProblemAsync(response, response.StatusCode);
            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return "through";
    }
}
