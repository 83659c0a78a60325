using System.Globalization;
using System.Net;
using System.Text;
using HallPlatform.Application;
using HallPlatform.Business.Application;
using HallPlatform.Business.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Business.Api;

public sealed record ReceiptResponse(
    string Number,
    [property: WireEnum<ReceiptKind>] string Kind,
    string HallId,
    int Year,
    long Sequence,
    string OrderId,
    string PaymentId,
    string BusinessTypeCode,
    string BusinessTypeName,
    int CatalogueVersion,
    int QuoteVersion,
    IReadOnlyList<QuoteLineResponse> Lines,
    long NetFen,
    long TaxFen,
    long TotalFen,
    long AmountPaidFen,
    [property: WireEnum<PaymentMethod>] string Method,
    string IssuedBy,
    DateTimeOffset IssuedAt,
    bool Void,
    DateTimeOffset? VoidedAt)
{
    public static ReceiptResponse From(Receipt r) => new(r.Number, r.Kind.ToWire(), r.HallId, r.Year, r.Sequence, r.OrderId, r.PaymentId,
        r.BusinessTypeCode, r.BusinessTypeName, r.CatalogueVersion, r.QuoteVersion, [.. r.Lines.Select(QuoteLineResponse.From)],
        r.NetFen, r.TaxFen, r.TotalFen, r.AmountPaidFen, r.Method.ToWire(), r.IssuedBy, r.IssuedAt, r.Void, r.VoidedAt);
}

/// <summary>REST for receipts and invoices: JSON, and a printable HTML page.</summary>
public static class ReceiptsApi
{
    public const string HtmlContentType = "text/html; charset=utf-8";

    public static IEndpointRouteBuilder MapReceiptsApi(this IEndpointRouteBuilder app)
    {
        var receipts = app.MapGroup("/api/v1/receipts")
            .WithTag("Receipts", "Numbered receipts and invoices of payments (gap-free per hall, year and kind); void ones keep their number.");
        receipts.MapGet("/{number}", GetAsync).WithName("GetReceipt")
            .WithSummary("Get a receipt or invoice")
            .WithDescription("By its number, e.g. `R-hall-001-2026-000123`: hall, items, amounts, tax, payment method, void mark.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        receipts.MapGet("/{number}/print", PrintAsync).WithName("PrintReceipt")
            .WithSummary("Printable receipt (HTML)")
            .WithDescription("The receipt as a printable `text/html` page; every text is HTML-encoded. (No PDF: see docs/business.md.)")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<ReceiptResponse>, ProblemHttpResult>> GetAsync(
        string number, OrderStepHandling steps, CancellationToken cancellationToken)
    {
        var outcome = await steps.ReceiptAsync(number, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(ReceiptResponse.From(outcome.Value!)) : outcome.ToProblem();
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> PrintAsync(
        string number, OrderStepHandling steps, CancellationToken cancellationToken)
    {
        var outcome = await steps.ReceiptAsync(number, cancellationToken);
        return outcome.Succeeded ? TypedResults.Content(Html(outcome.Value!), HtmlContentType) : outcome.ToProblem();
    }

    /// <summary>Yuan with two decimals from fen, e.g. 12345 -> "123.45".</summary>
    public static string Yuan(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The printable page; every value goes through HTML encoding.</summary>
    public static string Html(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        static string E(string text) => WebUtility.HtmlEncode(text);
        var title = receipt.Kind == ReceiptKind.Invoice ? "Invoice" : "Receipt";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E($"{title} {receipt.Number}"))
            .Append("</title><style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px}"
                + "td.n{text-align:right}.void{color:#b00;font-weight:bold}</style></head><body>");
        html.Append("<h1>").Append(E(title)).Append(' ').Append(E(receipt.Number)).Append("</h1>");
        if (receipt.Void)
        {
            html.Append("<p class=\"void\">VOID</p>");
        }
        html.Append("<p>Hall: ").Append(E(receipt.HallId)).Append("<br>Order: ").Append(E(receipt.OrderId))
            .Append("<br>Business: ").Append(E(receipt.BusinessTypeName)).Append(" (").Append(E(receipt.BusinessTypeCode)).Append(')')
            .Append("<br>Issued: ").Append(E(receipt.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .Append(" by ").Append(E(receipt.IssuedBy)).Append("</p>");
        html.Append("<table><thead><tr><th>Item</th><th>Qty</th><th>Unit (CNY)</th><th>Net</th><th>Tax rate</th><th>Tax</th><th>Total</th></tr></thead><tbody>");
        foreach (var line in receipt.Lines)
        {
            html.Append("<tr><td>").Append(E(line.Name)).Append("</td><td class=\"n\">").Append(line.Quantity.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td class=\"n\">").Append(Yuan(line.UnitAmountFen))
                .Append("</td><td class=\"n\">").Append(Yuan(line.NetFen))
                .Append("</td><td class=\"n\">").Append((line.TaxRateBasisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture)).Append(" %")
                .Append("</td><td class=\"n\">").Append(Yuan(line.TaxFen))
                .Append("</td><td class=\"n\">").Append(Yuan(line.LineTotalFen)).Append("</td></tr>");
        }
        html.Append("</tbody></table>");
        html.Append("<p>Net: ").Append(Yuan(receipt.NetFen)).Append(" CNY<br>Tax: ").Append(Yuan(receipt.TaxFen))
            .Append(" CNY<br>Total: ").Append(Yuan(receipt.TotalFen)).Append(" CNY<br>Paid now: ").Append(Yuan(receipt.AmountPaidFen))
            .Append(" CNY by ").Append(E(receipt.Method.ToWire())).Append("</p></body></html>");
        return html.ToString();
    }
}
