using System.Diagnostics;
using System.Text;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// URLs carry personal data and secrets, so no span leaves the process with them:
/// <list type="bullet">
/// <item>every query value becomes <see cref="Placeholder"/>, parameter names stay
/// (<c>?customerPhone=...</c> as <c>customerPhone=Redacted&amp;page=Redacted</c>);</item>
/// <item>a path segment that is not shaped like one of our ids or codes becomes <see cref="Placeholder"/>
/// (<see cref="IsSafePathSegment"/>): phone and ID numbers, names, e-mail addresses, and bearer secrets such as a
/// survey link's token, whatever a client put in the path.</item>
/// </list>
/// Applies to server spans (ASP.NET Core) and client spans (HttpClient, YARP's forwarder) alike, whatever the
/// instrumentation's own redaction settings are. The route template (<c>http.route</c>) and span names stay.
/// </summary>
public sealed class UrlRedactionProcessor : BaseProcessor<Activity>
{
    public const string Placeholder = "Redacted";

    /// <summary>Current and legacy semantic-convention attributes that may hold a path, a query string or a whole URL.</summary>
    private static readonly string[] UrlAttributes = ["url.query", "url.path", "url.full", "http.target", "http.url"];

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

    /// <summary>
    /// The URL (absolute, or path and query) with unsafe path segments and every query value replaced; the fragment
    /// (never sent to a server) is dropped.
    /// </summary>
    public static string RedactUrl(string url)
    {
        var fragmentStart = url.IndexOf('#', StringComparison.Ordinal);
        if (fragmentStart >= 0)
        {
            url = url[..fragmentStart];
        }
        var queryStart = url.IndexOf('?', StringComparison.Ordinal);
        var beforeQuery = queryStart < 0 ? url : url[..queryStart];
        // The path starts at the first '/' after "scheme://authority", or at the start of a bare path.
        var authorityEnd = beforeQuery.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0
            ? beforeQuery.IndexOf('/', scheme + 3)
            : 0;
        var redacted = authorityEnd < 0 ? beforeQuery : beforeQuery[..authorityEnd] + RedactPath(beforeQuery[authorityEnd..]);
        return queryStart < 0 ? redacted : redacted + "?" + RedactQuery(url[(queryStart + 1)..]);
    }

    /// <summary>The path with every segment that <see cref="IsSafePathSegment"/> refuses replaced.</summary>
    public static string RedactPath(string path)
    {
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (!IsSafePathSegment(segments[i]))
            {
                segments[i] = Placeholder;
            }
        }
        return string.Join('/', segments);
    }

    /// <summary>
    /// Whether a path segment may be exported as it is: our route literals, ids and codes are short runs of ASCII
    /// letters, digits, '-', '_', '.' and ':' (<c>api</c>, <c>vis_0193...</c>, <c>hall-001</c>,
    /// <c>hall.v1.Service</c>) with no run of six or more digits unless the id's prefix is given (<c>vis_...</c>).
    /// Anything else (an escape such as <c>%20</c> or a non-ASCII character in a name, '@' of an e-mail, a phone or ID
    /// number, a long mixed-case secret) is not exported.
    /// </summary>
    public static bool IsSafePathSegment(string segment)
    {
        if (segment.Length == 0)
        {
            return true;
        }
        if (segment.Length > 64)
        {
            return false;
        }
        var digitRun = 0;
        var longestDigitRun = 0;
        var upper = false;
        var lower = false;
        foreach (var c in segment)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return false;
            }
            digitRun = char.IsAsciiDigit(c) ? digitRun + 1 : 0;
            longestDigitRun = Math.Max(longestDigitRun, digitRun);
            upper |= char.IsAsciiLetterUpper(c);
            lower |= char.IsAsciiLetterLower(c);
        }
        // Ids carry a lower-case prefix before '_' (vis_, tt_, ord_); their hex part may hold long digit runs.
        var prefixed = segment.IndexOf('_', StringComparison.Ordinal) is > 0 and var underscore
            && segment[..underscore].All(char.IsAsciiLetterLower);
        if (longestDigitRun >= 6 && !prefixed)
        {
            return false;
        }
        // A long token mixing cases (base64url secrets) is not one of our lower-case ids or dotted gRPC names.
        return !(upper && lower && segment.Length >= 24 && !segment.Contains('.', StringComparison.Ordinal));
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
