using System.Text.Json;
using Xunit;

namespace HallPlatform.EndToEnd.Tests.Fuzz;

/// <summary>The fuzzer's generators on a small document: a generator bug must not hide failures by sending nothing.</summary>
public sealed class FuzzGeneratorTests
{
    private const string SampleDocument = """
        {
          "openapi": "3.1.1",
          "paths": {
            "/api/v1/things": {
              "post": {
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewThing" } } } }
              },
              "get": {
                "parameters": [
                  { "name": "page", "in": "query", "schema": { "type": ["integer", "string"], "format": "int32" } },
                  { "name": "hallId", "in": "query", "required": true, "schema": { "type": "string" } }
                ]
              }
            },
            "/api/v1/things/{thingId}": {
              "get": { "parameters": [ { "name": "thingId", "in": "path", "required": true, "schema": { "type": "string" } } ] }
            }
          },
          "components": {
            "schemas": {
              "NewThing": {
                "type": "object",
                "required": ["name", "score", "kind"],
                "properties": {
                  "name": { "type": "string" },
                  "score": { "type": ["integer", "string"], "minimum": 1, "maximum": 5 },
                  "kind": { "$ref": "#/components/schemas/Kind" },
                  "dueAt": { "type": "string", "format": "date-time" },
                  "note": { "type": ["null", "string"] }
                }
              },
              "Kind": { "enum": ["first", "second"] }
            }
          }
        }
        """;

    private static (OpenApiOperations Document, RequestMutations Mutations) Sample()
    {
        var document = new OpenApiOperations(JsonDocument.Parse(SampleDocument).RootElement);
        return (document, new RequestMutations(document, (_, name) => name == "thingId" ? "thg_1" : null));
    }

    [Fact]
    public void Every_operation_of_the_document_is_read_with_its_parameters_and_body()
    {
        var operations = Sample().Document.All();

        Assert.Equal(["GET /api/v1/things", "GET /api/v1/things/{thingId}", "POST /api/v1/things"], operations.Select(o => o.Name).Order(StringComparer.Ordinal));
        Assert.NotNull(operations.Single(o => o.Method == "POST").BodySchema);
        Assert.Equal(2, operations.Single(o => o.Name == "GET /api/v1/things").Parameters.Count);
    }

    [Fact]
    public void The_baseline_body_is_valid_JSON_with_every_required_field_in_range()
    {
        var (document, mutations) = Sample();
        var create = document.All().Single(o => o.Method == "POST");

        var baseline = mutations.For(create)[0];
        using var body = JsonDocument.Parse(baseline.Body!);

        Assert.Equal("baseline", baseline.Mutation);
        Assert.Equal("application/json", baseline.ContentType);
        Assert.Equal(JsonValueKind.String, body.RootElement.GetProperty("name").ValueKind);
        Assert.Equal(1, body.RootElement.GetProperty("score").GetInt32());
        Assert.Equal("first", body.RootElement.GetProperty("kind").GetString());
        Assert.True(DateTimeOffset.TryParse(body.RootElement.GetProperty("dueAt").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.False(body.RootElement.TryGetProperty("note", out _), "an optional nullable field is left out of the baseline");
    }

    [Fact]
    public void Mutations_cover_each_kind_of_bad_input_and_are_deterministic()
    {
        var (document, mutations) = Sample();
        var create = document.All().Single(o => o.Method == "POST");

        var requests = mutations.For(create);
        var again = mutations.For(create);

        Assert.Equal(requests.Select(r => r.Mutation), again.Select(r => r.Mutation));
        Assert.True(requests.Count >= 30, $"only {requests.Count} mutations");
        foreach (var expected in new[] { "body.name: missing", "body.name: null", "body.name: NUL character", "body.name: lone surrogate",
            "body.name: 100k characters", "body.score: number 2147483647", "body.score: number 1e309", "body.dueAt: date 9999-12-31T23:59:59Z",
            "malformed JSON: truncated", "malformed JSON: deep nesting 10k", "wrong content type text/plain", "extra unknown fields" })
        {
            Assert.Contains(requests, r => r.Mutation == expected);
        }
        Assert.Contains("\\ud800", requests.Single(r => r.Mutation == "body.name: lone surrogate").Body, StringComparison.Ordinal);
        Assert.Contains("\\u0000", requests.Single(r => r.Mutation == "body.name: NUL character").Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Path_and_query_parameters_get_injection_strings_and_paging_extremes()
    {
        var (document, mutations) = Sample();
        var operations = document.All();

        var item = mutations.For(operations.Single(o => o.Name == "GET /api/v1/things/{thingId}"));
        var list = mutations.For(operations.Single(o => o.Name == "GET /api/v1/things"));

        Assert.Equal("/api/v1/things/thg_1", item[0].Path);
        Assert.Contains(item, r => r.Path == "/api/v1/things/..%2F..%2Fetc%2Fpasswd");
        Assert.Contains(item, r => r.Path == "/api/v1/things/a%00b");
        Assert.Equal("/api/v1/things?hallId=hall-fuzz", list[0].Path);
        Assert.Contains(list, r => r.Path == "/api/v1/things?page=2147483647&hallId=hall-fuzz");
        Assert.Contains(list, r => r.Path == "/api/v1/things?page=-1&hallId=hall-fuzz");
    }

    [Fact]
    public void Every_gateway_gRPC_method_gets_malformed_frames()
    {
        foreach (var method in GrpcMutations.GatewayMethods)
        {
            var requests = GrpcMutations.For(method);

            Assert.True(requests.Count >= 15, $"{method.Path}: {requests.Count}");
            Assert.Equal(0, requests[0].Frame[0]);
            Assert.Equal(requests[0].Frame.Length - 5, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(requests[0].Frame.AsSpan(1)));
        }
        Assert.Equal(10, GrpcMutations.GatewayMethods.Count);
    }
}
