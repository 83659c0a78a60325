using System.Globalization;
using HallPlatform.Application;
using HallPlatform.Business.Domain;

namespace HallPlatform.Business.Printing;

/// <summary>A labelled value of the printed receipt, e.g. ("Hall", "hall-001") or ("Total", "91.47 CNY").</summary>
public sealed record PrintedField(string Label, string Value);

/// <summary>One item row of the printed receipt, every cell already formatted.</summary>
public sealed record PrintedLine(string Item, string Quantity, string UnitAmount, string Net, string TaxRate, string Tax, string Total)
{
    /// <summary>The cells in the order of <see cref="PrintedReceipt.Columns"/>.</summary>
    public IReadOnlyList<string> Cells => [Item, Quantity, UnitAmount, Net, TaxRate, Tax, Total];
}

/// <summary>
/// What a printed receipt or invoice says, formatted once from the stored receipt: the HTML page
/// (<see cref="ReceiptHtml"/>) and the PDF (<see cref="ReceiptPdf"/>) only lay these texts out, so both show the same
/// values. Amounts are yuan with two decimals from integer fen, times UTC.
/// </summary>
public sealed record PrintedReceipt(
    string Title,
    string Number,
    string? VoidMark,
    IReadOnlyList<PrintedField> Header,
    IReadOnlyList<PrintedLine> Lines,
    IReadOnlyList<PrintedField> Totals)
{
    public const string Currency = "CNY";

    /// <summary>The mark a void receipt carries (a refunded payment's receipt keeps its number).</summary>
    public const string VoidText = "VOID";

    /// <summary>The item table's column headings.</summary>
    public static readonly IReadOnlyList<string> Columns = ["Item", "Qty", $"Unit ({Currency})", "Net", "Tax rate", "Tax", "Total"];

    /// <summary>Yuan with two decimals from fen, e.g. 12345 -> "123.45".</summary>
    public static string Yuan(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A tax rate from basis points, e.g. 600 -> "6 %", 1250 -> "12.5 %".</summary>
    public static string Percent(int basisPoints) => (basisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    /// <summary>A time as printed: UTC to the minute, e.g. "2026-03-01 09:00 UTC".</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The heading: "Receipt R-..." or "Invoice I-...".</summary>
    public string Heading => $"{Title} {Number}";

    public static PrintedReceipt From(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return new(
            receipt.Kind == ReceiptKind.Invoice ? "Invoice" : "Receipt",
            receipt.Number,
            receipt.Void ? VoidText + (receipt.VoidedAt is { } voidedAt ? $" (voided {Time(voidedAt)})" : "") : null,
            [
                new("Hall", receipt.HallId),
                new("Order", receipt.OrderId),
                new("Business", $"{receipt.BusinessTypeName} ({receipt.BusinessTypeCode})"),
                new("Issued", $"{Time(receipt.IssuedAt)} by {receipt.IssuedBy}"),
            ],
            [.. receipt.Lines.Select(line => new PrintedLine(
                line.Name,
                line.Quantity.ToString(CultureInfo.InvariantCulture),
                Yuan(line.UnitAmountFen),
                Yuan(line.NetFen),
                Percent(line.TaxRateBasisPoints),
                Yuan(line.TaxFen),
                Yuan(line.LineTotalFen)))],
            [
                new("Net", $"{Yuan(receipt.NetFen)} {Currency}"),
                new("Tax", $"{Yuan(receipt.TaxFen)} {Currency}"),
                new("Total", $"{Yuan(receipt.TotalFen)} {Currency}"),
                new("Paid now", $"{Yuan(receipt.AmountPaidFen)} {Currency} by {receipt.Method.ToWire()}"),
            ]);
    }
}
