using System.Net.Http.Headers;
using HallPlatform.Application;
using HallPlatform.Business.Application;
using HallPlatform.Business.Domain;
using HallPlatform.Business.Printing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

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

/// <summary>REST for receipts and invoices: JSON, and printable as an HTML page and as a PDF (same texts: <see cref="PrintedReceipt"/>).</summary>
public static class ReceiptsApi
{
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
            .WithDescription("The receipt as a printable `text/html` page; every text is HTML-encoded. The same texts as "
                + "`GET /receipts/{number}/pdf`.")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound);
        receipts.MapGet("/{number}/pdf", PdfAsync).WithName("GetReceiptPdf")
            .WithSummary("Printable receipt (PDF)")
            .WithDescription("The receipt as an A4 `application/pdf` document (shown inline, file name `{number}.pdf`) with the same "
                + "texts as the HTML page: hall, number, date, items, quantities, amounts, tax, total, payment method and the void "
                + "mark. Text is embedded in a font covering Latin and Chinese; a character it has no glyph for prints as `?`.")
            .Produces(StatusCodes.Status200OK, contentType: ReceiptPdf.ContentType)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The document's bytes: a binary string (Produces without a type writes no schema).
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
                {
                    response.Description = "The receipt as a PDF document.";
                    response.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
                    response.Content[ReceiptPdf.ContentType] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                    };
                }
                return Task.CompletedTask;
            })
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
        return outcome.Succeeded
            ? TypedResults.Content(ReceiptHtml.Render(PrintedReceipt.From(outcome.Value!)), ReceiptHtml.ContentType)
            : outcome.ToProblem();
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(
        string number, OrderStepHandling steps, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await steps.ReceiptAsync(number, cancellationToken);
        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }
        var receipt = outcome.Value!;
        var pdf = ReceiptPdf.Render(PrintedReceipt.From(receipt), time.GetUtcNow());
        // Inline, so a browser shows it ready to print; the header value quotes or encodes the number as needed.
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("inline") { FileNameStar = $"{receipt.Number}.pdf" }.ToString();
        return TypedResults.File(pdf, ReceiptPdf.ContentType);
    }
}
