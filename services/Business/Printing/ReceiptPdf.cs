using System.Globalization;
using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace HallPlatform.Business.Printing;

/// <summary>
/// The printable receipt as a PDF (PDFsharp): A4, the same texts as the HTML page (<see cref="PrintedReceipt"/>), long
/// texts wrapped inside their column, the item table continued on further pages (with its headings) when it does not
/// fit. Text is drawn in the shipped font (<see cref="ReceiptFontResolver"/>), embedded as a subset with Unicode
/// encoding so the PDF's text can be searched and extracted. A character the font has no glyph for (an emoji, a rare
/// ideograph outside GB 18030) is printed as "?", a control character as a space.
/// </summary>
public static class ReceiptPdf
{
    public const string ContentType = "application/pdf";

    /// <summary>What stands for a character the font cannot show.</summary>
    public const char Unprintable = '?';

    private const double Margin = 42;
    private const double CellPadding = 3;
    private const double BodySize = 10;
    private const double TitleSize = 16;

    // A4 is 595 x 842 points; the columns fill the width between the margins (595 - 2 x 42 = 511).
    private static readonly double[] ColumnWidths = [181, 34, 62, 62, 52, 58, 62];

    /// <summary>Renders the receipt; <paramref name="createdAt"/> is the document's creation date.</summary>
    public static byte[] Render(PrintedReceipt receipt, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ReceiptFontResolver.EnsureInstalled();
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var body = new XFont(ReceiptFontResolver.FamilyName, BodySize, XFontStyleEx.Regular, options);
        var title = new XFont(ReceiptFontResolver.FamilyName, TitleSize, XFontStyleEx.Regular, options);

        using var document = new PdfDocument();
        document.Info.Title = Printable(receipt.Heading, body);
        document.Info.Creator = "HallPlatform Business";
        document.Info.CreationDate = createdAt.UtcDateTime;
        document.Info.ModificationDate = createdAt.UtcDateTime;
        using (var pages = new PageWriter(document))
        {
            pages.Paragraph(receipt.Heading, title, XBrushes.Black, spaceAfter: 6);
            if (receipt.VoidMark is { } voidMark)
            {
                pages.Paragraph(voidMark, title, XBrushes.DarkRed, spaceAfter: 6);
            }
            foreach (var field in receipt.Header)
            {
                pages.Paragraph($"{field.Label}: {field.Value}", body, XBrushes.Black, spaceAfter: 0);
            }
            pages.Space(10);
            pages.Table(PrintedReceipt.Columns, [.. receipt.Lines.Select(line => line.Cells)], body);
            pages.Space(10);
            foreach (var field in receipt.Totals)
            {
                pages.Paragraph($"{field.Label}: {field.Value}", body, XBrushes.Black, spaceAfter: 0);
            }
        }
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>
    /// The text as it can be printed in <paramref name="font"/>: control characters become spaces, characters without a
    /// glyph (and broken surrogates) become <see cref="Unprintable"/>.
    /// </summary>
    public static string Printable(string text, XFont font)
    {
        ArgumentNullException.ThrowIfNull(text);
        var printable = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, text[++i]);
                printable.Append(GlyphHelper.GlyphIndexFromCodePoint(codePoint, font) == 0 ? Unprintable.ToString() : char.ConvertFromUtf32(codePoint));
            }
            else if (char.IsSurrogate(c))
            {
                printable.Append(Unprintable);
            }
            else if (char.IsControl(c))
            {
                printable.Append(' ');
            }
            else
            {
                printable.Append(c == ' ' || GlyphHelper.GlyphIndexFromCodePoint(c, font) != 0 ? c : Unprintable);
            }
        }
        return printable.ToString();
    }

    /// <summary>
    /// Breaks a text into lines no wider than <paramref name="width"/> (as <paramref name="measure"/> says): at the last
    /// space that fits, or between two characters for a word (or Chinese text, which has no spaces) longer than a line.
    /// Always at least one line; a single character wider than the line gets a line of its own.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, Func<string, double> measure, double width)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(measure);
        var lines = new List<string>();
        var current = "";
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (current.Length == 0 && element == " " && lines.Count > 0)
            {
                continue;
            }
            var candidate = current + element;
            if (current.Length == 0 || measure(candidate) <= width)
            {
                current = candidate;
                continue;
            }
            if (element == " ")
            {
                lines.Add(current);
                current = "";
                continue;
            }
            var space = current.LastIndexOf(' ');
            if (space > 0 && measure(current[(space + 1)..] + element) <= width)
            {
                lines.Add(current[..space].TrimEnd());
                current = current[(space + 1)..] + element;
            }
            else
            {
                lines.Add(current.TrimEnd());
                current = element;
            }
        }
        lines.Add(current.TrimEnd());
        return lines;
    }

    /// <summary>Draws top to bottom, starting a new A4 page when the next block does not fit.</summary>
    private sealed class PageWriter(PdfDocument document) : IDisposable
    {
        private static readonly XPen Rule = new(XColors.Gray, 0.5);

        private XGraphics? graphics;
        private double y;
        private double bottom;

        private double ContentWidth { get; set; }

        public void Paragraph(string text, XFont font, XBrush brush, double spaceAfter)
        {
            var g = Graphics();
            var lineHeight = font.GetHeight();
            foreach (var line in Wrap(Printable(text, font), s => g.MeasureString(s, font).Width, ContentWidth))
            {
                g = Fit(lineHeight);
                g.DrawString(line, font, brush, new XRect(Margin, y, ContentWidth, lineHeight), XStringFormats.TopLeft);
                y += lineHeight;
            }
            y += spaceAfter;
        }

        public void Space(double height) => y += height;

        public void Table(IReadOnlyList<string> headings, IReadOnlyList<IReadOnlyList<string>> rows, XFont font)
        {
            Row(headings, font, XBrushes.DimGray, keepWith: rows.Count > 0 ? rows[0] : null);
            foreach (var row in rows)
            {
                if (!Fits(RowHeight(row, font)))
                {
                    NewPage();
                    Row(headings, font, XBrushes.DimGray, keepWith: null);
                }
                Row(row, font, XBrushes.Black, keepWith: null);
            }
        }

        public void Dispose() => graphics?.Dispose();

        private void Row(IReadOnlyList<string> cells, XFont font, XBrush brush, IReadOnlyList<string>? keepWith)
        {
            var height = RowHeight(cells, font);
            var g = Fit(height + (keepWith is null ? 0 : RowHeight(keepWith, font)));
            var lineHeight = font.GetHeight();
            var x = Margin;
            for (var column = 0; column < ColumnWidths.Length; column++)
            {
                var width = ColumnWidths[column];
                g.DrawRectangle(Rule, x, y, width, height);
                var lineY = y + CellPadding;
                foreach (var line in CellLines(cells, column, font))
                {
                    // The item names left, the amounts right, as on the HTML page.
                    var format = column == 0 ? XStringFormats.TopLeft : XStringFormats.TopRight;
                    g.DrawString(line, font, brush, new XRect(x + CellPadding, lineY, width - (2 * CellPadding), lineHeight), format);
                    lineY += lineHeight;
                }
                x += width;
            }
            y += height;
        }

        private double RowHeight(IReadOnlyList<string> cells, XFont font) =>
            (Enumerable.Range(0, ColumnWidths.Length).Max(column => CellLines(cells, column, font).Count) * font.GetHeight()) + (2 * CellPadding);

        private IReadOnlyList<string> CellLines(IReadOnlyList<string> cells, int column, XFont font)
        {
            var g = Graphics();
            var text = column < cells.Count ? cells[column] : "";
            return Wrap(Printable(text, font), s => g.MeasureString(s, font).Width, ColumnWidths[column] - (2 * CellPadding));
        }

        private bool Fits(double height) => graphics is not null && y + height <= bottom;

        private XGraphics Fit(double height)
        {
            if (!Fits(height))
            {
                NewPage();
            }
            return graphics!;
        }

        private XGraphics Graphics() => graphics ?? NewPage();

        private XGraphics NewPage()
        {
            graphics?.Dispose();
            var page = document.AddPage();
            page.Size = PageSize.A4;
            y = Margin;
            bottom = page.Height.Point - Margin;
            ContentWidth = page.Width.Point - (2 * Margin);
            graphics = XGraphics.FromPdfPage(page);
            return graphics;
        }
    }
}
