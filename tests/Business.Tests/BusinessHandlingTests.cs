using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Audit;
using HallPlatform.Business.Application;
using HallPlatform.Contracts.Business.V1;
using HallPlatform.Identity;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Business.Tests;

/// <summary>The counter's business steps over REST against a real PostgreSQL: request to receipt, and their rules.</summary>
[Collection(RealServersCollection.Name)]
public sealed class BusinessHandlingTests(RealServersFixture servers) : BusinessServiceTestBase(servers)
{
    private static readonly HallCaller Agent = TestCallers.Staff("agent-7", HallRoles.CounterAgent, "hall_1");
    private static readonly HallCaller OtherHallAgent = TestCallers.Staff("agent-9", HallRoles.CounterAgent, "hall_2");
    private static readonly HallCaller Supervisor = TestCallers.Staff("supervisor-1", HallRoles.Supervisor, "hall_1");

    [Fact]
    public async Task Catalogue_is_seeded_and_a_change_adds_a_version_while_orders_keep_theirs()
    {
        var list = await ReadJsonAsync(await Http.GetAsync("/api/v1/business-types?pageSize=50"));
        var codes = list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("code").GetString()).ToList();
        Assert.Equal(["account-closure", "broadband-installation", "new-line", "number-portability", "plan-change", "restore", "sim-replacement", "suspension"], codes);
        using var simAnswer = await Http.GetAsync("/api/v1/business-types/sim-replacement");
        var sim = await ReadJsonAsync(simAnswer);
        var simETag = simAnswer.Headers.ETag!.ToString();
        Assert.Equal(1, sim.GetProperty("version").GetInt32());
        Assert.Equal(1_000, sim.GetProperty("feeItems")[0].GetProperty("amountFen").GetInt64());

        var orderId = (await OpenOrderAsync()).OrderId;
        await Http.StartAsync(orderId);
        var pinned = await Http.RequestOkAsync(orderId, new { businessTypeCode = "sim-replacement", customerKind = "individual" });

        var change = new
        {
            name = "SIM card replacement",
            requiredDocuments = new[] { new { code = "id-card-original", name = "ID card", customerKinds = new[] { "individual", "agent" } } },
            feeItems = new[] { new { code = "sim-card-replacement", name = "Replacement SIM", kind = "oneOff", amountFen = 2_000, taxRateBasisPoints = 1_300 } },
            partialPaymentAllowed = false,
            selfServiceAllowed = true,
            expectedHandlingMinutes = 12,
        };
        // An existing type changes only against the version the administrator read (ETag / If-Match).
        await AssertProblemAsync(await Http.PutAsJsonAsync("/api/v1/business-types/sim-replacement", change), 428);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/business-types/sim-replacement") { Content = JsonContent.Create(change) };
        request.Headers.TryAddWithoutValidation("If-Match", simETag);
        var put = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/v1/business-types/sim-replacement") { Content = JsonContent.Create(change) };
        stale.Headers.TryAddWithoutValidation("If-Match", simETag);
        await AssertProblemAsync(await Http.SendAsync(stale), 412);
        Assert.Equal(2, (await ReadJsonAsync(put)).GetProperty("version").GetInt32());
        Assert.Equal(2_000, (await ReadJsonAsync(await Http.GetAsync("/api/v1/business-types/sim-replacement"))).GetProperty("feeItems")[0].GetProperty("amountFen").GetInt64());
        Assert.Equal(1_000, (await ReadJsonAsync(await Http.GetAsync("/api/v1/business-types/sim-replacement/versions/1"))).GetProperty("feeItems")[0].GetProperty("amountFen").GetInt64());
        var order = await ReadJsonAsync(await Http.GetAsync($"/api/v1/orders/{orderId}"));
        Assert.Equal(1, order.GetProperty("catalogueVersion").GetInt32());
        Assert.Equal(1_130, order.GetProperty("quote").GetProperty("totalFen").GetInt64());
        Assert.Equal(pinned.GetProperty("quote").GetProperty("totalFen").GetInt64(), order.GetProperty("quote").GetProperty("totalFen").GetInt64());
    }

    [Fact]
    public async Task Bad_catalogue_input_is_400_naming_each_field()
    {
        var problem = await AssertProblemAsync(await Http.PutAsJsonAsync("/api/v1/business-types/Bad_Code", new
        {
            name = "",
            requiredDocuments = new[] { new { code = "x", name = "X", customerKinds = new[] { "alien" } } },
            feeItems = new[] { new { code = "f", name = "F", kind = "weekly", amountFen = -1, taxRateBasisPoints = 10_001 } },
            partialPaymentAllowed = (bool?)null,
            selfServiceAllowed = true,
            expectedHandlingMinutes = 0,
        }), 400);

        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "code", "name", "requiredDocuments[0].customerKinds", "feeItems[0].kind", "feeItems[0].amountFen",
                     "feeItems[0].taxRateBasisPoints", "partialPaymentAllowed", "expectedHandlingMinutes" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task A_catalogue_change_without_its_lists_is_400_naming_them()
    {
        var problem = await AssertProblemAsync(await Http.PutAsJsonAsync("/api/v1/business-types/new-thing", new
        {
            name = "New thing", partialPaymentAllowed = false, selfServiceAllowed = false, expectedHandlingMinutes = 5,
        }), 400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("requiredDocuments", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("feeItems", out _));
        await AssertProblemAsync(await Http.GetAsync("/api/v1/business-types/new-thing"), 404);
    }

    [Fact]
    public async Task Request_to_receipt_to_completion_is_recorded_step_by_step()
    {
        var orderId = (await OpenOrderAsync()).OrderId;
        await Http.StartAsync(orderId);

        var requested = await Http.RequestOkAsync(orderId, new
        {
            businessTypeCode = "new-line",
            customerKind = "agent",
            lineNumber = "138 1234 5678",
            items = new[] { new { feeCode = "sim-card", quantity = 1 }, new { feeCode = "plan-58", quantity = 1 } },
            details = new Dictionary<string, string> { ["plan"] = "58", ["simType"] = "5G" },
        });
        Assert.Equal("138****5678", requested.GetProperty("lineNumberMasked").GetString());
        Assert.DoesNotContain("13812345678", requested.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(TestCallers.Administrator.Id, requested.GetProperty("confirmedBy").GetString());
        Assert.Equal("5G", requested.GetProperty("details").GetProperty("simType").GetString());
        var quote = requested.GetProperty("quote");
        Assert.Equal((1, 2_825L + 6_322L), (quote.GetProperty("version").GetInt32(), quote.GetProperty("totalFen").GetInt64()));
        Assert.Equal(["id-card-original", "agent-id-card", "authorisation-letter"],
            requested.GetProperty("missingDocuments").EnumerateArray().Select(d => d.GetString()));

        // Consent and payment are refused while documents are missing, naming them.
        var refused = await AssertProblemAsync(await Http.ConsentAsync(orderId, 1), 409);
        Assert.Equal(["id-card-original", "agent-id-card", "authorisation-letter"],
            refused.GetProperty("missingDocuments").EnumerateArray().Select(d => d.GetString()));
        var unpaid = await AssertProblemAsync(await Http.PayAsync(orderId, new { method = "cash", amountFen = 9_147 }, "k-early"), 409);
        Assert.Contains("agent-id-card", unpaid.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var verified = await Http.VerifyAsync(orderId, "id-card-original", "agent-id-card", "authorisation-letter");
        Assert.Equal(0, verified.GetProperty("missingDocuments").GetArrayLength());
        Assert.Equal(TestCallers.Administrator.Id, verified.GetProperty("documents")[1].GetProperty("checkedBy").GetString());

        var noConsent = await AssertProblemAsync(await Http.PayAsync(orderId, new { method = "cash", amountFen = 9_147 }, "k-0"), 409);
        Assert.Contains("consented", noConsent.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var consent = await ReadJsonAsync(await Http.ConsentAsync(orderId, 1, "verbal-witnessed", "agent-8"));
        Assert.Equal("verbal-witnessed", consent.GetProperty("consent").GetProperty("method").GetString());
        Assert.True(consent.GetProperty("consent").GetProperty("current").GetBoolean());

        var paid = await Http.PayAsync(orderId, new { method = "bank-card", amountFen = 9_147, authorisationCode = "A12345" }, "k-1");
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        var payment = await ReadJsonAsync(paid);
        var number = payment.GetProperty("payment").GetProperty("receiptNumber").GetString();
        Assert.Equal($"R-hall_1-{DateTime.UtcNow.Year}-000001", number);
        Assert.Equal(0, payment.GetProperty("order").GetProperty("outstandingFen").GetInt64());

        var receipt = await ReadJsonAsync(await Http.GetAsync($"/api/v1/receipts/{number}"));
        Assert.Equal((9_147L, 847L, "bank-card", false), (receipt.GetProperty("totalFen").GetInt64(), receipt.GetProperty("taxFen").GetInt64(),
            receipt.GetProperty("method").GetString(), receipt.GetProperty("void").GetBoolean()));
        var print = await Http.GetAsync($"/api/v1/receipts/{number}/print");
        Assert.Equal("text/html", print.Content.Headers.ContentType?.MediaType);
        var html = await print.Content.ReadAsStringAsync();
        Assert.Contains(number!, html, StringComparison.Ordinal);
        Assert.Contains("91.47", html, StringComparison.Ordinal);
        Assert.Contains("Holder", await Http.GetStringAsync($"/api/v1/orders/{orderId}"), StringComparison.Ordinal);

        var completed = await ReadJsonAsync(await Http.PostAsync($"/api/v1/orders/{orderId}/complete", null));
        Assert.Equal("completed", completed.GetProperty("state").GetString());

        var trail = await App.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().Where(e => e.RecordId == orderId).OrderBy(e => e.Id)
            .Select(e => e.Action).ToListAsync());
        Assert.Equal(
            [OrderAudit.OpenedAction, OrderAudit.StateChangedAction, OrderAudit.RequestRecordedAction, OrderAudit.DocumentCheckedAction,
                OrderAudit.DocumentCheckedAction, OrderAudit.DocumentCheckedAction, OrderAudit.ConsentRecordedAction, OrderAudit.PaymentTakenAction,
                OrderAudit.StateChangedAction],
            trail);
        var stored = await App.WithDbAsync(db => db.Database.SqlQuery<string>($"SELECT line_number AS \"Value\" FROM orders WHERE order_id = {orderId}").SingleAsync());
        Assert.DoesNotContain("13812345678", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_request_makes_a_new_quote_and_needs_a_new_consent()
    {
        var orderId = (await OpenOrderAsync()).OrderId;
        await Http.StartAsync(orderId);
        await Http.RequestOkAsync(orderId, new { businessTypeCode = "broadband-installation", customerKind = "individual" });
        await Http.VerifyAsync(orderId, "id-card-original");
        await Http.ConsentOkAsync(orderId, 1);

        var changed = await Http.RequestOkAsync(orderId, new { businessTypeCode = "broadband-installation", customerKind = "individual",
            items = new[] { new { feeCode = "installation", quantity = 1 } } });

        Assert.Equal(2, changed.GetProperty("quote").GetProperty("version").GetInt32());
        Assert.Equal(10_900, changed.GetProperty("quote").GetProperty("totalFen").GetInt64());
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("consent").ValueKind);
        await AssertProblemAsync(await Http.PayAsync(orderId, new { method = "cash", amountFen = 10_900 }, "k"), 409);
        await AssertProblemAsync(await Http.ConsentAsync(orderId, 1), 409);
        await Http.ConsentOkAsync(orderId, 2);
        // Broadband allows partial payment: 5000 now, the rest later.
        Assert.Equal(HttpStatusCode.Created, (await Http.PayAsync(orderId, new { method = "cash", amountFen = 5_000 }, "k1")).StatusCode);
        await AssertProblemAsync(await Http.PostAsync($"/api/v1/orders/{orderId}/complete", null), 409);
        await AssertProblemAsync(await Http.PayAsync(orderId, new { method = "cash", amountFen = 5_901 }, "k2"), 409);
        Assert.Equal(HttpStatusCode.Created, (await Http.PayAsync(orderId, new { method = "mobile-wallet", amountFen = 5_900, transactionReference = "WX-1" }, "k3")).StatusCode);
        // Once paid the request can no longer change.
        await AssertProblemAsync(await Http.RecordRequestAsync(orderId, new { businessTypeCode = "broadband-installation", customerKind = "individual" }), 409);
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync($"/api/v1/orders/{orderId}/complete", null)).StatusCode);
    }

    [Fact]
    public async Task Partial_payment_is_refused_where_the_type_does_not_allow_it()
    {
        var orderId = (await OpenOrderAsync()).OrderId;
        await Http.ReadyToPayAsync(orderId);

        var problem = await AssertProblemAsync(await Http.PayAsync(orderId, new { method = "cash", amountFen = 500 }, "k"), 409);

        Assert.Contains("does not allow partial payment", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_payment_sent_20_times_concurrently_charges_once()
    {
        var orderId = (await OpenOrderAsync()).OrderId;
        await Http.ReadyToPayAsync(orderId);
        using var gate = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 20).Select(async _ =>
        {
            await gate.WaitAsync();
            return await Http.PayAsync(orderId, new { method = "cash", amountFen = 1_130 }, "double-click-1");
        }).ToArray();
        gate.Release(calls.Length);

        var responses = await Task.WhenAll(calls);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var paymentIds = await Task.WhenAll(responses.Select(async r => (await ReadJsonAsync(r)).GetProperty("payment").GetProperty("paymentId").GetString()));
        Assert.Single(paymentIds.Distinct());
        var (payments, paid, receipts) = await App.WithDbAsync(async db => (
            await db.Payments.CountAsync(p => p.OrderId == orderId),
            await db.Orders.Where(o => o.OrderId == orderId).Select(o => o.PaidFen).SingleAsync(),
            await db.Receipts.CountAsync(r => r.OrderId == orderId)));
        Assert.Equal((1, 1_130L, 1), (payments, paid, receipts));
        // The same key with another body is not a retry.
        await AssertProblemAsync(await Http.PayAsync(orderId, new { method = "cash", amountFen = 1_000 }, "double-click-1"), 409);
    }

    [Fact]
    public async Task Receipt_numbers_are_gap_free_per_hall_under_200_concurrent_payments()
    {
        const int PerHall = 100;
        var orders = new List<(string OrderId, string Hall)>();
        foreach (var hall in new[] { "hall-a", "hall-b" })
        {
            for (var i = 0; i < PerHall; i++)
            {
                var opened = await Grpc.OpenOrderAsync(new OpenOrderRequest
                {
                    VisitId = NewVisitId(), HallId = hall, ServiceType = "B", CounterId = "c1", TicketNumber = "B001",
                });
                orders.Add((opened.OrderId, hall));
            }
        }
        await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (order, _) => await Http.ReadyToPayAsync(order.OrderId));
        using var gate = new SemaphoreSlim(0);
        var calls = orders.Select(async order =>
        {
            await gate.WaitAsync();
            var response = await Http.PayAsync(order.OrderId, new { method = "cash", amountFen = 1_130 }, "pay-" + order.OrderId);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (order.Hall, Number: (await ReadJsonAsync(response)).GetProperty("payment").GetProperty("receiptNumber").GetString()!);
        }).ToArray();
        gate.Release(calls.Length);

        var numbers = await Task.WhenAll(calls);

        var year = DateTime.UtcNow.Year;
        foreach (var hall in new[] { "hall-a", "hall-b" })
        {
            var expected = Enumerable.Range(1, PerHall).Select(n => $"R-{hall}-{year}-{n:D6}");
            Assert.Equal(expected, numbers.Where(n => n.Hall == hall).Select(n => n.Number).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task A_refund_needs_a_supervisor_other_than_the_requester_and_voids_the_receipt()
    {
        var orderId = (await OpenOrderAsync()).OrderId;
        await Http.ReadyToPayAsync(orderId);
        var payment = (await ReadJsonAsync(await Http.PayAsync(orderId, new { method = "cash", amountFen = 1_130 }, "k"))).GetProperty("payment");
        var paymentId = payment.GetProperty("paymentId").GetString();
        var refundUrl = $"/api/v1/orders/{orderId}/payments/{paymentId}/refund";
        using var agent = App.CreateClientAs(Agent);
        using var supervisor = App.CreateClientAs(Supervisor);

        await AssertProblemAsync(await agent.PostAsJsonAsync(refundUrl, new { reason = "faulty SIM", requestedBy = "agent-7" }), 403);
        await AssertProblemAsync(await supervisor.PostAsJsonAsync(refundUrl, new { reason = "faulty SIM", requestedBy = "supervisor-1" }), 409);
        var missingReason = await AssertProblemAsync(await supervisor.PostAsJsonAsync(refundUrl, new { reason = " ", requestedBy = "agent-7" }), 400);
        Assert.True(missingReason.GetProperty("errors").TryGetProperty("reason", out _));

        var refunded = await supervisor.PostAsJsonAsync(refundUrl, new { reason = "faulty SIM", requestedBy = "agent-7" });

        Assert.Equal(HttpStatusCode.Created, refunded.StatusCode);
        var body = await ReadJsonAsync(refunded);
        Assert.Equal(("refund", paymentId, 1_130L, "supervisor-1", "agent-7"), (body.GetProperty("payment").GetProperty("kind").GetString(),
            body.GetProperty("payment").GetProperty("refundOf").GetString(), body.GetProperty("payment").GetProperty("amountFen").GetInt64(),
            body.GetProperty("payment").GetProperty("approvedBy").GetString(), body.GetProperty("payment").GetProperty("requestedBy").GetString()));
        Assert.Equal(1_130, body.GetProperty("order").GetProperty("outstandingFen").GetInt64());
        var receipt = await ReadJsonAsync(await Http.GetAsync($"/api/v1/receipts/{payment.GetProperty("receiptNumber").GetString()}"));
        Assert.True(receipt.GetProperty("void").GetBoolean());
        await AssertProblemAsync(await supervisor.PostAsJsonAsync(refundUrl, new { reason = "again", requestedBy = "agent-7" }), 409);
        var list = await ReadJsonAsync(await Http.GetAsync($"/api/v1/orders/{orderId}/payments"));
        Assert.Equal(["payment", "refund"], list.EnumerateArray().Select(p => p.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Another_halls_order_and_receipt_are_not_found()
    {
        var orderId = (await OpenOrderAsync()).OrderId;
        await Http.ReadyToPayAsync(orderId);
        var number = (await ReadJsonAsync(await Http.PayAsync(orderId, new { method = "cash", amountFen = 1_130 }, "k")))
            .GetProperty("payment").GetProperty("receiptNumber").GetString();
        using var other = App.CreateClientAs(OtherHallAgent);

        await AssertProblemAsync(await other.RecordRequestAsync(orderId, new { businessTypeCode = "plan-change", customerKind = "individual" }), 404);
        await AssertProblemAsync(await other.PostAsJsonAsync($"/api/v1/orders/{orderId}/documents", new { documentCode = "id-card-original", status = "missing" }), 404);
        await AssertProblemAsync(await other.PayAsync(orderId, new { method = "cash", amountFen = 1 }, "k2"), 404);
        await AssertProblemAsync(await other.GetAsync($"/api/v1/orders/{orderId}/payments"), 404);
        await AssertProblemAsync(await other.GetAsync($"/api/v1/receipts/{number}"), 404);
        await AssertProblemAsync(await other.GetAsync($"/api/v1/receipts/{number}/print"), 404);
    }

    [Fact]
    public async Task Bad_step_input_is_400_naming_the_field()
    {
        var orderId = (await OpenOrderAsync()).OrderId;
        await Http.StartAsync(orderId);

        var request = await AssertProblemAsync(await Http.RecordRequestAsync(orderId, new
        {
            businessTypeCode = "NOPE!", customerKind = "robot", lineNumber = "12ab", accountNumber = "x",
            details = new Dictionary<string, string> { ["bad key!"] = "v" },
        }), 400);
        foreach (var field in new[] { "businessTypeCode", "customerKind", "lineNumber", "accountNumber", "details" })
        {
            Assert.True(request.GetProperty("errors").TryGetProperty(field, out _), field);
        }
        var unknownType = await AssertProblemAsync(await Http.RecordRequestAsync(orderId, new { businessTypeCode = "teleport", customerKind = "individual" }), 400);
        Assert.True(unknownType.GetProperty("errors").TryGetProperty("businessTypeCode", out _));
        var item = await AssertProblemAsync(await Http.RecordRequestAsync(orderId, new
        {
            businessTypeCode = "new-line", customerKind = "individual", items = new[] { new { feeCode = "caviar", quantity = 100 } },
        }), 400);
        Assert.True(item.GetProperty("errors").TryGetProperty("items[0].feeCode", out _));
        Assert.True(item.GetProperty("errors").TryGetProperty("items[0].quantity", out _));

        await Http.RequestOkAsync(orderId, new { businessTypeCode = "new-line", customerKind = "individual" });
        var document = await AssertProblemAsync(await Http.PostAsJsonAsync($"/api/v1/orders/{orderId}/documents", new { documentCode = "business-licence", status = "verified" }), 400);
        Assert.True(document.GetProperty("errors").TryGetProperty("documentCode", out _));
        var status = await AssertProblemAsync(await Http.PostAsJsonAsync($"/api/v1/orders/{orderId}/documents", new { documentCode = "id-card-original", status = "seen" }), 400);
        Assert.True(status.GetProperty("errors").TryGetProperty("status", out _));
        var consent = await AssertProblemAsync(await Http.ConsentAsync(orderId, 1, "verbal-witnessed"), 400);
        Assert.True(consent.GetProperty("errors").TryGetProperty("witnessStaffId", out _));

        var card = await AssertProblemAsync(await Http.PayAsync(orderId, new { method = "bank-card", amountFen = 0 }), 400);
        foreach (var field in new[] { "attemptId", "amountFen", "authorisationCode" })
        {
            Assert.True(card.GetProperty("errors").TryGetProperty(field, out _), field);
        }
        var wallet = await AssertProblemAsync(await Http.PayAsync(orderId, new { method = "mobile-wallet", amountFen = 10, attemptId = "a1" }), 400);
        Assert.True(wallet.GetProperty("errors").TryGetProperty("transactionReference", out _));
        var longKey = await AssertProblemAsync(await Http.PayAsync(orderId, new { method = "cash", amountFen = 10 }, new string('k', 101)), 400);
        Assert.True(longKey.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        var move = await AssertProblemAsync(await Http.PostAsJsonAsync($"/api/v1/orders/{orderId}/transitions", new { to = "completed", reason = "" }), 400);
        Assert.True(move.GetProperty("errors").TryGetProperty("to", out _));
        Assert.True(move.GetProperty("errors").TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task Pending_held_and_failed_are_reached_with_who_and_why()
    {
        var orderId = (await OpenOrderAsync()).OrderId;
        await Http.StartAsync(orderId);
        using var agent = App.CreateClientAs(Agent);

        var pending = await ReadJsonAsync(await agent.PostAsJsonAsync($"/api/v1/orders/{orderId}/transitions", new { to = "pending", reason = "customer fetches the ID card" }));
        Assert.Equal("pending", pending.GetProperty("state").GetString());
        var last = pending.GetProperty("stateChangeHistory")[1];
        Assert.Equal(("inProgress", "pending", "customer fetches the ID card", "agent-7"), (last.GetProperty("from").GetString(),
            last.GetProperty("to").GetString(), last.GetProperty("reason").GetString(), last.GetProperty("changedBy").GetString()));
        await AssertProblemAsync(await agent.PostAsJsonAsync($"/api/v1/orders/{orderId}/transitions", new { to = "failed", reason = "x" }), 409);
        Assert.Equal("inProgress", (await ReadJsonAsync(await agent.PostAsJsonAsync($"/api/v1/orders/{orderId}/transitions", new { to = "inProgress", reason = "back" }))).GetProperty("state").GetString());
        Assert.Equal("held", (await ReadJsonAsync(await agent.PostAsJsonAsync($"/api/v1/orders/{orderId}/transitions", new { to = "held", reason = "system down" }))).GetProperty("state").GetString());
        await agent.PostAsJsonAsync($"/api/v1/orders/{orderId}/transitions", new { to = "inProgress", reason = "system back" });
        Assert.Equal("failed", (await ReadJsonAsync(await agent.PostAsJsonAsync($"/api/v1/orders/{orderId}/transitions", new { to = "failed", reason = "provisioning failed" }))).GetProperty("state").GetString());
    }
}
