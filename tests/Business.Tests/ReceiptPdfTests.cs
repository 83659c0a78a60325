using System.Net;
using System.Net.Http.Json;
using System.Text;
using HallPlatform.Business.Domain;
using HallPlatform.Business.Printing;
using HallPlatform.Identity;
using UglyToad.PdfPig;

namespace HallPlatform.Business.Tests;

/// <summary>Reads a PDF back with PdfPig (an independent reader): its pages and its text.</summary>
internal static class PdfText
{
    public static (int Pages, string Text) Read(byte[] pdf)
    {
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        using var document = PdfDocument.Open(pdf);
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            text.Append(page.Text).Append('\n');
        }
        return (document.NumberOfPages, text.ToString());
    }
}

/// <summary>The PDF of a receipt without a server: its texts, Chinese, characters without a glyph, long tables.</summary>
public sealed class ReceiptPdfTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static Receipt IssuedReceipt(string hallId, string typeName, params (string Name, long AmountFen, int TaxRate, int Quantity)[] fees)
    {
        var items = fees.Select((f, i) => new FeeItem($"fee-{i}", f.Name, FeeKind.OneOff, f.AmountFen, f.TaxRate)).ToList();
        var type = new BusinessTypeVersion("x", 1, new BusinessTypeDefinition(typeName,
            [new RequiredDocument("id", "ID", [CustomerKind.Individual])], items, false, false, 5), "seed", Now);
        var order = Order.Open(new OpenOrderCommand("vis_1", hallId, "B", "c1", "B001"), Now);
        order.RecordRequest(new OrderRequest("x", CustomerKind.Individual, null, null,
            [.. items.Select((f, i) => new OrderItem(f.Code, fees[i].Quantity))], new Dictionary<string, string>()), type, "{}", "agent-1", Now);
        var payment = Payment.Take(order, "k", PaymentMethod.MobileWallet, order.Quote!.TotalFen, null, "T-1", "agent-1", Now);
        return Receipt.Issue(ReceiptKind.Receipt, 42, order, type.Name, payment, Now);
    }

    [Fact]
    public void The_pdf_has_the_number_items_amounts_tax_total_and_payment_method()
    {
        // 12345 x 2 = 24690 + 6 % (1481.4 -> 1481) = 26171; 1000 + 13 % = 1130; total 27301 fen.
        var receipt = IssuedReceipt("hall-001", "Broadband installation", ("Installation fee", 12_345, 600, 2), ("Optical modem", 1_000, 1_300, 1));

        var (pages, text) = PdfText.Read(ReceiptPdf.Render(PrintedReceipt.From(receipt), Now));

        Assert.Equal(1, pages);
        foreach (var expected in new[]
        {
            "Receipt R-hall-001-2026-000042", "Hall: hall-001", "Business: Broadband installation (x)", "Issued: 2026-03-01 09:00 UTC by agent-1",
            "Installation fee", "Optical modem", "123.45", "246.90", "14.81", "261.71", "6 %", "13 %", "11.30",
            "Net: 256.90 CNY", "Tax: 16.11 CNY", "Total: 273.01 CNY", "Paid now: 273.01 CNY by mobile-wallet",
        })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(PrintedReceipt.VoidText, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_void_receipt_carries_the_void_mark()
    {
        var receipt = IssuedReceipt("hall-001", "SIM card replacement", ("Replacement SIM card", 1_000, 1_300, 1));
        receipt.MarkVoid("refunded", Now.AddHours(2));

        var (_, text) = PdfText.Read(ReceiptPdf.Render(PrintedReceipt.From(receipt), Now));

        Assert.Contains("VOID (voided 2026-03-01 11:00 UTC)", text, StringComparison.Ordinal);
        Assert.Contains("R-hall-001-2026-000042", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Chinese_text_is_printed_and_a_character_without_a_glyph_becomes_a_question_mark()
    {
        var receipt = IssuedReceipt("营业厅-001", "补换SIM卡", ("补卡工本费", 1_000, 1_300, 1), ("号码携转服务费 😀", 500, 600, 1));

        var (_, text) = PdfText.Read(ReceiptPdf.Render(PrintedReceipt.From(receipt), Now));

        Assert.Contains("R-营业厅-001-2026-000042", text, StringComparison.Ordinal);
        Assert.Contains("Business: 补换SIM卡 (x)", text, StringComparison.Ordinal);
        Assert.Contains("补卡工本费", text, StringComparison.Ordinal);
        Assert.Contains("号码携转服务费 ?", text, StringComparison.Ordinal);
        Assert.DoesNotContain("😀", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_and_broken_surrogates_do_not_break_the_pdf()
    {
        var receipt = IssuedReceipt("hall-001", "Tab\there\u0000", ("Bad \ud800 surrogate\r\nname", 100, 0, 1));

        var (_, text) = PdfText.Read(ReceiptPdf.Render(PrintedReceipt.From(receipt), Now));

        Assert.Contains("Business: Tab here  (x)", text, StringComparison.Ordinal);
        Assert.Contains("Bad ? surrogate", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_table_continues_on_further_pages_and_long_names_wrap_without_losing_text()
    {
        var longName = string.Concat(Enumerable.Repeat("宽带安装调测服务", 25));
        var fees = Enumerable.Range(1, 60).Select(i => ($"Item number {i:D2}", 100L * i, 600, 1)).Append((longName, 1L, 0, 1)).ToArray();
        var receipt = IssuedReceipt("hall-001", new string('B', 200), fees);

        var (pages, text) = PdfText.Read(ReceiptPdf.Render(PrintedReceipt.From(receipt), Now));

        Assert.True(pages >= 2, $"{pages} page(s)");
        for (var i = 1; i <= 60; i++)
        {
            Assert.Contains($"Item number {i:D2}", text, StringComparison.Ordinal);
        }
        // Wrapped lines are separate strings on the page: the name's characters are all there, in order.
        Assert.Contains(longName, text.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains($"Total: {PrintedReceipt.Yuan(receipt.TotalFen)} CNY", text, StringComparison.Ordinal);
        // The item table's headings are repeated on the next page.
        Assert.True(text.Split("Tax rate").Length - 1 >= 2);
    }

    [Fact]
    public void The_pdf_and_the_html_page_print_the_same_values()
    {
        var printed = PrintedReceipt.From(IssuedReceipt("hall-001", "Plan change", ("Change fee", 2_050, 900, 3)));

        var (_, text) = PdfText.Read(ReceiptPdf.Render(printed, Now));
        var html = ReceiptHtml.Render(printed);

        var values = printed.Header.Concat(printed.Totals).Select(f => $"{f.Label}: {f.Value}")
            .Concat(printed.Lines.SelectMany(l => l.Cells)).Append(printed.Heading).ToList();
        Assert.Equal(16, values.Count);
        foreach (var value in values)
        {
            Assert.Contains(value, text, StringComparison.Ordinal);
            Assert.Contains(WebUtility.HtmlEncode(value), html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("abc def ghi", 7, new[] { "abc def", "ghi" })]
    [InlineData("abc  def", 3, new[] { "abc", "def" })]
    [InlineData("abcdefghij", 4, new[] { "abcd", "efgh", "ij" })]
    [InlineData("一二三四五六七", 3, new[] { "一二三", "四五六", "七" })]
    [InlineData("ab cdefgh", 4, new[] { "ab", "cdef", "gh" })]
    [InlineData("", 4, new[] { "" })]
    public void Wrapping_breaks_at_the_last_space_that_fits_or_between_characters(string text, double width, string[] expected) =>
        Assert.Equal(expected, ReceiptPdf.Wrap(text, s => s.Length, width));

    [Fact]
    public void The_font_resolver_is_installed_once_under_concurrent_first_use()
    {
        var receipt = PrintedReceipt.From(IssuedReceipt("hall-001", "SIM card replacement", ("Replacement SIM card", 1_000, 1_300, 1)));

        var pdfs = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(_ => ReceiptPdf.Render(receipt, Now)).ToList();

        Assert.All(pdfs, pdf => Assert.Contains("Total: 11.30 CNY", PdfText.Read(pdf).Text, StringComparison.Ordinal));
        Assert.IsType<ReceiptFontResolver>(PdfSharp.Fonts.GlobalFontSettings.FontResolver);
    }
}

/// <summary>GET /receipts/{number}/pdf over REST against a real PostgreSQL.</summary>
[Collection(RealServersCollection.Name)]
public sealed class ReceiptPdfRestTests(RealServersFixture servers) : BusinessServiceTestBase(servers)
{
    private static readonly HallCaller OtherHallAgent = TestCallers.Staff("agent-9", HallRoles.CounterAgent, "hall_2");
    private static readonly HallCaller Supervisor = TestCallers.Staff("supervisor-1", HallRoles.Supervisor, "hall_1");

    private async Task<(string OrderId, string PaymentId, string Number)> PaidAsync()
    {
        var orderId = (await OpenOrderAsync()).OrderId;
        await Http.ReadyToPayAsync(orderId);
        var payment = (await ReadJsonAsync(await Http.PayAsync(orderId, new { method = "cash", amountFen = 1_130 }, "k"))).GetProperty("payment");
        return (orderId, payment.GetProperty("paymentId").GetString()!, payment.GetProperty("receiptNumber").GetString()!);
    }

    [Fact]
    public async Task The_pdf_of_a_paid_receipt_has_its_number_items_and_total()
    {
        var (_, _, number) = await PaidAsync();

        var response = await Http.GetAsync($"/api/v1/receipts/{number}/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"{number}.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);
        var (pages, text) = PdfText.Read(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, pages);
        foreach (var expected in new[]
        {
            $"Receipt {number}", "Hall: hall_1", "Business: SIM card replacement (sim-replacement)", "Replacement SIM card",
            "10.00", "13 %", "1.30", "Total: 11.30 CNY", "Paid now: 11.30 CNY by cash",
        })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("VOID", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pdf_of_a_refunded_payment_shows_the_void_mark()
    {
        var (orderId, paymentId, number) = await PaidAsync();
        using var supervisor = App.CreateClientAs(Supervisor);
        var refund = await supervisor.PostAsJsonAsync($"/api/v1/orders/{orderId}/payments/{paymentId}/refund", new { reason = "faulty SIM", requestedBy = "agent-7" });
        Assert.Equal(HttpStatusCode.Created, refund.StatusCode);

        var (_, text) = PdfText.Read(await Http.GetByteArrayAsync($"/api/v1/receipts/{number}/pdf"));

        Assert.Contains("VOID (voided ", text, StringComparison.Ordinal);
        Assert.Contains(number, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_halls_unknown_and_over_long_numbers_are_404_problems_like_the_json()
    {
        var (_, _, number) = await PaidAsync();
        using var other = App.CreateClientAs(OtherHallAgent);

        var json = await AssertProblemAsync(await other.GetAsync($"/api/v1/receipts/{number}"), 404);
        var pdf = await AssertProblemAsync(await other.GetAsync($"/api/v1/receipts/{number}/pdf"), 404);
        Assert.Equal(json.GetProperty("detail").GetString(), pdf.GetProperty("detail").GetString());
        await AssertProblemAsync(await Http.GetAsync("/api/v1/receipts/R-hall_1-2026-999999/pdf"), 404);
        await AssertProblemAsync(await Http.GetAsync($"/api/v1/receipts/{new string('R', Receipt.NumberMaxLength + 1)}/pdf"), 404);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_pdf_as_binary()
    {
        var paths = (await ReadJsonAsync(await Http.GetAsync("/openapi/v1.json"))).GetProperty("paths");

        var get = paths.GetProperty("/api/v1/receipts/{number}/pdf").GetProperty("get");
        var schema = get.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/pdf").GetProperty("schema");
        Assert.Equal(("string", "binary"), (schema.GetProperty("type").GetString(), schema.GetProperty("format").GetString()));
        Assert.True(get.GetProperty("responses").GetProperty("404").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.Equal("GetReceiptPdf", get.GetProperty("operationId").GetString());
    }
}
