using System.Text.Json.Nodes;
using HallPlatform.Gateway.Security;

namespace HallPlatform.Gateway.OpenApi;

/// <summary>
/// What the gateway adds to each published operation, because only the gateway knows it: who may call the route
/// (the security schemes and the requirement derived from the route's access policy, <c>security: []</c> for open
/// routes) and the answers of the gateway's own edge (authentication, size limit, idempotency, rate limit, forwarding).
/// </summary>
public static class GatewayContract
{
    public const string BearerScheme = "bearerAuth";
    public const string ApiKeyScheme = "partnerApiKey";

    private const string ProblemReference = "#/components/schemas/" + OpenApiContract.ProblemSchemaName;

    /// <summary>The two credentials the gateway accepts (docs/security.md).</summary>
    public static void AddSecuritySchemes(SortedDictionary<string, SortedDictionary<string, JsonNode?>> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (!components.TryGetValue("securitySchemes", out var schemes))
        {
            components["securitySchemes"] = schemes = new(StringComparer.Ordinal);
        }
        schemes[BearerScheme] = new JsonObject
        {
            ["type"] = "http",
            ["scheme"] = "bearer",
            ["bearerFormat"] = "JWT",
            ["description"] = "Staff: a JWT with the caller's roles (`role`) and halls (`hall`). The requirement lists the roles "
                + "that may call the operation; supervisors and administrators may call every staff operation "
                + "(catalogue administration: administrators only).",
        };
        schemes[ApiKeyScheme] = new JsonObject
        {
            ["type"] = "apiKey",
            ["in"] = "header",
            ["name"] = PartnerKeyAuthenticationHandler.HeaderName,
            ["description"] = "Partner channels: the issued API key. The requirement lists the scopes the key needs.",
        };
    }

    /// <summary>Adds the security requirement and the gateway's answers to one routed operation.</summary>
    public static void Apply(JsonObject operation, string method, string? authorizationPolicy)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(method);
        var responses = operation["responses"] as JsonObject ?? [];
        operation["responses"] = responses;

        var anonymous = string.Equals(authorizationPolicy, AccessPolicies.Anonymous, StringComparison.OrdinalIgnoreCase);
        operation["security"] = anonymous ? new JsonArray() : Requirement(authorizationPolicy, method);
        if (!anonymous)
        {
            AddProblem(responses, "401", "No credential, or one that is not valid (the `WWW-Authenticate` header says which scheme).",
                Header("WWW-Authenticate", "The challenge of the scheme that was tried."));
            AddProblem(responses, "403", "The caller's roles, scopes or halls do not allow this operation.");
        }
        if (operation.ContainsKey("requestBody"))
        {
            AddProblem(responses, "413", "The body is larger than the gateway's limit (64 KB by default).");
        }
        if (method == "post")
        {
            AddProblem(responses, "409", "The same `Idempotency-Key` is still being processed (retry after `Retry-After`), "
                + "or the operation's own conflict.", Header("Retry-After", "Seconds to wait before retrying.", numeric: true));
            AddProblem(responses, "422", "The `Idempotency-Key` was already used with a different body or query.");
        }
        AddProblem(responses, "429", "Too many requests from this caller: wait `Retry-After` seconds.",
            Header("Retry-After", "Seconds to wait before retrying.", numeric: true));
        AddProblem(responses, "502", "The service could not be reached.");
        AddProblem(responses, "503", "The service, or a store it needs, is unavailable; retry later.");
        AddProblem(responses, "504", "The service did not answer in time.");
    }

    /// <summary>
    /// Staff by bearer token, and partners by API key where the policy grants partner scopes. The lists name the staff
    /// roles and partner scopes the policy admits for this method.
    /// </summary>
    private static JsonArray Requirement(string? policy, string method)
    {
        var rule = policy is not null && AccessPolicies.Table.TryGetValue(policy, out var rules)
            ? AccessPolicies.RuleFor(rules, method.ToUpperInvariant())
            : null;
        var requirement = new JsonArray(new JsonObject { [BearerScheme] = Names(rule?.Roles ?? []) });
        if (rule is { Scopes.Count: > 0 })
        {
            requirement.Add(new JsonObject { [ApiKeyScheme] = Names(rule.Scopes) });
        }
        return requirement;
    }

    private static JsonArray Names(IEnumerable<string> names) => new([.. names.Select(n => (JsonNode)JsonValue.Create(n))]);

    private static void AddProblem(JsonObject responses, string status, string description, (string Name, JsonObject Header)? header = null)
    {
        if (responses[status] is JsonObject existing)
        {
            // The service already documents this status; the gateway's header still applies to it.
            if (header is { } added && existing["headers"] is not JsonObject)
            {
                existing["headers"] = new JsonObject { [added.Name] = added.Header };
            }
            else if (header is { } more && existing["headers"] is JsonObject headers && !headers.ContainsKey(more.Name))
            {
                headers[more.Name] = more.Header;
            }
            return;
        }
        var response = new JsonObject
        {
            ["description"] = description,
            ["content"] = new JsonObject
            {
                [OpenApiContract.ProblemContentType] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = ProblemReference } },
            },
        };
        if (header is { } h)
        {
            response["headers"] = new JsonObject { [h.Name] = h.Header };
        }
        responses[status] = response;
    }

    private static (string, JsonObject) Header(string name, string description, bool numeric = false) =>
        (name, new JsonObject
        {
            ["description"] = description,
            ["schema"] = new JsonObject { ["type"] = numeric ? "integer" : "string" },
        });
}
