using System.Net;
using System.Text;

namespace HallPlatform.Business.Printing;

/// <summary>The printable receipt as an HTML page; every text goes through HTML encoding.</summary>
public static class ReceiptHtml
{
    public const string ContentType = "text/html; charset=utf-8";

    public static string Render(PrintedReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(receipt.Heading))
            .Append("</title><style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px}"
                + "td.n{text-align:right}.void{color:#b00;font-weight:bold}</style></head><body>");
        html.Append("<h1>").Append(E(receipt.Heading)).Append("</h1>");
        if (receipt.VoidMark is { } voidMark)
        {
            html.Append("<p class=\"void\">").Append(E(voidMark)).Append("</p>");
        }
        AppendFields(html, receipt.Header);
        html.Append("<table><thead><tr>");
        foreach (var column in PrintedReceipt.Columns)
        {
            html.Append("<th>").Append(E(column)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>");
        foreach (var line in receipt.Lines)
        {
            html.Append("<tr><td>").Append(E(line.Item)).Append("</td>");
            foreach (var cell in line.Cells.Skip(1))
            {
                html.Append("<td class=\"n\">").Append(E(cell)).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        AppendFields(html, receipt.Totals);
        html.Append("</body></html>");
        return html.ToString();

        static void AppendFields(StringBuilder html, IReadOnlyList<PrintedField> fields)
        {
            html.Append("<p>");
            for (var i = 0; i < fields.Count; i++)
            {
                html.Append(i == 0 ? "" : "<br>").Append(E(fields[i].Label)).Append(": ").Append(E(fields[i].Value));
            }
            html.Append("</p>");
        }
    }
}
