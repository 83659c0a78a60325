using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Reception.Application.Cases;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>
/// The case request outbox: every called visit's case reaches the service owning its type, opened exactly once,
/// also when that service was down at the call.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CaseRequestTests(RealServersFixture servers)
{
    // Quick retries so the owner's return is noticed within a test; the rules are the production ones.
    private static readonly Dictionary<string, string> QuickRetries = new()
    {
        ["Reception:CaseRequests:PollSeconds"] = "0.2",
        ["Reception:CaseRequests:FirstRetrySeconds"] = "0.2",
        ["Reception:CaseRequests:MaxRetrySeconds"] = "1",
    };

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Calls_while_the_owner_is_down_stand_pending_and_every_case_opens_exactly_once_when_it_comes_back()
    {
        await using var app = new ReceptionApp(servers, settings: QuickRetries);
        using var client = app.CreateClient();
        app.Business.Unreachable = true;
        string[] types = ["new-line", "fault-report", "complaint", "billing", "fault-report", "complaint", "plan-change", "new-line"];
        var owners = new Dictionary<string, string>();
        foreach (var type in types)
        {
            var visit = await app.CheckInAsync(client, type);
            owners[visit.GetProperty("visitId").GetString()!] = type switch { "fault-report" => "fault", "complaint" => "complaint", _ => "business" };
        }

        // c05 serves every type: each call succeeds although no owner answers.
        var called = new List<string>();
        for (var i = 0; i < types.Length; i++)
        {
            var call = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/call-next");
            called.Add(call.GetProperty("visitId").GetString()!);
            Assert.Equal(JsonValueKind.Null, call.GetProperty("orderId").ValueKind);
            await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{called[^1]}/start", new { counterId = "c05" });
            await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{called[^1]}/complete", new { counterId = "c05" });
        }
        Assert.Equal(owners.Keys.Order(), called.Order());
        foreach (var visitId in called)
        {
            var view = await ViewAsync(client, visitId);
            Assert.Equal((owners[visitId], "pending"), (view.GetProperty("caseOwner").GetString(), view.GetProperty("caseState").GetString()));
            Assert.Equal(JsonValueKind.Null, view.GetProperty("caseId").ValueKind);
        }
        Assert.Equal(types.Length, await app.ScalarAsync<long>("SELECT count(*) FROM case_requests WHERE state = 'pending' AND last_error = 'grpc Unavailable'"));

        // The owners keep being asked while they are down (the dispatcher's retries), then come back.
        await PollAsync(() => Task.FromResult(app.Business.OpenTicketRequests.Count(r => r.VisitId == called.First(v => owners[v] == "fault")) >= 2));
        app.Business.Unreachable = false;
        await PollAsync(async () => await app.ScalarAsync<long>("SELECT count(*) FROM case_requests WHERE state = 'opened'") == types.Length);

        foreach (var visitId in called)
        {
            var view = await ViewAsync(client, visitId);
            var caseId = app.Business.OrderFor(visitId);
            Assert.NotNull(caseId);
            Assert.Equal(1, app.Business.CasesCreatedFor(visitId));
            // Exactly one successful answer: once opened, the request is never sent again.
            Assert.Equal(1, app.Business.AnswersFor(visitId));
            Assert.Equal(("opened", caseId), (view.GetProperty("caseState").GetString(), view.GetProperty("caseId").GetString()));
            Assert.Equal(owners[visitId] == "business" ? caseId : null, view.GetProperty("orderId").GetString());
        }
        // Each visit's requests went to its own owner only.
        Assert.Equal(called.Where(v => owners[v] == "business").Order(), app.Business.OpenOrderRequests.Select(r => r.VisitId).Distinct().Order());
        Assert.Equal(called.Where(v => owners[v] == "fault").Order(), app.Business.OpenTicketRequests.Select(r => r.VisitId).Distinct().Order());
        Assert.Equal(called.Where(v => owners[v] == "complaint").Order(), app.Business.OpenComplaintRequests.Select(r => r.VisitId).Distinct().Order());
    }

    [Fact]
    public async Task Each_owner_gets_the_visits_of_its_types_with_the_journey_id_and_the_customer_only_where_needed()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var business = await app.CheckInWithAsync(client, ReceptionApp.CheckInBody("plan-change", "Wang Fang", "13900139001"));
        var fault = await app.CheckInWithAsync(client, ReceptionApp.CheckInBody("fault-report", "Zhao Lei", "13900139002"));
        var complaint = await app.CheckInWithAsync(client, ReceptionApp.CheckInBody("complaint", "Qian Li", "13900139003"));
        var journeys = new[] { business, fault, complaint }.Select(v => v.GetProperty("journeyId").GetString()!).ToList();
        Assert.All(journeys, j => Assert.Matches("^j_[0-9a-f]{26}$", j));
        Assert.Equal(3, journeys.Distinct().Count());

        // c04 serves plan-change and fault-report, c03 complaint (and billing, fault-report, all empty by then).
        var first = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c04/call-next");
        var second = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c04/call-next");
        var third = await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c03/call-next");
        Assert.Equal(complaint.GetProperty("visitId").GetString(), third.GetProperty("visitId").GetString());

        var order = Assert.Single(app.Business.OpenOrderRequests);
        Assert.Equal((business.GetProperty("visitId").GetString(), journeys[0], "plan-change"), (order.VisitId, order.JourneyId, order.ServiceType));
        var ticket = Assert.Single(app.Business.OpenTicketRequests);
        Assert.Equal((fault.GetProperty("visitId").GetString(), journeys[1], "Zhao Lei", "13900139002", "c04"),
            (ticket.VisitId, ticket.JourneyId, ticket.CustomerName, ticket.CustomerPhone, ticket.CounterId));
        var opened = Assert.Single(app.Business.OpenComplaintRequests);
        Assert.Equal((complaint.GetProperty("visitId").GetString(), journeys[2], "Qian Li", "13900139003", "c03"),
            (opened.VisitId, opened.JourneyId, opened.CustomerName, opened.CustomerPhone, opened.CounterId));
        // Signed as Reception itself (a service), not as the staff member at the counter.
        Assert.All(app.Business.Callers, caller => Assert.Contains("\"k\":\"service\"", DecodeCaller(caller), StringComparison.Ordinal));

        // Only business cases have an order id on the call; every visit shows its opened case.
        var calls = new[] { first, second }.ToDictionary(c => c.GetProperty("visitId").GetString()!);
        Assert.Equal(order.VisitId is { } id ? app.Business.OrderFor(id) : null, calls[order.VisitId].GetProperty("orderId").GetString());
        Assert.Equal(JsonValueKind.Null, calls[ticket.VisitId].GetProperty("orderId").ValueKind);
        var faultView = await ViewAsync(client, ticket.VisitId);
        Assert.Equal(("fault", "opened", app.Business.OrderFor(ticket.VisitId), journeys[1]),
            (faultView.GetProperty("caseOwner").GetString(), faultView.GetProperty("caseState").GetString(),
                faultView.GetProperty("caseId").GetString(), faultView.GetProperty("journeyId").GetString()));

        // The outbox row names the journey but holds no personal data (no name or phone column, none in the error).
        Assert.Equal(journeys[1], await app.ScalarAsync<string>($"SELECT journey_id FROM case_requests WHERE visit_id = '{ticket.VisitId}'"));
        Assert.Equal(0L, await app.ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'case_requests' AND (column_name LIKE '%name%' OR column_name LIKE '%phone%')"));
    }

    [Fact]
    public async Task A_service_type_moved_to_another_owner_sends_its_next_calls_there()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        using var bad = await client.PutAsJsonAsync("/api/v1/service-types/new-line", new { caseOwner = "Fault" });
        var problem = await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("caseOwner", out _), problem.ToString());

        using var put = await client.PutAsJsonAsync("/api/v1/service-types/new-line", new { caseOwner = "complaint" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("complaint", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseOwner").GetString());
        using var list = await client.GetAsync("/api/v1/service-types");
        var listed = (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()
            .Single(t => t.GetProperty("code").GetString() == "new-line");
        Assert.Equal("complaint", listed.GetProperty("caseOwner").GetString());
        // A PUT that does not name the owner keeps it.
        using var rename = await client.PutAsJsonAsync("/api/v1/service-types/new-line", new { name = "New line" });
        Assert.Equal("complaint", (await rename.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseOwner").GetString());

        var visit = await app.CheckInAsync(client, "new-line");
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c01/call-next");

        Assert.Empty(app.Business.OpenOrderRequests);
        Assert.Equal(visit.GetProperty("visitId").GetString(), Assert.Single(app.Business.OpenComplaintRequests).VisitId);
    }

    [Fact]
    public async Task A_visit_called_again_asks_for_no_second_case()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var visit = await app.CheckInAsync(client, "billing");
        var visitId = visit.GetProperty("visitId").GetString()!;
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c02/call-next");
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{visitId}/recall", new { counterId = "c02" });
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{visitId}/park", new { counterId = "c02", reason = "documents" });
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c03/call", new { visitId, reason = "back with documents" });

        Assert.Single(app.Business.OpenOrderRequests);
        Assert.Equal(1L, await app.ScalarAsync<long>($"SELECT count(*) FROM case_requests WHERE visit_id = '{visitId}'"));
        var view = await ViewAsync(client, visitId);
        Assert.Equal(("opened", app.Business.OrderFor(visitId)), (view.GetProperty("caseState").GetString(), view.GetProperty("orderId").GetString()));
    }

    [Fact]
    public async Task Two_dispatchers_never_claim_the_same_request()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var dispatcher = app.Services.GetServices<IHostedService>().OfType<CaseRequestDispatcher>().Single();
        await app.ExecuteSqlAsync("""
            INSERT INTO case_requests (visit_id, owner, hall_id, service_type, counter_id, ticket_number, state, attempts, next_attempt_at, created_at)
            SELECT 'vis_claim_' || n, 'business', 'hall-001', 'billing', 'c02', 'C' || n, 'pending', 1, now() - interval '1 hour', now()
            FROM generate_series(1, 60) AS n
            """);
        var settings = new CaseRequestOptions { BatchSize = 25, SendHoldSeconds = 3600 };

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => dispatcher.ClaimAsync(settings))));

        var claimed = claims.SelectMany(c => c).Select(r => r.VisitId).ToList();
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.All(claims.SelectMany(c => c), r => Assert.Equal(2, r.Attempts));
        // Whatever the running dispatcher took besides, a claimed row is held: nobody claims it again now.
        Assert.Empty(await dispatcher.ClaimAsync(settings) is var again ? again.Where(r => claimed.Contains(r.VisitId)) : []);
    }

    /// <summary>The signed caller header is base64url JSON ({"k": kind, "id": ...}).</summary>
    private static string DecodeCaller(string header)
    {
        var base64 = header.Replace('-', '+').Replace('_', '/');
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
    }

    [Fact]
    public async Task A_visit_transferred_to_a_type_another_service_owns_opens_a_case_there_too()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var visitId = (await app.CheckInAsync(client, "billing")).GetProperty("visitId").GetString()!;
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/call-next");
        var orderId = app.Business.CaseFor(visitId, "ord_");
        Assert.NotNull(orderId);

        // The customer turns out to have a fault to report: the counter sends them to the fault queue, and the
        // counter that calls them there opens the trouble ticket, while the order stays the visit's.
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{visitId}/transfer",
            new { serviceType = "fault-report", counterId = "c05", reason = "fault, not a bill" });
        await ReceptionApp.PostOkAsync(client, "/api/v1/counters/c05/call-next");
        // Recalled and called again at the fault counter: still one ticket.
        await ReceptionApp.PostOkAsync(client, $"/api/v1/visits/{visitId}/recall", new { counterId = "c05" });

        var ticketId = app.Business.CaseFor(visitId, "tt_");
        Assert.NotNull(ticketId);
        Assert.Equal(2, app.Business.CasesCreatedFor(visitId));
        Assert.Equal(1, app.Business.OpenTicketRequests.Count(r => r.VisitId == visitId));
        var view = await ViewAsync(client, visitId);
        Assert.Equal(("fault", "opened", ticketId, orderId),
            (view.GetProperty("caseOwner").GetString(), view.GetProperty("caseState").GetString(),
             view.GetProperty("caseId").GetString(), view.GetProperty("orderId").GetString()));
        Assert.Equal(2L, await app.ScalarAsync<long>($"SELECT count(*) FROM case_requests WHERE visit_id = '{visitId}' AND state = 'opened'"));
    }

    private static async Task<JsonElement> ViewAsync(HttpClient client, string visitId)
    {
        using var response = await client.GetAsync($"/api/v1/visits/{visitId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task PollAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "The condition did not hold before the deadline.");
            await Task.Delay(100);
        }
    }
}
