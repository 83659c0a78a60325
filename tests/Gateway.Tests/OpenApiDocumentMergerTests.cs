using System.Text.Json.Nodes;
using HallPlatform.Gateway.OpenApi;

namespace HallPlatform.Gateway.Tests;

public sealed class OpenApiDocumentMergerTests
{
    private const string Gateway = "https://gateway.example";

    private static readonly RoutedOperation[] Routes =
    [
        new("reception", "/api/v1/visits", ["POST"]),
        new("reception", "/api/v1/visits/{visitId}", ["GET"]),
        new("business", "/api/v1/orders/{orderId}", ["GET"]),
    ];

    [Fact]
    public void Routed_paths_of_every_service_are_merged_and_servers_is_the_gateway()
    {
        var merged = Merge(
            Service("reception", Paths(("/api/v1/visits", "post", "Visit"), ("/api/v1/visits/{visitId}", "get", "Visit")),
                Schemas(("Visit", SchemaWithProperty("visitId")))),
            Service("business", Paths(("/api/v1/orders/{orderId}", "get", "Order")), Schemas(("Order", SchemaWithProperty("orderId")))));

        Assert.Equal(["/api/v1/orders/{orderId}", "/api/v1/visits", "/api/v1/visits/{visitId}"], PathKeys(merged));
        Assert.Equal(Gateway, merged["servers"]![0]!["url"]!.GetValue<string>());
        Assert.Equal(["Order", "Visit"], SchemaNames(merged));
        Assert.Equal("3.1.1", merged["openapi"]!.GetValue<string>());
    }

    [Fact]
    public void Paths_the_gateway_does_not_route_are_dropped()
    {
        var merged = Merge(Service("reception", Paths(
            ("/api/v1/visits/{visitId}", "get", "Visit"),
            ("/api/v1/internal/queues/reset", "post", "Visit"),
            // Routed, but to business: reception's copy must not be published.
            ("/api/v1/orders/{orderId}", "get", "Visit"))));

        Assert.Equal(["/api/v1/visits/{visitId}"], PathKeys(merged));
    }

    [Fact]
    public void Methods_the_gateway_does_not_route_are_dropped_from_a_routed_path()
    {
        var document = Service("reception", Paths(("/api/v1/visits/{visitId}", "get", "Visit"), ("/api/v1/visits/{visitId}", "delete", "Visit")));
        document.Document["paths"]!["/api/v1/visits/{visitId}"]!["parameters"] = new JsonArray(new JsonObject { ["name"] = "visitId" });

        var merged = Merge(document);

        var item = merged["paths"]!["/api/v1/visits/{visitId}"]!.AsObject();
        Assert.Equal(["get", "parameters"], item.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_path_whose_routed_methods_are_all_missing_is_dropped()
    {
        var merged = Merge(Service("reception", Paths(("/api/v1/visits", "get", "Visit"))));

        Assert.Empty(PathKeys(merged));
    }

    [Fact]
    public void Path_templates_match_regardless_of_parameter_names_and_case()
    {
        var merged = Merge(Service("reception", Paths(("/API/v1/visits/{id}", "get", "Visit"))));

        Assert.Equal(["/API/v1/visits/{id}"], PathKeys(merged));
    }

    [Fact]
    public void Identical_schemas_with_the_same_name_are_shared()
    {
        var problem = SchemaWithProperty("title");
        var merged = Merge(
            Service("reception", Paths(("/api/v1/visits", "post", "ProblemDetails")), Schemas(("ProblemDetails", problem))),
            Service("business", Paths(("/api/v1/orders/{orderId}", "get", "ProblemDetails")), Schemas(("ProblemDetails", problem.DeepClone()))));

        Assert.Equal(["ProblemDetails"], SchemaNames(merged));
    }

    [Fact]
    public void Clashing_schemas_are_prefixed_with_their_service_and_references_follow()
    {
        var merged = Merge(
            Service("reception", Paths(("/api/v1/visits", "post", "Status")), Schemas(("Status", SchemaWithProperty("queued")))),
            Service("business", Paths(("/api/v1/orders/{orderId}", "get", "Status")), Schemas(("Status", SchemaWithProperty("paid")))));

        Assert.Equal(["business.Status", "reception.Status"], SchemaNames(merged));
        Assert.Equal("#/components/schemas/reception.Status", ResponseRef(merged, "/api/v1/visits", "post"));
        Assert.Equal("#/components/schemas/business.Status", ResponseRef(merged, "/api/v1/orders/{orderId}", "get"));
        var schemas = merged["components"]!["schemas"]!;
        Assert.Equal("queued", schemas["reception.Status"]!["properties"]!.AsObject().Single().Key);
        Assert.Equal("paid", schemas["business.Status"]!["properties"]!.AsObject().Single().Key);
    }

    [Fact]
    public void Same_text_schemas_referencing_clashing_schemas_are_prefixed_too()
    {
        // Both Wrappers read {"value": {"$ref": Status}}, but each means its own service's Status.
        var merged = Merge(
            Service("reception", Paths(("/api/v1/visits", "post", "Wrapper")),
                Schemas(("Status", SchemaWithProperty("queued")), ("Wrapper", RefSchema("Status")))),
            Service("business", Paths(("/api/v1/orders/{orderId}", "get", "Wrapper")),
                Schemas(("Status", SchemaWithProperty("paid")), ("Wrapper", RefSchema("Status")))));

        Assert.Equal(["business.Status", "business.Wrapper", "reception.Status", "reception.Wrapper"], SchemaNames(merged));
        Assert.Equal("#/components/schemas/reception.Wrapper", ResponseRef(merged, "/api/v1/visits", "post"));
        Assert.Equal("#/components/schemas/business.Wrapper", ResponseRef(merged, "/api/v1/orders/{orderId}", "get"));
        var schemas = merged["components"]!["schemas"]!;
        Assert.Equal("#/components/schemas/reception.Status", schemas["reception.Wrapper"]!["properties"]!["value"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/business.Status", schemas["business.Wrapper"]!["properties"]!["value"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public void Schemas_only_unrouted_operations_use_are_dropped_and_nested_ones_kept()
    {
        var merged = Merge(Service("reception",
            Paths(("/api/v1/visits", "post", "Visit"), ("/api/v1/internal/reset", "post", "InternalReset")),
            Schemas(("Visit", RefSchema("Ticket")), ("Ticket", SchemaWithProperty("number")), ("InternalReset", SchemaWithProperty("secret")))));

        Assert.Equal(["Ticket", "Visit"], SchemaNames(merged));
    }

    [Fact]
    public void Security_schemes_are_kept_although_nothing_references_them_by_ref()
    {
        var document = Service("reception", Paths(("/api/v1/visits", "post", "Visit")), Schemas(("Visit", SchemaWithProperty("visitId"))));
        document.Document["components"]!["securitySchemes"] = new JsonObject { ["bearer"] = new JsonObject { ["type"] = "http" } };

        var merged = Merge(document);

        Assert.NotNull(merged["components"]!["securitySchemes"]!["bearer"]);
    }

    [Fact]
    public void Tags_are_merged_by_name()
    {
        var reception = Service("reception", Paths(("/api/v1/visits", "post", "Visit")));
        reception.Document["tags"] = new JsonArray(new JsonObject { ["name"] = "Visits" }, new JsonObject { ["name"] = "Shared" });
        var business = Service("business", Paths(("/api/v1/orders/{orderId}", "get", "Order")));
        business.Document["tags"] = new JsonArray(new JsonObject { ["name"] = "Shared" }, new JsonObject { ["name"] = "Orders" });

        var merged = Merge(reception, business);

        Assert.Equal(["Orders", "Shared", "Visits"], merged["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_input_documents_are_not_modified()
    {
        var reception = Service("reception", Paths(("/api/v1/visits", "post", "Status"), ("/api/v1/unrouted", "get", "Status")),
            Schemas(("Status", SchemaWithProperty("queued"))));
        var business = Service("business", Paths(("/api/v1/orders/{orderId}", "get", "Status")), Schemas(("Status", SchemaWithProperty("paid"))));
        var before = reception.Document.ToJsonString() + business.Document.ToJsonString();

        _ = Merge(reception, business);

        Assert.Equal(before, reception.Document.ToJsonString() + business.Document.ToJsonString());
    }

    [Fact]
    public void An_operation_gets_the_security_of_its_route_policy_and_an_anonymous_one_has_none()
    {
        RoutedOperation[] routes =
        [
            new("reception", "/api/v1/visits", ["POST"], "anonymous"),
            new("reception", "/api/v1/visits/{visitId}", ["GET"], "counter"),
            new("business", "/api/v1/orders/{orderId}", ["GET"], "trouble-tickets"),
        ];
        var merged = OpenApiDocumentMerger.Merge(
            [
                Service("reception", Paths(("/api/v1/visits", "post", "Visit"), ("/api/v1/visits/{visitId}", "get", "Visit"))),
                Service("business", Paths(("/api/v1/orders/{orderId}", "get", "Order"))),
            ],
            routes, Gateway);

        var open = merged["paths"]!["/api/v1/visits"]!["post"]!;
        Assert.Empty(open["security"]!.AsArray());
        Assert.Null(open["responses"]!["401"]);
        Assert.NotNull(open["responses"]!["429"]!["headers"]!["Retry-After"]);

        var staff = merged["paths"]!["/api/v1/visits/{visitId}"]!["get"]!;
        var staffRequirement = Assert.Single(staff["security"]!.AsArray())!.AsObject();
        Assert.Equal(["counter-agent"], staffRequirement[GatewayContract.BearerScheme]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.NotNull(staff["responses"]!["401"]);
        Assert.NotNull(staff["responses"]!["403"]);

        // trouble-tickets admits partner keys for GET (faults:read): both schemes, either one is enough.
        var partner = merged["paths"]!["/api/v1/orders/{orderId}"]!["get"]!["security"]!.AsArray();
        Assert.Equal(2, partner.Count);
        Assert.Equal(["faults:read"], partner[1]![GatewayContract.ApiKeyScheme]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal([GatewayContract.BearerScheme, GatewayContract.ApiKeyScheme],
            merged["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_documents_give_a_valid_empty_document()
    {
        var merged = OpenApiDocumentMerger.Merge([], Routes, Gateway);

        Assert.Empty(merged["paths"]!.AsObject());
        Assert.Equal("v1", merged["info"]!["version"]!.GetValue<string>());
        Assert.Null(merged["components"]);
    }

    private static JsonObject Merge(params ServiceOpenApiDocument[] documents) =>
        OpenApiDocumentMerger.Merge(documents, Routes, Gateway);

    private static ServiceOpenApiDocument Service(string name, JsonObject paths, JsonObject? schemas = null)
    {
        var document = new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject { ["title"] = name, ["version"] = "1.0" },
            ["paths"] = paths,
        };
        if (schemas is not null)
        {
            document["components"] = new JsonObject { ["schemas"] = schemas };
        }
        return new ServiceOpenApiDocument(name, document);
    }

    private static JsonObject Paths(params (string Path, string Method, string ResponseSchema)[] operations)
    {
        var paths = new JsonObject();
        foreach (var (path, method, schema) in operations)
        {
            if (paths[path] is not JsonObject item)
            {
                paths[path] = item = new JsonObject();
            }
            item[method] = new JsonObject
            {
                ["responses"] = new JsonObject
                {
                    ["200"] = new JsonObject
                    {
                        ["content"] = new JsonObject
                        {
                            ["application/json"] = new JsonObject { ["schema"] = Ref(schema) },
                        },
                    },
                },
            };
        }
        return paths;
    }

    private static JsonObject Schemas(params (string Name, JsonNode Schema)[] schemas)
    {
        var result = new JsonObject();
        foreach (var (name, schema) in schemas)
        {
            result[name] = schema;
        }
        return result;
    }

    private static JsonObject Ref(string schema) => new() { ["$ref"] = $"#/components/schemas/{schema}" };

    private static JsonObject SchemaWithProperty(string property) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { [property] = new JsonObject { ["type"] = "string" } },
    };

    private static JsonObject RefSchema(string target) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { ["value"] = Ref(target) },
    };

    private static List<string> PathKeys(JsonObject merged) => [.. merged["paths"]!.AsObject().Select(p => p.Key)];

    private static List<string> SchemaNames(JsonObject merged) =>
        [.. (merged["components"]?["schemas"]?.AsObject() ?? []).Select(s => s.Key)];

    private static string ResponseRef(JsonObject merged, string path, string method) =>
        merged["paths"]![path]![method]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
}
