using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HallPlatform.Gateway.OpenApi;

/// <summary>
/// A REST operation the gateway forwards: which service answers it, its path template and methods, and the access
/// policy the gateway enforces on it (null: the default policy, any authenticated caller).
/// </summary>
public sealed record RoutedOperation(
    string Service, string PathTemplate, IReadOnlyCollection<string> Methods, string? AuthorizationPolicy = null);

/// <summary>One service's own OpenAPI document, as it serves it at /openapi/v1.json.</summary>
public sealed record ServiceOpenApiDocument(string Service, JsonObject Document);

/// <summary>
/// Merges the services' OpenAPI documents into the one document the gateway publishes. Pure: documents in,
/// document out; the inputs are not modified.
/// <list type="bullet">
/// <item>Only operations the gateway routes for that service are kept (path templates compare case-insensitively
/// and regardless of parameter names; methods are filtered per operation); everything else is dropped.</item>
/// <item>Components (schemas, responses, parameters, ...) with the same name and identical content are shared. On a
/// name clash with different content, EVERY variant is renamed to <c>{service}.{Name}</c> and that service's
/// <c>$ref</c>s are rewritten, so no service silently wins because of the order the documents arrived in.</item>
/// <item>Components no kept operation reaches (directly or through other components) are dropped, so DTOs of
/// unrouted, internal endpoints do not leak. Security schemes are referenced by name, not $ref, and are kept.</item>
/// <item><c>servers</c> is the gateway itself; tags are merged by name, first description wins.</item>
/// <item>Each kept operation gets what only the gateway knows (<see cref="GatewayContract"/>): its security
/// requirement from the route's access policy and the answers of the gateway's own edge (401, 403, 413, 422, 429,
/// 502, 504).</item>
/// </list>
/// </summary>
public static partial class OpenApiDocumentMerger
{
    public const string DefaultOpenApiVersion = "3.1.1";

    private static readonly HashSet<string> OperationMethods =
        new(["get", "put", "post", "delete", "options", "head", "patch", "trace"], StringComparer.Ordinal);

    private const string SecuritySchemes = "securitySchemes";

    public static JsonObject Merge(
        IReadOnlyList<ServiceOpenApiDocument> documents,
        IReadOnlyCollection<RoutedOperation> routes,
        string gatewayServerUrl)
    {
        var ordered = documents.OrderBy(d => d.Service, StringComparer.Ordinal).ToList();
        var renames = PlanComponentRenames(ordered);

        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var components = new SortedDictionary<string, SortedDictionary<string, JsonNode?>>(StringComparer.Ordinal);
        var tags = new List<JsonObject>();

        foreach (var (service, document) in ordered)
        {
            var rewritten = (JsonObject)document.DeepClone();
            RewriteReferences(rewritten, renames.GetValueOrDefault(service));

            AddRoutedPaths(service, rewritten["paths"] as JsonObject, routes, paths);
            AddComponents(rewritten["components"] as JsonObject, renames.GetValueOrDefault(service), components);
            AddTags(rewritten["tags"] as JsonArray, tags);
        }

        var pathsNode = new JsonObject();
        foreach (var (path, item) in paths)
        {
            pathsNode[path] = item;
        }

        var merged = new JsonObject
        {
            ["openapi"] = ordered.Select(d => d.Document["openapi"]?.GetValue<string>()).FirstOrDefault(v => v is not null)
                ?? DefaultOpenApiVersion,
            ["info"] = new JsonObject
            {
                ["title"] = "HallPlatform API",
                ["description"] = "Public REST API of the HallPlatform service halls, served through the gateway.",
                ["version"] = "v1",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = gatewayServerUrl }),
            ["paths"] = pathsNode,
        };

        if (pathsNode.Count > 0)
        {
            GatewayContract.AddSecuritySchemes(components);
        }
        var componentsNode = BuildReachableComponents(pathsNode, components);
        if (componentsNode.Count > 0)
        {
            merged["components"] = componentsNode;
        }

        if (tags.Count > 0)
        {
            merged["tags"] = new JsonArray([.. tags]);
        }

        return merged;
    }

    /// <summary>Normalises a route or OpenAPI path template so <c>/visits/{visitId}</c> equals <c>/Visits/{id:guid}/</c>.</summary>
    public static string NormalizePathTemplate(string template) =>
        ParameterPattern().Replace(template.Trim().TrimEnd('/'), "{}").ToLowerInvariant();

    /// <summary>
    /// service -> component kind -> old name -> new name, for every clashing component. Two components with the
    /// same text can still differ once the components they reference were renamed (a Wrapper pointing at each
    /// service's own Status), so the comparison is repeated on the rewritten content until nothing new clashes.
    /// </summary>
    private static Dictionary<string, Dictionary<string, Dictionary<string, string>>> PlanComponentRenames(
        IReadOnlyList<ServiceOpenApiDocument> documents)
    {
        var renames = new Dictionary<string, Dictionary<string, Dictionary<string, string>>>(StringComparer.Ordinal);
        bool renamedMore;
        do
        {
            renamedMore = false;
            foreach (var ((kind, name), variants) in CollectComponentVariants(documents, renames))
            {
                if (variants.All(v => JsonNode.DeepEquals(v.Content, variants[0].Content)))
                {
                    continue;
                }
                foreach (var (service, _) in variants)
                {
                    if (!renames.TryGetValue(service, out var byKind))
                    {
                        renames[service] = byKind = new(StringComparer.Ordinal);
                    }
                    if (!byKind.TryGetValue(kind, out var byName))
                    {
                        byKind[kind] = byName = new(StringComparer.Ordinal);
                    }
                    renamedMore |= byName.TryAdd(name, $"{service}.{name}");
                }
            }
        }
        while (renamedMore);
        return renames;
    }

    /// <summary>(kind, original name) -> each service's content, with that service's current renames applied.</summary>
    private static Dictionary<(string Kind, string Name), List<(string Service, JsonNode? Content)>> CollectComponentVariants(
        IReadOnlyList<ServiceOpenApiDocument> documents,
        Dictionary<string, Dictionary<string, Dictionary<string, string>>> renames)
    {
        var variants = new Dictionary<(string Kind, string Name), List<(string Service, JsonNode? Content)>>();
        foreach (var (service, document) in documents)
        {
            if (document["components"] is not JsonObject componentKinds)
            {
                continue;
            }
            foreach (var (kind, entries) in componentKinds)
            {
                if (entries is not JsonObject named)
                {
                    continue;
                }
                foreach (var (name, content) in named)
                {
                    var rewritten = content?.DeepClone();
                    RewriteReferences(rewritten, renames.GetValueOrDefault(service));
                    if (!variants.TryGetValue((kind, name), out var list))
                    {
                        variants[(kind, name)] = list = [];
                    }
                    list.Add((service, rewritten));
                }
            }
        }
        return variants;
    }

    private static void RewriteReferences(JsonNode? node, Dictionary<string, Dictionary<string, string>>? renames)
    {
        if (renames is null)
        {
            return;
        }
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue refValue && refValue.TryGetValue<string>(out var reference)
                    && TryRename(reference, renames, out var renamed))
                {
                    obj["$ref"] = renamed;
                }
                foreach (var (_, child) in obj.ToList())
                {
                    RewriteReferences(child, renames);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RewriteReferences(child, renames);
                }
                break;
        }
    }

    private static bool TryRename(
        string reference, Dictionary<string, Dictionary<string, string>> renames, out string renamed)
    {
        renamed = reference;
        if (!TryParseComponentReference(reference, out var kind, out var name, out var rest)
            || !renames.TryGetValue(kind, out var byName) || !byName.TryGetValue(name, out var newName))
        {
            return false;
        }
        renamed = $"#/components/{kind}/{newName}{rest}";
        return true;
    }

    /// <summary>Splits <c>#/components/{kind}/{name}[/more]</c>; other references (external, paths) are not ours.</summary>
    private static bool TryParseComponentReference(string reference, out string kind, out string name, out string rest)
    {
        kind = name = rest = string.Empty;
        const string prefix = "#/components/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var parts = reference[prefix.Length..].Split('/', 3);
        if (parts.Length < 2)
        {
            return false;
        }
        kind = parts[0];
        name = parts[1];
        rest = parts.Length == 3 ? "/" + parts[2] : string.Empty;
        return true;
    }

    private static void AddRoutedPaths(
        string service, JsonObject? servicePaths, IReadOnlyCollection<RoutedOperation> routes,
        SortedDictionary<string, JsonObject> paths)
    {
        if (servicePaths is null)
        {
            return;
        }
        foreach (var (path, itemNode) in servicePaths)
        {
            if (itemNode is not JsonObject item)
            {
                continue;
            }
            var normalized = NormalizePathTemplate(path);
            var routedMethods = routes
                .Where(r => string.Equals(r.Service, service, StringComparison.Ordinal)
                    && NormalizePathTemplate(r.PathTemplate) == normalized)
                .SelectMany(r => r.Methods.Select(m => (Method: m.ToLowerInvariant(), Route: r)))
                .GroupBy(m => m.Method, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Route, StringComparer.Ordinal);
            if (routedMethods.Count == 0)
            {
                continue;
            }

            var kept = paths.TryGetValue(path, out var existing) ? existing : new JsonObject();
            var keptOperations = 0;
            foreach (var (key, value) in item)
            {
                var isOperation = OperationMethods.Contains(key);
                if (isOperation && !routedMethods.ContainsKey(key))
                {
                    continue;
                }
                if (!kept.ContainsKey(key))
                {
                    var copy = value?.DeepClone();
                    if (isOperation && copy is JsonObject operation)
                    {
                        GatewayContract.Apply(operation, key, routedMethods[key].AuthorizationPolicy);
                    }
                    kept[key] = copy;
                    keptOperations += isOperation ? 1 : 0;
                }
            }
            if (keptOperations > 0 || existing is not null)
            {
                paths[path] = kept;
            }
        }
    }

    private static void AddComponents(
        JsonObject? serviceComponents, Dictionary<string, Dictionary<string, string>>? renames,
        SortedDictionary<string, SortedDictionary<string, JsonNode?>> components)
    {
        if (serviceComponents is null)
        {
            return;
        }
        foreach (var (kind, entries) in serviceComponents)
        {
            if (entries is not JsonObject named)
            {
                continue;
            }
            if (!components.TryGetValue(kind, out var merged))
            {
                components[kind] = merged = new(StringComparer.Ordinal);
            }
            foreach (var (name, content) in named)
            {
                var finalName = renames?.GetValueOrDefault(kind)?.GetValueOrDefault(name) ?? name;
                merged.TryAdd(finalName, content?.DeepClone());
            }
        }
    }

    private static void AddTags(JsonArray? serviceTags, List<JsonObject> tags)
    {
        foreach (var tag in serviceTags?.OfType<JsonObject>() ?? [])
        {
            var name = tag["name"]?.GetValue<string>();
            if (name is not null && !tags.Any(t => t["name"]?.GetValue<string>() == name))
            {
                tags.Add((JsonObject)tag.DeepClone());
            }
        }
    }

    /// <summary>Keeps the components reachable from the kept paths (transitively), plus all security schemes.</summary>
    private static JsonObject BuildReachableComponents(
        JsonObject paths, SortedDictionary<string, SortedDictionary<string, JsonNode?>> components)
    {
        var reachable = new HashSet<(string Kind, string Name)>();
        var pending = new Queue<JsonNode?>([paths]);
        while (pending.TryDequeue(out var node))
        {
            foreach (var reference in CollectReferences(node))
            {
                if (TryParseComponentReference(reference, out var kind, out var name, out _)
                    && components.TryGetValue(kind, out var named) && named.TryGetValue(name, out var target)
                    && reachable.Add((kind, name)))
                {
                    pending.Enqueue(target);
                }
            }
        }

        var result = new JsonObject();
        foreach (var (kind, named) in components)
        {
            var kept = new JsonObject();
            foreach (var (name, content) in named)
            {
                if (kind == SecuritySchemes || reachable.Contains((kind, name)))
                {
                    kept[name] = content?.DeepClone();
                }
            }
            if (kept.Count > 0)
            {
                result[kind] = kept;
            }
        }
        return result;
    }

    private static IEnumerable<string> CollectReferences(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (key == "$ref" && child is JsonValue value && value.TryGetValue<string>(out var reference))
                    {
                        yield return reference;
                    }
                    foreach (var nested in CollectReferences(child))
                    {
                        yield return nested;
                    }
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    foreach (var nested in CollectReferences(child))
                    {
                        yield return nested;
                    }
                }
                break;
        }
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex ParameterPattern();
}
