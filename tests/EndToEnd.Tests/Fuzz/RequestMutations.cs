using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HallPlatform.EndToEnd.Tests.Fuzz;

/// <summary>One generated request: the mutation's name, the path with its query, and the body as sent.</summary>
public sealed record FuzzRequest(string Mutation, string Path, string? Body, string? ContentType);

/// <summary>
/// Builds a valid baseline request for an operation from its schema and, from it, requests with one bad input each.
/// Deterministic for a given seed: the same document gives the same requests in the same order.
/// </summary>
/// <param name="knownValue">
/// A value that reaches a real record for an operation's parameter (<c>hallId</c>) or body property
/// (<c>body.hallId</c>), or null for a generated one.
/// </param>
public sealed class RequestMutations(OpenApiOperations document, Func<FuzzOperation, string, string?> knownValue, int seed = 20261206)
{
    /// <summary>The operation whose baseline is being built (generation is sequential).</summary>
    private FuzzOperation? _operation;

    /// <summary>Raw JSON placed where a value is expected; not expressible as a serialized .NET value.</summary>
    private static readonly (string Name, string Json)[] RawValues =
    [
        ("lone surrogate", "\"a\\ud800b\""),
        ("number 1e309", "1e309"),
        ("number -1e309", "-1e309"),
    ];

    private static readonly string[] InjectionStrings =
    [
        "../../etc/passwd", "' OR 1=1--", "<script>alert(1)</script>", "a\u0000b", "\u0001\u001b\u007f",
        "%00", "${jndi:ldap://x}", new string('x', 5000),
    ];

    private const int MaxPropertiesMutated = 10;
    public const string HugeStringLength = "100k";

    public static string NowIso => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The valid request, then every mutation, in a fixed order: the first few are the essential ones.</summary>
    public IReadOnlyList<FuzzRequest> For(FuzzOperation operation)
    {
        var random = new Random(seed ^ StableHash(operation.Name));
        _operation = operation;
        var baselineBody = operation.BodySchema is { } bodySchema ? BuildValid(bodySchema, "body", 0) : null;
        var body = baselineBody?.ToJsonString() ?? (operation.BodySchema is null ? null : "null");
        var contentType = operation.BodySchema is null ? null : operation.BodyContentType ?? "application/json";
        var path = BaselinePath(operation, null, null);

        var essential = new List<FuzzRequest> { new("baseline", path, body, contentType) };
        var rest = new List<FuzzRequest>();

        if (baselineBody is not null && body is not null)
        {
            essential.Add(new("malformed JSON: truncated", path, body[..Math.Max(1, body.Length / 2)], contentType));
            essential.Add(new("wrong content type text/plain", path, body, "text/plain"));
            rest.Add(new("malformed JSON: trailing garbage", path, body + "}{garbage", contentType));
            rest.Add(new("malformed JSON: deep nesting 10k", path, new string('[', 10_000) + new string(']', 10_000), contentType));
            rest.Add(new("malformed JSON: empty body", path, "", contentType));
            rest.Add(new("JSON null body", path, "null", contentType));
            rest.Add(new("JSON array body", path, "[]", contentType));
            rest.Add(new("wrong content type form", path, "a=1&b=2", "application/x-www-form-urlencoded"));
            rest.Add(new("extra unknown fields", path, WithProperty(baselineBody, "unexpectedField", JsonValue.Create("x")).ToJsonString(), contentType));
            if (baselineBody is JsonObject objectBody)
            {
                foreach (var (name, mutation, json) in PropertyMutations(operation, objectBody))
                {
                    (essential.Count < 6 ? essential : rest).Add(new($"body.{name}: {mutation}", path, json, contentType));
                }
            }
        }

        foreach (var parameter in operation.In("path"))
        {
            foreach (var value in InjectionStrings.Append(new string('9', 2000)).Append("%C0%AF").Append(".."))
            {
                var request = new FuzzRequest($"path {{{parameter.Name}}} = {Describe(value)}",
                    BaselinePath(operation, parameter.Name, value), body, contentType);
                (essential.Count < 8 ? essential : rest).Add(request);
            }
        }

        foreach (var parameter in operation.In("query"))
        {
            foreach (var value in QueryValues(parameter))
            {
                var request = new FuzzRequest($"query {parameter.Name} = {Describe(value)}",
                    BaselinePath(operation, parameter.Name, value, query: true), body, contentType);
                (essential.Count < 10 ? essential : rest).Add(request);
            }
        }

        // Every operation, even one without parameters or body, also gets unknown query parameters carrying a NUL
        // and an injection string (a route must ignore or refuse them, never fail on them).
        var separator = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        essential.Add(new("unknown query parameter with NUL", path + separator + "fuzz=" + Uri.EscapeDataString("a\u0000b"), body, contentType));
        essential.Add(new("unknown query parameter injection", path + separator + "fuzz=" + Uri.EscapeDataString("' OR 1=1--<script>"), body, contentType));

        // The rest one kind of mutation at a time (each kind's properties in a seeded order), so that a per-operation
        // budget still sends every kind: year 9999 on some date, a NUL in some string, an overflow in some number.
        var kinds = rest.GroupBy(r => KindOf(r.Mutation)).Select(g => new Queue<FuzzRequest>(g.OrderBy(_ => random.Next()))).ToList();
        var interleaved = new List<FuzzRequest>();
        while (kinds.Any(k => k.Count > 0))
        {
            foreach (var kind in kinds.Where(k => k.Count > 0))
            {
                interleaved.Add(kind.Dequeue());
            }
        }
        return [.. essential, .. interleaved];
    }

    /// <summary>"body.hallId: NUL character" is of kind "NUL character"; "query page = -1" of kind "query page".</summary>
    private static string KindOf(string mutation)
    {
        var colon = mutation.IndexOf(": ", StringComparison.Ordinal);
        if (mutation.StartsWith("body.", StringComparison.Ordinal) && colon > 0)
        {
            return mutation[(colon + 2)..];
        }
        var equals = mutation.IndexOf(" = ", StringComparison.Ordinal);
        return equals > 0 ? mutation[..equals] : mutation;
    }

    /// <summary>A valid value for the schema: required and non-nullable properties, first enum value, in-range numbers.</summary>
    public JsonNode? BuildValid(JsonElement schemaElement, string name, int depth)
    {
        var schema = document.Resolve(schemaElement);
        if (schema.ValueKind != JsonValueKind.Object || depth > 8)
        {
            return JsonValue.Create("fuzz");
        }
        foreach (var combinator in new[] { "allOf", "oneOf", "anyOf" })
        {
            if (schema.TryGetProperty(combinator, out var options))
            {
                foreach (var option in options.EnumerateArray())
                {
                    if (TypeOf(document.Resolve(option)) != "null")
                    {
                        return BuildValid(option, name, depth + 1);
                    }
                }
            }
        }
        if (schema.TryGetProperty("enum", out var values))
        {
            foreach (var value in values.EnumerateArray())
            {
                if (value.ValueKind != JsonValueKind.Null)
                {
                    return JsonNode.Parse(value.GetRawText());
                }
            }
        }
        return TypeOf(schema) switch
        {
            "object" => BuildObject(schema, depth),
            "array" => new JsonArray(schema.TryGetProperty("items", out var items) ? BuildValid(items, name, depth + 1) : JsonValue.Create("fuzz")),
            "integer" => JsonValue.Create(NumberInRange(schema, name)),
            "number" => JsonValue.Create(NumberInRange(schema, name)),
            "boolean" => JsonValue.Create(false),
            _ => JsonValue.Create((_operation is null ? null : knownValue(_operation, "body." + name)) ?? StringFor(schema, name)),
        };
    }

    /// <summary>The schema's type; of a type list (OpenAPI 3.1) the most specific one that is not null or string.</summary>
    public static string TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return "string";
        }
        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                return type.GetString()!;
            }
            if (type.ValueKind == JsonValueKind.Array)
            {
                var types = type.EnumerateArray().Select(t => t.GetString()).ToList();
                foreach (var preferred in new[] { "object", "array", "integer", "number", "boolean", "string", "null" })
                {
                    if (types.Contains(preferred))
                    {
                        return preferred;
                    }
                }
            }
        }
        return schema.TryGetProperty("properties", out _) ? "object" : "string";
    }

    private JsonObject BuildObject(JsonElement schema, int depth)
    {
        var result = new JsonObject();
        var required = schema.TryGetProperty("required", out var list)
            ? list.EnumerateArray().Select(r => r.GetString()).ToHashSet()
            : [];
        if (!schema.TryGetProperty("properties", out var properties))
        {
            return result;
        }
        foreach (var property in properties.EnumerateObject())
        {
            if (required.Contains(property.Name) || !IsNullable(document.Resolve(property.Value)))
            {
                result[property.Name] = BuildValid(property.Value, property.Name, depth + 1);
            }
        }
        return result;
    }

    private static bool IsNullable(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object
        && ((schema.TryGetProperty("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True)
            || (schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array
                && type.EnumerateArray().Any(t => t.GetString() == "null"))
            || (schema.TryGetProperty("oneOf", out var oneOf)
                && oneOf.EnumerateArray().Any(o => o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")));

    private static long NumberInRange(JsonElement schema, string name)
    {
        long value = name.Contains("nps", StringComparison.OrdinalIgnoreCase) ? 9
            : name.Contains("pageSize", StringComparison.OrdinalIgnoreCase) ? 20
            : 1;
        if (schema.TryGetProperty("minimum", out var minimum) && minimum.TryGetInt64(out var min) && value < min)
        {
            value = min;
        }
        if (schema.TryGetProperty("maximum", out var maximum) && maximum.TryGetInt64(out var max) && value > max)
        {
            value = max;
        }
        return value;
    }

    private static string StringFor(JsonElement schema, string name)
    {
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var lower = name.ToLowerInvariant();
        return format switch
        {
            "date-time" => NowIso,
            "date" => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "uuid" => "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
            _ when lower.Contains("phone", StringComparison.Ordinal) => "13812345678",
            // An unknown hall keeps fuzzed writes out of the seeded hall the other end-to-end tests use.
            _ when lower == "hallid" => "hall-fuzz",
            _ when lower.Contains("email", StringComparison.Ordinal) => "fuzz@example.com",
            _ when lower is "from" or "since" => DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            _ when lower is "to" or "until" => NowIso,
            _ when lower.Contains("scheduled", StringComparison.Ordinal) || lower.EndsWith("at", StringComparison.Ordinal) => NowIso,
            _ => "fuzz-" + lower,
        };
    }

    private IEnumerable<(string Property, string Mutation, string Json)> PropertyMutations(FuzzOperation operation, JsonObject baseline)
    {
        if (document.Resolve(operation.BodySchema!.Value) is not { ValueKind: JsonValueKind.Object } schema
            || !schema.TryGetProperty("properties", out var properties))
        {
            yield break;
        }
        foreach (var property in properties.EnumerateObject().Take(MaxPropertiesMutated))
        {
            var propertySchema = document.Resolve(property.Value);
            var type = TypeOf(propertySchema);
            var format = propertySchema.ValueKind == JsonValueKind.Object && propertySchema.TryGetProperty("format", out var f) ? f.GetString() : null;
            var name = property.Name;

            var without = (JsonObject)baseline.DeepClone();
            without.Remove(name);
            yield return (name, "missing", without.ToJsonString());
            yield return (name, "null", WithProperty(baseline, name, null).ToJsonString());
            yield return (name, "wrong type", WithProperty(baseline, name, type is "string" ? JsonValue.Create(12345) : JsonValue.Create("not-a-" + type)).ToJsonString());
            yield return (name, "object instead", WithProperty(baseline, name, new JsonObject { ["a"] = 1 }).ToJsonString());

            if (type == "string" && format is not ("date-time" or "date"))
            {
                yield return (name, "NUL character", WithProperty(baseline, name, JsonValue.Create("fuzz\u0000value")).ToJsonString());
                yield return (name, "control characters", WithProperty(baseline, name, JsonValue.Create("\u0001\u0008\u001b[31m\u007f")).ToJsonString());
                yield return (name, $"{HugeStringLength} characters", WithProperty(baseline, name, JsonValue.Create(new string('a', 100_000))).ToJsonString());
                // Long enough to pass the edge's body limit and overflow a database column.
                yield return (name, "1k characters", WithProperty(baseline, name, JsonValue.Create(new string('a', 1_000))).ToJsonString());
                yield return (name, "empty string", WithProperty(baseline, name, JsonValue.Create("")).ToJsonString());
                yield return (name, "whitespace only", WithProperty(baseline, name, JsonValue.Create(" \t\r\n ")).ToJsonString());
                yield return (name, "injection ' OR 1=1--", WithProperty(baseline, name, JsonValue.Create("' OR 1=1--")).ToJsonString());
                yield return (name, "injection <script>", WithProperty(baseline, name, JsonValue.Create("<script>alert(1)</script>")).ToJsonString());
                yield return (name, "right-to-left and zero-width", WithProperty(baseline, name, JsonValue.Create("\u202e\u200b\ufeff")).ToJsonString());
            }
            if (type is "integer" or "number")
            {
                foreach (var extreme in new[] { "2147483647", "-2147483648", "9223372036854775807", "-1", "0", "1.5", "1.7976931348623157E+308", "18446744073709551616" })
                {
                    yield return (name, $"number {extreme}", RawReplace(baseline, name, extreme));
                }
            }
            if (format is "date-time" or "date" || type == "string")
            {
                foreach (var date in new[] { "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "not-a-date", "2026-02-30T00:00:00Z" })
                {
                    if (format is "date-time" or "date" || date.StartsWith('9'))
                    {
                        yield return (name, $"date {date}", WithProperty(baseline, name, JsonValue.Create(date)).ToJsonString());
                    }
                }
            }
            foreach (var (rawName, rawJson) in RawValues)
            {
                yield return (name, rawName, RawReplace(baseline, name, rawJson));
            }
        }
    }

    private IEnumerable<string> QueryValues(FuzzParameter parameter)
    {
        var lower = parameter.Name.ToLowerInvariant();
        if (lower is "page" or "pagesize" or "limit" or "offset" or "skip" or "take")
        {
            foreach (var value in new[] { "0", "-1", "2147483647", "2147483648", "-2147483648", "99999999999999999999", "1e3", "abc" })
            {
                yield return value;
            }
        }
        var format = parameter.Schema.ValueKind == JsonValueKind.Object && parameter.Schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (format is "date-time" or "date" || lower is "from" or "to" or "since" or "until")
        {
            foreach (var value in new[] { "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-14:00", "0001-01-01", "0001-01-01T00:00:00+14:00", "garbage" })
            {
                yield return value;
            }
        }
        if (TypeOf(parameter.Schema) is "integer" or "number" && lower is not ("page" or "pagesize"))
        {
            yield return "2147483648";
            yield return "-1";
        }
        foreach (var value in InjectionStrings.Take(6))
        {
            yield return value;
        }
    }

    /// <summary>The path with path parameters filled in; one parameter may be overridden (path or query).</summary>
    private string BaselinePath(FuzzOperation operation, string? overriddenName, string? overriddenValue, bool query = false)
    {
        var path = operation.PathTemplate;
        foreach (var parameter in operation.In("path"))
        {
            var value = !query && parameter.Name == overriddenName
                ? overriddenValue!
                : knownValue(operation, parameter.Name) ?? "fuzz_" + parameter.Name;
            path = path.Replace("{" + parameter.Name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }
        var pairs = new List<string>();
        foreach (var parameter in operation.In("query"))
        {
            if (query && parameter.Name == overriddenName)
            {
                pairs.Add($"{Uri.EscapeDataString(parameter.Name)}={Uri.EscapeDataString(overriddenValue!)}");
            }
            else if (parameter.Required)
            {
                var value = BuildValid(parameter.Schema, parameter.Name, 0);
                var text = knownValue(operation, parameter.Name)
                    ?? (value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "");
                pairs.Add($"{Uri.EscapeDataString(parameter.Name)}={Uri.EscapeDataString(text)}");
            }
        }
        return pairs.Count == 0 ? path : path + "?" + string.Join('&', pairs);
    }

    private static JsonNode WithProperty(JsonNode baseline, string name, JsonNode? value)
    {
        var copy = baseline.DeepClone();
        if (copy is JsonObject obj)
        {
            obj[name] = value;
        }
        return copy;
    }

    /// <summary>The baseline with one property's value replaced by raw JSON text (lone surrogates, 1e309).</summary>
    private static string RawReplace(JsonNode baseline, string name, string rawJson)
    {
        const string Marker = "__fuzz_raw_value__";
        var json = WithProperty(baseline, name, JsonValue.Create(Marker)).ToJsonString();
        return json.Replace("\"" + Marker + "\"", rawJson, StringComparison.Ordinal);
    }

    private static string Describe(string value)
    {
        var builder = new StringBuilder();
        foreach (var c in value.Length > 40 ? value[..20] : value)
        {
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c);
        }
        return value.Length > 40 ? $"{builder}... ({value.Length} chars)" : builder.ToString();
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked(hash * 31 + c);
        }
        return hash;
    }
}
