using HallPlatform.Business.Api;
using HallPlatform.Business.Data;
using HallPlatform.Business.Domain;
using HallPlatform.Business.Printing;

namespace HallPlatform.Business.Tests;

/// <summary>Money, document, consent, payment and refund rules of the domain, without a server.</summary>
public sealed class BusinessRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly BusinessTypeVersion Broadband = new("broadband-installation", 1, CatalogueSeed.Types["broadband-installation"], "seed", Now);
    private static readonly BusinessTypeVersion NewLine = new("new-line", 1, CatalogueSeed.Types["new-line"], "seed", Now);
    private static readonly BusinessTypeVersion PlanChange = new("plan-change", 1, CatalogueSeed.Types["plan-change"], "seed", Now);

    [Theory]
    // net fen, rate (basis points), expected tax: round half away from zero of net * rate / 10000
    [InlineData(2_500, 1_300, 325)]
    [InlineData(5_800, 900, 522)]
    [InlineData(50, 100, 1)]      // 0.5 -> 1
    [InlineData(150, 100, 2)]     // 1.5 -> 2
    [InlineData(149, 100, 1)]     // 1.49 -> 1
    [InlineData(250, 100, 3)]     // 2.5 -> 3 (not banker's 2)
    [InlineData(-50, 100, -1)]    // away from zero on the negative side too
    [InlineData(999, 600, 60)]    // 59.94 -> 60
    [InlineData(0, 1_300, 0)]
    [InlineData(10_000, 0, 0)]
    public void Tax_is_rounded_half_away_from_zero(long netFen, int rate, long expectedTax) =>
        Assert.Equal(expectedTax, Money.TaxFen(netFen, rate));

    [Fact]
    public void Tax_is_computed_per_line_not_per_unit()
    {
        // 3 × 25 fen at 10 %: per line 7.5 -> 8; per unit it would be 3 × round(2.5) = 9.
        var line = Money.Line(new FeeItem("x", "X", FeeKind.OneOff, 25, 1_000), 3);

        Assert.Equal(new QuoteLine("x", "X", FeeKind.OneOff, 3, 25, 75, 1_000, 8, 83), line);
    }

    [Fact]
    public void The_quote_total_is_the_sum_of_the_line_totals()
    {
        var order = StartedOrder();
        order.RecordRequest(Request("new-line", CustomerKind.Individual, new OrderItem("sim-card", 1), new OrderItem("plan-58", 2)), NewLine, "{}", "agent-1", Now);

        var quote = order.Quote!;
        Assert.Equal(1, quote.Version);
        // sim-card 2500 + 13 % = 2500 + 325 = 2825; plan-58 2 × 5800 = 11600 + 9 % = 11600 + 1044 = 12644.
        Assert.Equal([2_825L, 12_644L], quote.Lines.Select(l => l.LineTotalFen));
        Assert.Equal((14_100L, 1_369L, 15_469L), (quote.NetFen, quote.TaxFen, quote.TotalFen));
    }

    [Theory]
    [InlineData(CustomerKind.Individual, new[] { "id-card-original" })]
    [InlineData(CustomerKind.Agent, new[] { "id-card-original", "agent-id-card", "authorisation-letter" })]
    [InlineData(CustomerKind.Company, new[] { "agent-id-card", "authorisation-letter", "business-licence" })]
    public void Required_documents_follow_the_customer_kind(CustomerKind kind, string[] expected)
    {
        var order = StartedOrder();
        order.RecordRequest(Request("new-line", kind), NewLine, "{}", "agent-1", Now);

        Assert.Equal(expected, order.Documents.Select(d => d.Code));
        Assert.Equal(expected, order.MissingDocuments);
        Assert.All(order.Documents, d => Assert.Equal(DocumentStatus.Missing, d.Status));
    }

    [Fact]
    public void A_missing_document_blocks_consent_payment_and_completion_naming_it()
    {
        var order = StartedOrder();
        order.RecordRequest(Request("new-line", CustomerKind.Agent), NewLine, "{}", "agent-1", Now);
        order.CheckDocument("id-card-original", DocumentStatus.Verified, "agent-1", Now);

        Assert.Equal("Required documents are missing: agent-id-card, authorisation-letter.", order.ConsentRefusal(1));
        Assert.Equal("Required documents are missing: agent-id-card, authorisation-letter.", order.PaymentRefusal(100, false));
        Assert.Equal("Required documents are missing: agent-id-card, authorisation-letter.", order.CompletionRefusal());
    }

    [Fact]
    public void A_verified_document_is_recorded_with_who_and_when_and_survives_a_changed_request()
    {
        var order = StartedOrder();
        order.RecordRequest(Request("new-line", CustomerKind.Individual), NewLine, "{}", "agent-1", Now);
        Assert.True(order.CheckDocument("id-card-original", DocumentStatus.Verified, "agent-2", Now.AddMinutes(1)));
        Assert.False(order.CheckDocument("business-licence", DocumentStatus.Verified, "agent-2", Now));

        order.RecordRequest(Request("new-line", CustomerKind.Agent), NewLine, "{}", "agent-1", Now.AddMinutes(2));

        Assert.Equal(new DocumentCheck("id-card-original", "Holder's resident ID card (original)", DocumentStatus.Verified, "agent-2", Now.AddMinutes(1)),
            order.Documents[0]);
        Assert.Equal(["agent-id-card", "authorisation-letter"], order.MissingDocuments);
    }

    [Fact]
    public void Consent_is_to_the_current_quote_only_and_a_changed_request_withdraws_it()
    {
        var order = ReadyOrder(Broadband, CustomerKind.Individual, "id-card-original");
        Assert.Equal("Quote version 2 is not the current quote (version 1); the customer must consent to the current one.", order.ConsentRefusal(2));
        Assert.Null(order.ConsentRefusal(1));
        order.RecordConsent(new Consent(1, ConsentMethod.Pin, null, "agent-1", Now));
        Assert.Null(order.PaymentRefusal(order.OutstandingFen, false));

        order.RecordRequest(Request("broadband-installation", CustomerKind.Individual, new OrderItem("installation", 1)), Broadband, "{}", "agent-1", Now);

        Assert.Equal(2, order.Quote!.Version);
        Assert.Null(order.Consent);
        Assert.Equal("The customer has not consented to the current quote (version 2).", order.PaymentRefusal(order.OutstandingFen, true));
        Assert.Equal("Quote version 1 is not the current quote (version 2); the customer must consent to the current one.", order.ConsentRefusal(1));
    }

    [Fact]
    public void No_payment_without_consent()
    {
        var order = ReadyOrder(NewLine, CustomerKind.Individual, "id-card-original");

        Assert.Equal("The customer has not consented to the current quote (version 1).", order.PaymentRefusal(order.OutstandingFen, false));
    }

    [Fact]
    public void Overpayment_and_partial_payment_where_not_allowed_are_refused()
    {
        var order = ReadyOrder(NewLine, CustomerKind.Individual, "id-card-original");
        order.RecordConsent(new Consent(1, ConsentMethod.SignaturePad, null, "agent-1", Now));
        var outstanding = order.OutstandingFen;
        Assert.Equal(2_825 + 6_322 + 10_600, outstanding);

        Assert.Equal($"amountFen {outstanding + 1} is more than the {outstanding} fen outstanding.", order.PaymentRefusal(outstanding + 1, true));
        Assert.Equal($"This business type does not allow partial payment: pay the {outstanding} fen outstanding.", order.PaymentRefusal(100, false));
        Assert.Null(order.PaymentRefusal(100, true));
        Assert.Null(order.PaymentRefusal(outstanding, false));
    }

    [Fact]
    public void Partial_payments_add_up_and_completion_needs_all_of_it()
    {
        var order = ReadyOrder(Broadband, CustomerKind.Individual, "id-card-original");
        order.RecordConsent(new Consent(1, ConsentMethod.VerbalWitnessed, "agent-9", "agent-1", Now));
        var total = order.Quote!.TotalFen;

        order.RecordPayment(10_000);

        Assert.Equal(total - 10_000, order.OutstandingFen);
        Assert.Equal($"The order is not paid in full: {total - 10_000} fen outstanding.", order.CompletionRefusal());
        order.RecordPayment(total - 10_000);
        Assert.Null(order.CompletionRefusal());
        Assert.Equal("Nothing is outstanding on this order.", order.PaymentRefusal(1, true));
        order.RecordRefund(10_000);
        Assert.Equal(10_000, order.OutstandingFen);
    }

    [Fact]
    public void A_zero_total_completes_without_payment_or_consent()
    {
        var order = ReadyOrder(PlanChange, CustomerKind.Individual, "id-card-original");

        Assert.Equal(0, order.Quote!.TotalFen);
        Assert.Null(order.CompletionRefusal());
    }

    [Fact]
    public void An_order_without_a_request_cannot_complete()
    {
        Assert.Equal("The customer's request is not recorded.", StartedOrder().CompletionRefusal());
    }

    [Fact]
    public void Refund_rules_supervisor_only_not_the_requester_never_a_refund()
    {
        var order = ReadyOrder(NewLine, CustomerKind.Individual, "id-card-original");
        var payment = Payment.Take(order, "k1", PaymentMethod.Cash, 100, null, null, "agent-1", Now);

        Assert.Null(payment.RefundRefusal("agent-1", "supervisor-1", approverIsSupervisor: true));
        Assert.Equal("Only a supervisor may approve a refund.", payment.RefundRefusal("agent-1", "agent-2", approverIsSupervisor: false));
        Assert.Equal("The supervisor approving a refund must not be the staff member who requested it.",
            payment.RefundRefusal("supervisor-1", "supervisor-1", approverIsSupervisor: true));

        var refund = Payment.RefundOfPayment(payment, "faulty SIM", "agent-1", "supervisor-1", Now);
        Assert.Equal((PaymentKind.Refund, payment.PaymentId, 100L, "supervisor-1"), (refund.Kind, refund.RefundOf, refund.AmountFen, refund.ApprovedBy));
        Assert.Equal("A refund cannot itself be refunded.", refund.RefundRefusal("agent-1", "supervisor-2", approverIsSupervisor: true));
    }

    [Theory]
    [InlineData(ReceiptKind.Receipt, "hall-001", 2026, 123, "R-hall-001-2026-000123")]
    [InlineData(ReceiptKind.Invoice, "hall-002", 2027, 1, "I-hall-002-2027-000001")]
    public void Receipt_numbers_name_kind_hall_year_and_sequence(ReceiptKind kind, string hall, int year, long sequence, string expected) =>
        Assert.Equal(expected, Receipt.FormatNumber(kind, hall, year, sequence));

    [Theory]
    [InlineData(0, "0.00")]
    [InlineData(5, "0.05")]
    [InlineData(12_345, "123.45")]
    public void Printed_amounts_are_yuan_with_two_decimals(long fen, string expected) => Assert.Equal(expected, PrintedReceipt.Yuan(fen));

    private static Order StartedOrder()
    {
        var order = Order.Open(new OpenOrderCommand("vis_1", "hall-001", "B", "c1", "B001"), Now);
        Assert.True(order.TryMoveTo(OrderState.InProgress, "start", Now, "agent-1"));
        return order;
    }

    private static Order ReadyOrder(BusinessTypeVersion type, CustomerKind kind, params string[] verified)
    {
        var order = StartedOrder();
        order.RecordRequest(Request(type.Code, kind, [.. type.FeeItems.Select(f => new OrderItem(f.Code, 1))]), type, "{}", "agent-1", Now);
        foreach (var code in verified)
        {
            Assert.True(order.CheckDocument(code, DocumentStatus.Verified, "agent-1", Now));
        }
        return order;
    }

    private static OrderRequest Request(string code, CustomerKind kind, params OrderItem[] items) =>
        new(code, kind, "13812345678", null, items, new Dictionary<string, string>());
}

public sealed class ReceiptHtmlTests
{
    [Fact]
    public void Every_text_of_the_printable_receipt_is_html_encoded()
    {
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var type = new BusinessTypeVersion("x", 1, new BusinessTypeDefinition("<b>Type</b>",
            [new RequiredDocument("id", "ID", [CustomerKind.Individual])],
            [new FeeItem("f", "<script>alert(1)</script>", FeeKind.OneOff, 12_345, 600)], false, false, 5), "seed", now);
        var order = Order.Open(new OpenOrderCommand("vis_1", "hall-<1>", "B", "c1", "B001"), now);
        order.RecordRequest(new OrderRequest("x", CustomerKind.Individual, null, null, [new OrderItem("f", 1)], new Dictionary<string, string>()),
            type, "{}", "agent&1", now);
        var payment = Payment.Take(order, "k", PaymentMethod.Cash, order.Quote!.TotalFen, null, null, "agent&1", now);
        var receipt = Receipt.Issue(ReceiptKind.Receipt, 7, order, type.Name, payment, now);

        var html = ReceiptHtml.Render(PrintedReceipt.From(receipt));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Type", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("R-hall-&lt;1&gt;-2026-000007", html, StringComparison.Ordinal);
        Assert.Contains("agent&amp;1", html, StringComparison.Ordinal);
        // 12345 + 6 % (740.7 -> 741) = 13086 fen.
        Assert.Contains("130.86", html, StringComparison.Ordinal);
    }
}
