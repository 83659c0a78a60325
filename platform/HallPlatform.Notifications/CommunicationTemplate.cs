using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HallPlatform.Notifications;

/// <summary>
/// The wording of one kind of message, in English, with <c>{name}</c> placeholders filled from the message's
/// parameters. Templates live in code, per service (e.g. FaultCommunications.Templates).
/// </summary>
public sealed partial record CommunicationTemplate(string Code, string Subject, string Body)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The placeholders the subject and body use.</summary>
    public IReadOnlyList<string> Placeholders =>
        [.. Placeholder().Matches(Subject + "\n" + Body).Select(match => match.Groups[1].Value).Distinct(StringComparer.Ordinal)];

    public RenderedCommunication Render(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new RenderedCommunication(Fill(Subject, parameters), Fill(Body, parameters));
    }

    private string Fill(string text, IReadOnlyDictionary<string, string> parameters) =>
        Placeholder().Replace(text, match => parameters.TryGetValue(match.Groups[1].Value, out var value)
            ? value
            : throw new InvalidOperationException($"Template {Code} needs the parameter '{match.Groups[1].Value}'."));

    internal static string SerializeParameters(IReadOnlyDictionary<string, string> parameters) =>
        JsonSerializer.Serialize(parameters, Json);

    internal static IReadOnlyDictionary<string, string> DeserializeParameters(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, Json) ?? [];

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*)\}")]
    private static partial Regex Placeholder();
}

public sealed record RenderedCommunication(string Subject, string Body);

/// <summary>The templates a service registered (<c>AddCommunications</c>), by code.</summary>
public sealed class CommunicationTemplates
{
    private readonly FrozenDictionary<string, CommunicationTemplate> _byCode;

    public CommunicationTemplates(IEnumerable<CommunicationTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        _byCode = templates.ToFrozenDictionary(template => template.Code, StringComparer.Ordinal);
    }

    public CommunicationTemplate this[string code] =>
        _byCode.TryGetValue(code, out var template)
            ? template
            : throw new InvalidOperationException($"No communication template has the code '{code}'.");

    public bool Contains(string code) => _byCode.ContainsKey(code);

    public IReadOnlyCollection<CommunicationTemplate> All => _byCode.Values;
}
