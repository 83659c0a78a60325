using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using HallPlatform.Business.Application;
using HallPlatform.Contracts.Business.V1;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HallPlatform.Business.Tests;

/// <summary>The append-only audit trail of orders and the hall scope of staff, on a real PostgreSQL.</summary>
[Collection(RealServersCollection.Name)]
public sealed class AuditAndHallScopeTests : IAsyncLifetime
{
    private const string Orders = "/api/v1/orders";
    private const string AuditEntries = "/api/v1/business/audit-entries";
    private const string Hall1 = "hall-001";
    private const string Hall2 = "hall-002";

    // The counter agent whose call-next Reception propagates to OpenOrder.
    private static readonly HallCaller Agent = TestCallers.Staff("agent-7", HallRoles.CounterAgent, Hall1);
    private static readonly HallCaller OtherHallAgent = TestCallers.Staff("agent-9", HallRoles.CounterAgent, Hall2);
    private static readonly HallCaller Supervisor = TestCallers.Staff("supervisor-1", HallRoles.Supervisor, Hall1);
    private static readonly HallCaller ReceptionService = new(CallerKind.Service, "reception", [], [HallCaller.AllHalls], [], null);

    private readonly BusinessApp _app;

    public AuditAndHallScopeTests(RealServersFixture servers) => _app = new BusinessApp(servers);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string NewVisitId() => "vis_" + Guid.NewGuid().ToString("N");

    private async Task<OrderReply> OpenAsync(HallCaller caller, string? visitId = null, string hallId = Hall1)
    {
        using var channel = _app.CreateGrpcChannelAs(caller);
        return await new OrderService.OrderServiceClient(channel).OpenOrderAsync(new OpenOrderRequest
        {
            VisitId = visitId ?? NewVisitId(),
            HallId = hallId,
            ServiceType = "A",
            CounterId = "counter-3",
            TicketNumber = "A017",
        });
    }

    private Task<List<AuditEntry>> AuditOfAsync(string recordId) => _app.WithDbAsync(db =>
        db.Set<AuditEntry>().AsNoTracking().Where(e => e.RecordId == recordId).OrderBy(e => e.Id).ToListAsync());

    private Task<int> AuditCountAsync() => _app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync());

    private async Task<NpgsqlConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(_app.DatabaseConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static JsonElement Json(string? json)
    {
        Assert.NotNull(json);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Opening_an_order_is_audited_with_the_propagated_counter_agent()
    {
        var opened = await OpenAsync(Agent);

        var entry = Assert.Single(await AuditOfAsync(opened.OrderId));
        Assert.Equal(OrderAudit.OpenedAction, entry.Action);
        Assert.Equal(OrderAudit.RecordType, entry.RecordType);
        Assert.Equal("staff", entry.ActorKind);
        Assert.Equal("agent-7", entry.ActorId);
        Assert.Equal("127.0.0.1", entry.ClientAddress);
        Assert.Null(entry.CustomerRef);
        Assert.Null(entry.Before);
        Assert.False(string.IsNullOrEmpty(entry.TraceId));
        Assert.Equal(opened.CreatedAt.ToDateTimeOffset(), entry.OccurredAt);
        var after = Json(entry.After);
        Assert.Equal("acknowledged", after.GetProperty("state").GetString());
        Assert.Equal(opened.VisitId, after.GetProperty("visitId").GetString());
        Assert.Equal(Hall1, after.GetProperty("hallId").GetString());
    }

    [Fact]
    public async Task An_order_opened_by_a_service_caller_is_audited_as_that_service()
    {
        var opened = await OpenAsync(ReceptionService, hallId: Hall2);

        var entry = Assert.Single(await AuditOfAsync(opened.OrderId));
        Assert.Equal(("service", "reception", (string?)null), (entry.ActorKind, entry.ActorId, entry.ClientAddress));
    }

    [Fact]
    public async Task A_replayed_OpenOrder_adds_no_second_opened_entry_even_when_concurrent()
    {
        var visitId = NewVisitId();
        var first = await OpenAsync(Agent, visitId);
        var again = await OpenAsync(Agent, visitId);
        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 10).Select(async _ =>
        {
            await start.WaitAsync();
            return await OpenAsync(Agent, visitId);
        }).ToArray();
        start.Release(calls.Length);
        var concurrent = await Task.WhenAll(calls);

        Assert.All(concurrent.Append(again), reply => Assert.Equal(first.OrderId, reply.OrderId));
        Assert.Single(await AuditOfAsync(first.OrderId));
        Assert.Equal(1, await AuditCountAsync());
    }

    [Fact]
    public async Task Concurrent_opens_of_different_visits_each_get_exactly_their_own_entry()
    {
        // Group commit: many orders share one transaction, each with its own entry.
        _ = _app.Server; // started once, before the concurrent calls reach it
        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 40).Select(async _ =>
        {
            await start.WaitAsync();
            return await OpenAsync(Agent);
        }).ToArray();
        start.Release(calls.Length);

        var replies = await Task.WhenAll(calls);

        var audited = await _app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.Action == OrderAudit.OpenedAction).Select(e => e.RecordId).ToListAsync());
        Assert.Equal(replies.Select(r => r.OrderId).Order(StringComparer.Ordinal), audited.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_state_transition_is_audited_with_the_actor_and_before_after_state()
    {
        var started = (await OpenAsync(Agent)).OrderId;
        var cancelled = (await OpenAsync(Agent)).OrderId;
        using var client = _app.CreateClientAs(Agent);

        await client.ReadyZeroTotalAsync(started);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{Orders}/{started}/complete", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"{Orders}/{cancelled}/cancel", new { reason = "Customer Zhang 13812345678 left" })).StatusCode);

        var startedTrail = await AuditOfAsync(started);
        Assert.Equal(
            [OrderAudit.OpenedAction, OrderAudit.StateChangedAction, OrderAudit.RequestRecordedAction, OrderAudit.DocumentCheckedAction,
                OrderAudit.StateChangedAction],
            startedTrail.Select(e => e.Action));
        Assert.All(startedTrail, e => Assert.Equal(("staff", "agent-7"), (e.ActorKind, e.ActorId)));
        Assert.Equal(
            [("acknowledged", "inProgress"), ("inProgress", "completed")],
            startedTrail.Where(e => e.Action == OrderAudit.StateChangedAction).Select(e => (Json(e.Before).GetProperty("state").GetString(), Json(e.After).GetProperty("state").GetString())));

        var cancelEntry = (await AuditOfAsync(cancelled))[^1];
        Assert.Equal(OrderAudit.StateChangedAction, cancelEntry.Action);
        Assert.Equal("acknowledged", Json(cancelEntry.Before).GetProperty("state").GetString());
        Assert.Equal("cancelled", Json(cancelEntry.After).GetProperty("state").GetString());
        // The reason is staff free text that may quote the customer: it stays out of the trail.
        await using var connection = await OpenRawAsync();
        Assert.Equal(0L, await ScalarAsync(connection,
            "SELECT count(*) FROM audit_entries WHERE concat_ws('|', before::text, after::text) LIKE '%13812345678%' OR concat_ws('|', before::text, after::text) LIKE '%Zhang%'"));
    }

    [Fact]
    public async Task Refused_and_lost_transitions_leave_no_entry()
    {
        var orderId = (await OpenAsync(Agent)).OrderId;
        using var client = _app.CreateClientAs(Agent);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"{Orders}/{orderId}/complete", null)).StatusCode);
        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 8).Select(async _ =>
        {
            await start.WaitAsync();
            return await client.PostAsync($"{Orders}/{orderId}/start", null);
        }).ToArray();
        start.Release(calls.Length);

        var responses = await Task.WhenAll(calls);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal([OrderAudit.OpenedAction, OrderAudit.StateChangedAction], (await AuditOfAsync(orderId)).Select(e => e.Action));
    }

    [Fact]
    public async Task Order_reads_are_not_audited_because_orders_carry_no_personal_data()
    {
        var opened = await OpenAsync(Agent);
        using var client = _app.CreateClientAs(Agent);
        using var channel = _app.CreateGrpcChannelAs(Agent);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Orders}/{opened.OrderId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Orders)).StatusCode);
        await new OrderService.OrderServiceClient(channel).GetOrderAsync(new GetOrderRequest { OrderId = opened.OrderId });

        Assert.Equal(OrderAudit.OpenedAction, Assert.Single(await AuditOfAsync(opened.OrderId)).Action);
        Assert.Equal(1, await AuditCountAsync());
    }

    [Fact]
    public async Task Update_delete_and_truncate_of_audit_entries_are_refused_by_the_database()
    {
        await OpenAsync(Agent);
        await using var connection = await OpenRawAsync();

        foreach (var sql in new[]
        {
            "UPDATE audit_entries SET actor_id = 'someone-else'",
            "DELETE FROM audit_entries",
            "TRUNCATE audit_entries",
        })
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(connection, sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM audit_entries WHERE actor_id = 'agent-7'"));
        await Assert.ThrowsAsync<DbUpdateException>(() => _app.WithDbAsync(async db =>
        {
            db.Set<AuditEntry>().Remove(await db.Set<AuditEntry>().FirstAsync());
            return await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task Supervisors_read_an_orders_history_from_the_audit_api()
    {
        var orderId = (await OpenAsync(Agent)).OrderId;
        using (var client = _app.CreateClientAs(Agent))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{Orders}/{orderId}/start", null)).StatusCode);
        }
        await OpenAsync(OtherHallAgent, hallId: Hall2);
        using var supervisor = _app.CreateClientAs(Supervisor);

        var byRecord = await supervisor.GetFromJsonAsync<JsonElement>($"{AuditEntries}?recordType=order&recordId={orderId}");

        Assert.Equal(2, byRecord.GetProperty("total").GetInt32());
        var newest = byRecord.GetProperty("items")[0];
        Assert.Equal(OrderAudit.StateChangedAction, newest.GetProperty("action").GetString());
        Assert.Equal("inProgress", newest.GetProperty("after").GetProperty("state").GetString());
        // agent-9 opened an order in the other hall: its entry is that hall's, read by a supervisor of every hall only.
        var byActor = await supervisor.GetFromJsonAsync<JsonElement>($"{AuditEntries}?actor=agent-9");
        Assert.Equal(0, byActor.GetProperty("total").GetInt32());
        using var everyHall = _app.CreateClientAs(TestCallers.Staff("supervisor-all", HallRoles.Supervisor, HallCaller.AllHalls));
        var otherHallEntry = Assert.Single((await everyHall.GetFromJsonAsync<JsonElement>($"{AuditEntries}?actor=agent-9")).GetProperty("items").EnumerateArray());
        Assert.Equal(Hall2, otherHallEntry.GetProperty("hallId").GetString());
        await ProblemAssert.IsValidationProblemAsync(await supervisor.GetAsync($"{AuditEntries}?recordId={orderId}"), "recordId");
    }

    [Fact]
    public async Task Only_supervisors_and_administrators_read_the_trail_everyone_else_gets_403_problem() =>
        await AuditApiAssert.OnlySupervisorsAndAdministratorsReadAsync(_app.CreateClientAs, AuditEntries,
            TestCallers.Partner("call-centre", PartnerScopes.ReadOwnFaults), ReceptionService);

    [Fact]
    public async Task Staff_of_another_hall_get_404_for_the_order_and_cannot_move_it()
    {
        var orderId = (await OpenAsync(Agent)).OrderId;
        var entriesBefore = await AuditCountAsync();
        using var other = _app.CreateClientAs(OtherHallAgent);
        using var otherChannel = _app.CreateGrpcChannelAs(OtherHallAgent);

        await ProblemAssert.IsProblemAsync(await other.GetAsync($"{Orders}/{orderId}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await other.PostAsync($"{Orders}/{orderId}/start", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await other.PostAsync($"{Orders}/{orderId}/complete", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await other.PostAsJsonAsync($"{Orders}/{orderId}/cancel", new { reason = "not mine" }), HttpStatusCode.NotFound);
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new OrderService.OrderServiceClient(otherChannel).GetOrderAsync(new GetOrderRequest { OrderId = orderId }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);

        // Nothing moved, nothing was recorded, and the order's own hall still sees it untouched.
        Assert.Equal(entriesBefore, await AuditCountAsync());
        using var own = _app.CreateClientAs(Agent);
        var order = await own.GetFromJsonAsync<JsonElement>($"{Orders}/{orderId}");
        Assert.Equal("acknowledged", order.GetProperty("state").GetString());
        using var ownChannel = _app.CreateGrpcChannelAs(Agent);
        Assert.Equal(orderId, (await new OrderService.OrderServiceClient(ownChannel).GetOrderAsync(new GetOrderRequest { OrderId = orderId })).OrderId);
    }

    [Fact]
    public async Task Lists_hold_only_the_callers_halls_services_and_all_hall_staff_see_every_order()
    {
        var mine = (await OpenAsync(Agent)).OrderId;
        var theirs = (await OpenAsync(OtherHallAgent, hallId: Hall2)).OrderId;

        async Task<HashSet<string?>> ListAs(HallCaller caller)
        {
            using var client = _app.CreateClientAs(caller);
            var page = await client.GetFromJsonAsync<JsonElement>($"{Orders}?pageSize=100");
            var ids = page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()).ToHashSet();
            Assert.Equal(ids.Count, page.GetProperty("total").GetInt32());
            return ids;
        }

        string?[] both = [mine, theirs];
        Assert.True((await ListAs(Agent)).SetEquals([mine]));
        Assert.True((await ListAs(OtherHallAgent)).SetEquals([theirs]));
        Assert.True((await ListAs(TestCallers.Staff("agent-both", HallRoles.CounterAgent, Hall1, Hall2))).SetEquals(both));
        Assert.True((await ListAs(TestCallers.Staff("boss", HallRoles.Supervisor, HallCaller.AllHalls))).SetEquals(both));
        Assert.True((await ListAs(ReceptionService)).SetEquals(both));
        Assert.Empty(await ListAs(TestCallers.Staff("nobody", HallRoles.CounterAgent)));
        // A visit filter cannot reach past the hall scope either.
        using var other = _app.CreateClientAs(OtherHallAgent);
        var byVisit = await other.GetFromJsonAsync<JsonElement>($"{Orders}?visitId={(await OrderOf(mine)).VisitId}");
        Assert.Equal(0, byVisit.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Staff_cannot_open_an_order_in_another_hall_nor_replay_one_of_another_hall()
    {
        var visitId = NewVisitId();

        var refused = await Assert.ThrowsAsync<RpcException>(() => OpenAsync(OtherHallAgent, visitId, Hall1));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal(0, await AuditCountAsync());
        Assert.Equal(0, await _app.WithDbAsync(db => db.Orders.CountAsync()));

        var opened = await OpenAsync(Agent, visitId, Hall1);
        var replay = await Assert.ThrowsAsync<RpcException>(() => OpenAsync(OtherHallAgent, visitId, Hall2));
        Assert.Equal(StatusCode.PermissionDenied, replay.StatusCode);
        Assert.DoesNotContain(opened.OrderId, replay.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_key_ring_the_service_refuses_to_start()
    {
        await using var app = new BusinessApp(_app.Servers) { WithoutKeys = true };

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("HallPlatform:DataProtection", error.ToString(), StringComparison.Ordinal);
    }

    private Task<Domain.Order> OrderOf(string orderId) =>
        _app.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.OrderId == orderId));
}
