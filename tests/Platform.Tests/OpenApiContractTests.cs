using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HallPlatform.Application;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;

namespace HallPlatform.Platform.Tests;

/// <summary>The contract transformers every service's OpenAPI document goes through (ServiceDefaults/OpenApiContract.cs).</summary>
public sealed class OpenApiContractTests
{
    public enum Shade
    {
        Light,
        DarkBlue,
    }

    public sealed record Body(
        [property: Required] string? Name,
        string? Comment,
        [property: Required] int? Score,
        int Count,
        string Code);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private static JsonTypeInfo BodyType => Web.GetTypeInfo(typeof(Body));

    private static JsonPropertyInfo Property(string name) => BodyType.Properties.Single(p => p.Name == name);

    [Fact]
    public void A_number_that_may_also_be_written_as_text_is_documented_as_a_number_only()
    {
        var schema = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.String, Pattern = "^-?(?:0|[1-9]\\d*)$" };
        var nullable = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.String | JsonSchemaType.Null, Pattern = "x" };
        var text = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[a-z]+$" };

        OpenApiContract.TypeNumbersStrictly(schema);
        OpenApiContract.TypeNumbersStrictly(nullable);
        OpenApiContract.TypeNumbersStrictly(text);

        Assert.Equal(JsonSchemaType.Integer, schema.Type);
        Assert.Null(schema.Pattern);
        Assert.Equal(JsonSchemaType.Integer | JsonSchemaType.Null, nullable.Type);
        Assert.Equal(JsonSchemaType.String, text.Type);
        Assert.Equal("^[a-z]+$", text.Pattern);
    }

    [Fact]
    public void A_field_carrying_an_enum_lists_its_wire_names_and_null_only_when_it_may_be_null()
    {
        var required = new OpenApiSchema { Type = JsonSchemaType.String };
        var optional = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null };
        var plain = new OpenApiSchema { Type = JsonSchemaType.String };

        OpenApiContract.ListWireNames(required, new WireEnumAttribute<Shade>());
        OpenApiContract.ListWireNames(optional, new WireEnumAttribute<Shade>());
        OpenApiContract.ListWireNames(plain, null);

        Assert.Equal(["light", "darkBlue"], required.Enum!.Select(v => v.GetValue<string>()));
        Assert.Equal(3, optional.Enum!.Count);
        Assert.Null(optional.Enum[2]);
        Assert.Null(plain.Enum);
    }

    [Fact]
    public void A_string_hidden_by_the_NUL_converter_is_typed_again_with_null_only_where_allowed()
    {
        var name = new OpenApiSchema();
        var comment = new OpenApiSchema();
        var code = new OpenApiSchema();
        var notText = new OpenApiSchema();

        OpenApiContract.TypeStrings(name, typeof(string), Property("name"));
        OpenApiContract.TypeStrings(comment, typeof(string), Property("comment"));
        OpenApiContract.TypeStrings(code, typeof(string), Property("code"));
        OpenApiContract.TypeStrings(notText, typeof(int), Property("count"));

        Assert.Equal(JsonSchemaType.String, name.Type);
        Assert.Equal(JsonSchemaType.String | JsonSchemaType.Null, comment.Type);
        Assert.Equal(JsonSchemaType.String, code.Type);
        Assert.Null(notText.Type);
    }

    [Fact]
    public void Only_fields_the_server_requires_are_required_and_they_may_not_be_null()
    {
        // As the generator writes it: every constructor parameter required.
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string>(["name", "comment", "score", "count", "code"]),
        };
        var score = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null };

        OpenApiContract.RequireOnlyWhatTheServerRequires(schema, BodyType);
        OpenApiContract.RefuseNullWhereRequired(score, Property("score"));

        Assert.Equal(["code", "count", "name", "score"], schema.Required!.Order(StringComparer.Ordinal));
        Assert.Equal(JsonSchemaType.Integer, score.Type);
    }

    [Fact]
    public void A_text_bound_integer_parameter_is_documented_as_a_bounded_integer()
    {
        var schema = new OpenApiSchema { Type = JsonSchemaType.String };

        OpenApiContract.TypeIntegerText(schema, new IntegerTextAttribute(1, PageRequest.MaxPage));

        Assert.Equal(JsonSchemaType.Integer, schema.Type);
        Assert.Equal("1", schema.Minimum);
        Assert.Equal("1000000", schema.Maximum);
    }

    [Fact]
    public void The_problem_schema_requires_type_and_traceId_and_lists_every_problem_type()
    {
        var problem = OpenApiContract.ProblemSchema();

        Assert.Contains("traceId", problem.Required!);
        Assert.Contains("type", problem.Required!);
        Assert.Equal(ProblemTypes.All, problem.Properties!["type"].Enum!.Select(v => v.GetValue<string>()));
        Assert.Equal(JsonSchemaType.Object, problem.Properties["errors"].Type);
    }

    [Fact]
    public void Every_route_documents_the_common_errors_as_problems()
    {
        var withPath = new OpenApiOperation
        {
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse { Description = "OK" },
                ["409"] = new OpenApiResponse { Description = "" },
            },
        };
        var withoutPath = new OpenApiOperation { Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "OK" } } };

        OpenApiContract.DocumentErrors(withPath, hasPathParameters: true);
        OpenApiContract.DocumentErrors(withoutPath, hasPathParameters: false);

        Assert.Equal(["200", "400", "404", "409", "503"], withPath.Responses.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["200", "400", "503"], withoutPath.Responses!.Keys.Order(StringComparer.Ordinal));
        foreach (var status in new[] { "400", "404", "409", "503" })
        {
            var media = withPath.Responses[status].Content![OpenApiContract.ProblemContentType];
            Assert.Equal(OpenApiContract.ProblemSchemaName, ((OpenApiSchemaReference)media.Schema!).Reference.Id);
            Assert.False(string.IsNullOrWhiteSpace(withPath.Responses[status].Description));
        }
        Assert.Null(withPath.Responses["200"].Content);
    }

    [Theory]
    [InlineData(400, ProblemTypes.Validation)]
    [InlineData(401, ProblemTypes.Unauthenticated)]
    [InlineData(404, ProblemTypes.NotFound)]
    [InlineData(409, ProblemTypes.Conflict)]
    [InlineData(422, ProblemTypes.IdempotencyKeyMismatch)]
    [InlineData(429, ProblemTypes.RateLimited)]
    [InlineData(503, ProblemTypes.Unavailable)]
    [InlineData(500, ProblemTypes.Internal)]
    public void Each_status_has_one_problem_type(int status, string type) => Assert.Equal(type, ProblemTypes.ForStatus(status));

    [Fact]
    public void Problem_types_are_distinct_URNs()
    {
        Assert.Equal(ProblemTypes.All.Count, ProblemTypes.All.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ProblemTypes.All, type => Assert.StartsWith("urn:hallplatform:problem:", type, StringComparison.Ordinal));
    }
}
