using System.Text;

namespace HallPlatform.Application;

/// <summary>
/// A CSV download as spreadsheets open it: RFC 4180 (fields with a comma, quote or line break are quoted, quotes
/// doubled; CRLF line ends), UTF-8 with a byte order mark so Excel reads Chinese text right. A text field that a
/// spreadsheet would run as a formula (starting with '=', '+', '@', a tab or a carriage return) is prefixed with an
/// apostrophe; numbers are written as given, so a negative number stays a number.
/// </summary>
public sealed class CsvText
{
    private readonly StringBuilder csv = new();

    /// <summary>Appends one row; null is an empty field.</summary>
    public CsvText Row(params string?[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");
        return this;
    }

    /// <summary>The document as UTF-8 bytes, byte order mark first.</summary>
    public byte[] ToBytes() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];

    public override string ToString() => csv.ToString();

    private static string Field(string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return "";
        }
        if (field[0] is '=' or '+' or '@' or '\t' or '\r')
        {
            field = "'" + field;
        }
        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}
