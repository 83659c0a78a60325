using System.Text.Json;

namespace HallPlatform.EndToEnd.Tests.Fuzz;

/// <summary>A path, query or header parameter of an operation, with its schema (references resolved).</summary>
public sealed record FuzzParameter(string Name, string Location, bool Required, JsonElement Schema);

/// <summary>One REST operation of the aggregated OpenAPI document.</summary>
public sealed record FuzzOperation(
    string Method,
    string PathTemplate,
    IReadOnlyList<FuzzParameter> Parameters,
    JsonElement? BodySchema,
    string? BodyContentType)
{
    public string Name => $"{Method} {PathTemplate}";

    public IEnumerable<FuzzParameter> In(string location) =>
        Parameters.Where(p => string.Equals(p.Location, location, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Reads every operation of an OpenAPI 3.x document; resolves local <c>$ref</c>s to component schemas.</summary>
public sealed class OpenApiOperations(JsonElement document)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public JsonElement Document { get; } = document;

    public IReadOnlyList<FuzzOperation> All()
    {
        var operations = new List<FuzzOperation>();
        if (!Document.TryGetProperty("paths", out var paths))
        {
            return operations;
        }
        foreach (var path in paths.EnumerateObject())
        {
            var shared = path.Value.TryGetProperty("parameters", out var pathParameters)
                ? ReadParameters(pathParameters)
                : [];
            foreach (var method in Methods)
            {
                if (!path.Value.TryGetProperty(method, out var operation))
                {
                    continue;
                }
                var parameters = operation.TryGetProperty("parameters", out var own) ? ReadParameters(own) : [];
                var merged = parameters
                    .Concat(shared.Where(s => !parameters.Any(p => p.Name == s.Name && p.Location == s.Location)))
                    .ToList();
                var (bodySchema, contentType) = ReadBody(operation);
                operations.Add(new FuzzOperation(method.ToUpperInvariant(), path.Name, merged, bodySchema, contentType));
            }
        }
        return operations;
    }

    /// <summary>The schema itself, or the component it references (followed repeatedly).</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        for (var hops = 0; hops < 32 && schema.ValueKind == JsonValueKind.Object; hops++)
        {
            if (!schema.TryGetProperty("$ref", out var reference) || reference.GetString() is not { } pointer
                || !pointer.StartsWith("#/", StringComparison.Ordinal))
            {
                return schema;
            }
            var target = Document;
            foreach (var segment in pointer[2..].Split('/'))
            {
                var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (!target.TryGetProperty(name, out target))
                {
                    return schema;
                }
            }
            schema = target;
        }
        return schema;
    }

    private List<FuzzParameter> ReadParameters(JsonElement parameters)
    {
        var list = new List<FuzzParameter>();
        foreach (var raw in parameters.EnumerateArray())
        {
            var parameter = Resolve(raw);
            var name = parameter.GetProperty("name").GetString()!;
            var location = parameter.GetProperty("in").GetString()!;
            var required = parameter.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True;
            var schema = parameter.TryGetProperty("schema", out var s) ? Resolve(s) : default;
            list.Add(new FuzzParameter(name, location, required || location == "path", schema));
        }
        return list;
    }

    private (JsonElement? Schema, string? ContentType) ReadBody(JsonElement operation)
    {
        if (!operation.TryGetProperty("requestBody", out var body)
            || !Resolve(body).TryGetProperty("content", out var content))
        {
            return (null, null);
        }
        JsonProperty? chosen = null;
        foreach (var media in content.EnumerateObject())
        {
            chosen ??= media;
            if (media.Name.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                chosen = media;
                break;
            }
        }
        if (chosen is not { } picked)
        {
            return (null, null);
        }
        var schema = picked.Value.TryGetProperty("schema", out var s) ? Resolve(s) : default;
        return (schema, picked.Name);
    }
}
