using System.Diagnostics;
using System.Text;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Query strings carry personal data (<c>?customerPhone=...</c>), so no span leaves the process with a query value:
/// every value becomes <see cref="Placeholder"/>, parameter names stay (<c>customerPhone=Redacted&amp;page=2</c>).
/// Applies to server spans (ASP.NET Core) and client spans (HttpClient, YARP's forwarder) alike, whatever the
/// instrumentation's own redaction settings are.
/// </summary>
public sealed class QueryValueRedactionProcessor : BaseProcessor<Activity>
{
    public const string Placeholder = "Redacted";

    /// <summary>Current and legacy semantic-convention attributes that may hold a query string or a whole URL.</summary>
    private static readonly string[] UrlAttributes = ["url.query", "url.full", "http.target", "http.url"];

    public override void OnEnd(Activity data)
    {
        foreach (var attribute in UrlAttributes)
        {
            if (data.GetTagItem(attribute) is string { Length: > 0 } value)
            {
                // url.query is the query alone (with or without its '?'); the others are URLs or path-and-query.
                var redacted = attribute == "url.query" ? RedactQuery(value) : RedactUrl(value);
                if (!string.Equals(redacted, value, StringComparison.Ordinal))
                {
                    data.SetTag(attribute, redacted);
                }
            }
        }
    }

    /// <summary>The URL with every query value replaced; the fragment (never sent to a server) is dropped.</summary>
    public static string RedactUrl(string url)
    {
        var queryStart = url.IndexOf('?', StringComparison.Ordinal);
        if (queryStart < 0)
        {
            return url;
        }
        var fragmentStart = url.IndexOf('#', queryStart);
        var query = fragmentStart < 0 ? url[(queryStart + 1)..] : url[(queryStart + 1)..fragmentStart];
        return url[..queryStart] + "?" + RedactQuery(query);
    }

    /// <summary>
    /// <c>a=1&amp;b=2</c> (with or without a leading '?') as <c>a=Redacted&amp;b=Redacted</c>. A part without '=' may be
    /// a bare value (<c>?13812345678</c>), so it is replaced whole.
    /// </summary>
    public static string RedactQuery(string query)
    {
        var result = new StringBuilder(query.Length);
        var body = query.AsSpan();
        if (body.StartsWith("?"))
        {
            result.Append('?');
            body = body[1..];
        }
        var first = true;
        foreach (var range in body.Split('&'))
        {
            var part = body[range];
            if (!first)
            {
                result.Append('&');
            }
            first = false;
            if (part.IsEmpty)
            {
                continue;
            }
            var equals = part.IndexOf('=');
            if (equals >= 0)
            {
                result.Append(part[..(equals + 1)]);
            }
            result.Append(Placeholder);
        }
        return result.ToString();
    }
}
