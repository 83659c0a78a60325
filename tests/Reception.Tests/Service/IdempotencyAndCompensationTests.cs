using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Reception.Data;
using HallPlatform.Identity;
using HallPlatform.Testing;

namespace HallPlatform.Reception.Tests.Service;

[Collection(ServerCollection.Name)]
public sealed class IdempotencyAndCompensationTests(RealServersFixture servers)
{
    private static HttpRequestMessage CheckIn(object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/visits") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task A_retry_with_the_same_key_returns_the_first_visit_and_no_second_ticket()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        using var first = await client.SendAsync(CheckIn(ReceptionApp.CheckInBody("new-line"), "k-1"));
        using var retry = await client.SendAsync(CheckIn(ReceptionApp.CheckInBody("new-line"), "k-1"));
        using var otherKey = await client.SendAsync(CheckIn(ReceptionApp.CheckInBody("new-line"), "k-2"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(HttpStatusCode.Created, otherKey.StatusCode);
        var firstBody = await first.Content.ReadFromJsonAsync<JsonElement>();
        var retryBody = await retry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(firstBody.GetProperty("visitId").GetString(), retryBody.GetProperty("visitId").GetString());
        Assert.Equal("A001", retryBody.GetProperty("ticketNumber").GetString());
        Assert.Equal(1, retryBody.GetProperty("position").GetInt32());
        Assert.Equal("A002", (await otherKey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketNumber").GetString());
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT count(*) FROM visits"));
    }

    [Fact]
    public async Task A_key_reused_for_a_different_check_in_is_a_conflict()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        using var first = await client.SendAsync(CheckIn(ReceptionApp.CheckInBody("new-line"), "k-9"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var reused = await client.SendAsync(CheckIn(ReceptionApp.CheckInBody("billing"), "k-9"));

        await ProblemAssert.IsProblemAsync(reused, HttpStatusCode.Conflict);
        Assert.Equal(0, await app.QueueLengthAsync("billing"));
    }

    [Fact]
    public async Task The_same_key_from_two_staff_members_gives_each_their_own_visit_and_each_retry_its_first()
    {
        await using var app = new ReceptionApp(servers);
        using var wang = app.CreateClientAs(TestCallers.Staff("usr_wang", HallRoles.Receptionist, ReceptionApp.Hall));
        using var li = app.CreateClientAs(TestCallers.Staff("usr_li", HallRoles.Receptionist, ReceptionApp.Hall));
        var body = ReceptionApp.CheckInBody("new-line");

        using var fromWang = await wang.SendAsync(CheckIn(body, "desk-1"));
        using var fromLi = await li.SendAsync(CheckIn(body, "desk-1"));
        using var wangRetry = await wang.SendAsync(CheckIn(body, "desk-1"));
        using var liRetry = await li.SendAsync(CheckIn(body, "desk-1"));

        Assert.Equal(HttpStatusCode.Created, fromWang.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fromLi.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wangRetry.StatusCode);
        Assert.Equal(HttpStatusCode.OK, liRetry.StatusCode);
        var wangVisit = await VisitIdAsync(fromWang);
        var liVisit = await VisitIdAsync(fromLi);
        Assert.NotEqual(wangVisit, liVisit);
        Assert.Equal(wangVisit, await VisitIdAsync(wangRetry));
        Assert.Equal(liVisit, await VisitIdAsync(liRetry));
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT count(*) FROM visits"));
        Assert.Equal(2, await app.QueueLengthAsync("new-line"));
        // PostgreSQL keeps the key within its caller's scope, never the bare key.
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT count(DISTINCT idempotency_key) FROM visits WHERE idempotency_key LIKE 'staff:% desk-1'"));
    }

    [Fact]
    public async Task Anonymous_kiosks_share_one_scope_and_a_partner_has_its_own()
    {
        await using var app = new ReceptionApp(servers);
        using var kiosk = app.CreateClientAs(TestCallers.Anonymous);
        using var otherKiosk = app.CreateClientAs(TestCallers.Anonymous);
        using var partner = app.CreateClientAs(TestCallers.Partner("partner-callcentre"));
        var body = ReceptionApp.CheckInBody("billing");

        using var first = await kiosk.SendAsync(CheckIn(body, "kiosk-7-000001"));
        using var sameScope = await otherKiosk.SendAsync(CheckIn(body, "kiosk-7-000001"));
        using var fromPartner = await partner.SendAsync(CheckIn(body, "kiosk-7-000001"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sameScope.StatusCode);
        Assert.Equal(await VisitIdAsync(first), await VisitIdAsync(sameScope));
        Assert.Equal(HttpStatusCode.Created, fromPartner.StatusCode);
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT count(*) FROM visits"));
    }

    [Fact]
    public async Task A_retry_with_the_phone_typed_differently_is_the_same_check_in()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        using var first = await client.SendAsync(CheckIn(ReceptionApp.CheckInBody("new-line", phone: "138 0013-8000"), "k-phone"));
        using var retry = await client.SendAsync(CheckIn(ReceptionApp.CheckInBody("new-line", phone: "13800138000"), "k-phone"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(await VisitIdAsync(first), await VisitIdAsync(retry));
    }

    [Fact]
    public async Task After_the_queue_forgot_the_key_a_retry_still_cannot_record_a_second_visit()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        using var first = await client.SendAsync(CheckIn(ReceptionApp.CheckInBody("new-line"), "k-old"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        // Reception's Redis record of a key lasts 24 h (as the gateway's); the visit row keeps the key for good.
        var server = app.Redis.GetServers().Single();
        await foreach (var key in server.KeysAsync(pattern: QueueKeys.HallPrefix(ReceptionApp.Hall) + "idem:*"))
        {
            await app.RedisDb.KeyDeleteAsync(key);
        }

        using var late = await client.SendAsync(CheckIn(ReceptionApp.CheckInBody("new-line"), "k-old"));

        // No duplicate, but no replay either: the ticket drawn for the retry is taken back (docs/queue.md).
        await ProblemAssert.IsProblemAsync(late, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM visits"));
        Assert.Equal(1, await app.QueueLengthAsync("new-line"));
    }

    private static async Task<string?> VisitIdAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString();

    [Fact]
    public async Task When_the_visit_cannot_be_recorded_the_ticket_is_taken_back()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        _ = await app.CheckInAsync(client, "new-line");
        // Make PostgreSQL refuse this one check-in's row (the phone column is ciphertext, so the key marks it; the
        // stored key is "<caller scope> k-reject").
        await app.ExecuteSqlAsync("ALTER TABLE visits ADD CONSTRAINT test_reject CHECK (idempotency_key NOT LIKE '% k-reject')");

        using var rejected = await client.SendAsync(CheckIn(ReceptionApp.CheckInBody("new-line", phone: "13911112222"), "k-reject"));

        await ProblemAssert.IsProblemAsync(rejected, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(1, await app.QueueLengthAsync("new-line"));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM visits"));
        // The audit entry was in the same statement as the refused row: only the first check-in is audited.
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM audit_entries WHERE action = 'visit.checked-in'"));
        var server = app.Redis.GetServers().Single();
        var cancelled = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: QueueKeys.TicketPrefix(ReceptionApp.Hall) + "*"))
        {
            if (await app.RedisDb.HashGetAsync(key, "status") == "cancelled")
            {
                cancelled.Add(key.ToString());
            }
        }
        Assert.Single(cancelled);
        // The idempotency key was released with the ticket, so the kiosk's retry can succeed once the fault is gone.
        await app.ExecuteSqlAsync("ALTER TABLE visits DROP CONSTRAINT test_reject");
        using var retried = await client.SendAsync(CheckIn(ReceptionApp.CheckInBody("new-line", phone: "13911112222"), "k-reject"));
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(2, await app.QueueLengthAsync("new-line"));
    }

    [Fact]
    public async Task When_a_call_cannot_be_recorded_the_ticket_returns_to_its_place()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var first = await app.CheckInAsync(client, "billing");
        var second = await app.CheckInAsync(client, "billing");
        await app.ExecuteSqlAsync("ALTER TABLE visits ADD CONSTRAINT test_reject CHECK (counter_id IS DISTINCT FROM 'c02')");

        using var failed = await client.PostAsync("/api/v1/counters/c02/call-next", null);

        await ProblemAssert.IsProblemAsync(failed, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(2, await app.QueueLengthAsync("billing"));
        using var lookup = await client.GetAsync($"/api/v1/visits/{first.GetProperty("visitId").GetString()}");
        var waiting = await lookup.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("waiting", waiting.GetProperty("status").GetString());
        Assert.Equal(1, waiting.GetProperty("position").GetInt32());
        Assert.Empty(app.Business.OpenOrderRequests);

        using var c03 = await client.PostAsync("/api/v1/counters/c03/call-next", null);
        Assert.Equal(first.GetProperty("visitId").GetString(), (await c03.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString());
        Assert.NotEqual(first.GetProperty("visitId").GetString(), second.GetProperty("visitId").GetString());
    }

    [Fact]
    public async Task A_long_abandoned_queue_entry_without_a_visit_is_dropped_and_the_next_called()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var real = await app.CheckInAsync(client, "plan-change");
        // An entry far ahead of it whose check-in died before recording the visit or taking the ticket back.
        var ghost = "vis_ghost";
        await app.RedisDb.HashSetAsync(QueueKeys.Ticket(ReceptionApp.Hall, ghost), [new("status", "waiting"), new("seq", 99), new("serviceType", "plan-change"), new("enqueuedAt", 1)]);
        await app.RedisDb.SortedSetAddAsync(QueueKeys.Queue(ReceptionApp.Hall, "plan-change"), ghost, 1);

        using var call = await client.PostAsync("/api/v1/counters/c04/call-next", null);

        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Equal(real.GetProperty("visitId").GetString(), (await call.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString());
        Assert.Equal(0, await app.QueueLengthAsync("plan-change"));
        Assert.Equal("cancelled", (string?)await app.RedisDb.HashGetAsync(QueueKeys.Ticket(ReceptionApp.Hall, ghost), "status"));
    }
}
