using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Testing;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>The queue under concurrent check-ins and calls: no ticket lost, none duplicated, none called twice.</summary>
[Collection(ServerCollection.Name)]
public sealed class ConcurrencyTests(RealServersFixture servers)
{
    [Fact]
    public async Task Fifty_concurrent_check_ins_get_fifty_distinct_numbers_and_fifty_rows()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var checkIns = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await app.CheckInAsync(client, "new-line", phone: $"1390000{i:D4}");
        })).ToList();
        start.SetResult();
        var visits = await Task.WhenAll(checkIns);

        var numbers = visits.Select(v => v.GetProperty("ticketNumber").GetString()).ToList();
        Assert.Equal(Enumerable.Range(1, 50).Select(n => $"A{n:D3}").Order(), numbers.Order());
        Assert.Equal(50, visits.Select(v => v.GetProperty("visitId").GetString()).Distinct().Count());
        // Once everyone is in, each ticket has its own place in the queue.
        var positions = new List<int>();
        foreach (var visit in visits)
        {
            var now = await client.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{visit.GetProperty("visitId").GetString()}");
            positions.Add(now.GetProperty("position").GetInt32());
        }
        Assert.Equal(Enumerable.Range(1, 50), positions.Order());
        Assert.Equal(50L, await app.ScalarAsync<long>("SELECT count(*) FROM visits WHERE service_type = 'new-line' AND status = 'waiting'"));
        Assert.Equal(50L, await app.ScalarAsync<long>("SELECT count(DISTINCT ticket_number) FROM visits"));
        Assert.Equal(50, await app.QueueLengthAsync("new-line"));
    }

    [Fact]
    public async Task Five_counters_calling_at_once_call_each_of_200_tickets_exactly_once()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        string[] types = ["new-line", "plan-change", "billing", "fault-report"];
        var issued = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var visit = await app.CheckInAsync(client, types[i % types.Length], phone: $"1370000{i:D4}");
            issued.Add(visit.GetProperty("visitId").GetString()!);
        });
        Assert.Equal(200, issued.Distinct().Count());

        var calls = new ConcurrentQueue<(string Counter, string VisitId)>();
        var counters = new[] { "c01", "c02", "c03", "c04", "c05" }.Select(counter => Task.Run(async () =>
        {
            while (true)
            {
                using var response = await client.PostAsync($"/api/v1/counters/{counter}/call-next", null);
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    return;
                }
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var called = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(counter, called.GetProperty("counterId").GetString());
                calls.Enqueue((counter, called.GetProperty("visitId").GetString()!));
            }
        })).ToList();
        await Task.WhenAll(counters);

        var calledIds = calls.Select(c => c.VisitId).ToList();
        Assert.Equal(200, calledIds.Count);
        Assert.Equal(issued.Order(), calledIds.Order());
        // Every call opened its case in its owner, once: an order for 150 business visits, a ticket for 50 fault reports.
        Assert.Equal(200L, await app.ScalarAsync<long>("SELECT count(*) FROM case_requests WHERE state = 'opened' AND case_id IS NOT NULL"));
        Assert.Equal(150L, await app.ScalarAsync<long>("SELECT count(*) FROM visits WHERE status = 'called' AND order_id IS NOT NULL"));
        Assert.Equal(150, app.Business.OpenOrderRequests.Select(r => r.VisitId).Distinct().Count());
        Assert.Equal(50, app.Business.OpenTicketRequests.Select(r => r.VisitId).Distinct().Count());
        foreach (var type in types)
        {
            Assert.Equal(0, await app.QueueLengthAsync(type));
        }
        // Every counter only called tickets of the types it serves.
        var servedBy = new Dictionary<string, string[]>
        {
            ["c01"] = ["new-line", "plan-change"],
            ["c02"] = ["new-line", "billing"],
            ["c03"] = ["billing", "fault-report"],
            ["c04"] = ["fault-report", "plan-change"],
            ["c05"] = types,
        };
        foreach (var (counter, visitId) in calls)
        {
            var type = await app.ScalarAsync<string>($"SELECT service_type FROM visits WHERE id = '{visitId}'");
            Assert.Contains(type, servedBy[counter]);
            Assert.Equal(counter, await app.ScalarAsync<string>($"SELECT counter_id FROM visits WHERE id = '{visitId}'"));
        }
    }

    [Fact]
    public async Task Concurrent_retries_with_one_idempotency_key_issue_one_ticket()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();

        var attempts = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/visits")
            {
                Content = JsonContent.Create(ReceptionApp.CheckInBody("billing")),
            };
            request.Headers.Add("Idempotency-Key", "kiosk-7-0001");
            using var response = await client.SendAsync(request);
            return response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK
                ? (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString())
                : (response.StatusCode, null);
        })).ToList();
        var results = await Task.WhenAll(attempts);

        // One attempt created the visit; the others got it back or were told it is still in progress (409).
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(results, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Single(results.Where(r => r.Item2 is not null).Select(r => r.Item2).Distinct());
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM visits"));
        Assert.Equal(1, await app.QueueLengthAsync("billing"));
    }
}
