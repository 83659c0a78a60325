using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using HallPlatform.Gateway.OpenApi;
using HallPlatform.Gateway.Tests.Routes;
using HallPlatform.Testing;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace HallPlatform.Gateway.Tests.Contract;

/// <summary>
/// The document the gateway publishes, built exactly as the gateway builds it (<see cref="OpenApiDocumentMerger"/>
/// over the five services' own documents and the shipped routes), checked against the contract rules of docs/api.md,
/// then linted by Redocly and compiled into a TypeScript client (tools/openapi/check.sh).
/// </summary>
[Collection(ServiceEndpointsCollection.Name)]
public sealed class PublishedContractTests(ServiceEndpointsFixture services, ITestOutputHelper output)
{
    private static readonly string[] OperationMethods = ["get", "put", "post", "delete", "patch"];

    private JsonObject Document() => OpenApiDocumentMerger.Merge(
        services.Documents,
        [.. ShippedGatewayRoutes.All.Where(r => !r.IsGrpc)
            .Select(r => new RoutedOperation(r.Service, r.Path, r.Methods, r.AuthorizationPolicy))],
        "http://localhost:5000");

    private IEnumerable<(string Name, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from method in OperationMethods
        where path.Value![method] is JsonObject
        select ($"{method.ToUpperInvariant()} {path.Key}", path.Value![method]!.AsObject());

    [Fact]
    public void Every_operation_has_a_summary_a_description_and_a_described_tag()
    {
        var document = Document();
        var described = document["tags"]!.AsArray()
            .Where(t => !string.IsNullOrWhiteSpace(t!["description"]?.GetValue<string>()))
            .Select(t => t!["name"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);
        var missing = Operations(document)
            .Where(o => string.IsNullOrWhiteSpace(o.Operation["summary"]?.GetValue<string>())
                || string.IsNullOrWhiteSpace(o.Operation["description"]?.GetValue<string>())
                || o.Operation["tags"] is not JsonArray { Count: > 0 } tags
                || tags.Any(t => !described.Contains(t!.GetValue<string>())))
            .Select(o => o.Name)
            .ToList();

        Assert.NotEmpty(Operations(document));
        Assert.Empty(missing);
    }

    [Fact]
    public void A_secured_route_names_its_schemes_and_an_open_route_has_empty_security()
    {
        var paths = Document()["paths"]!;

        var report = paths["/api/v1/trouble-tickets"]!["post"]!["security"]!.AsArray();
        Assert.Equal([GatewayContract.BearerScheme, GatewayContract.ApiKeyScheme],
            report.Select(r => r!.AsObject().Single().Key));
        Assert.Contains("faults:report", report[1]![GatewayContract.ApiKeyScheme]!.AsArray().Select(s => s!.GetValue<string>()));
        var staffOnly = paths["/api/v1/complaints/{complaintId}"]!["get"]!["security"]!.AsArray();
        Assert.Equal([GatewayContract.BearerScheme], staffOnly.Select(r => r!.AsObject().Single().Key));
        Assert.NotNull(paths["/api/v1/complaints/{complaintId}"]!["get"]!["responses"]!["401"]);

        var checkIn = paths["/api/v1/visits"]!["post"]!;
        Assert.Empty(checkIn["security"]!.AsArray());
        Assert.Null(checkIn["responses"]!["401"]);
    }

    [Fact]
    public void Security_schemes_are_bearer_JWT_and_the_partner_API_key()
    {
        var schemes = Document()["components"]!["securitySchemes"]!;

        Assert.Equal("bearer", schemes[GatewayContract.BearerScheme]!["scheme"]!.GetValue<string>());
        Assert.Equal("JWT", schemes[GatewayContract.BearerScheme]!["bearerFormat"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", schemes[GatewayContract.ApiKeyScheme]!["name"]!.GetValue<string>());
        Assert.Equal("header", schemes[GatewayContract.ApiKeyScheme]!["in"]!.GetValue<string>());
    }

    [Fact]
    public void Every_error_response_is_the_problem_schema_with_a_traceId()
    {
        var document = Document();
        var problem = document["components"]!["schemas"]![OpenApiContract.ProblemSchemaName]!;
        Assert.Contains("traceId", problem["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains(ProblemTypes.NotFound, problem["properties"]!["type"]!["enum"]!.AsArray().Select(r => r!.GetValue<string>()));

        var notProblems = Operations(document)
            .SelectMany(o => o.Operation["responses"]!.AsObject().Select(r => (o.Name, Status: r.Key, Response: r.Value!)))
            .Where(r => int.Parse(r.Status, System.Globalization.CultureInfo.InvariantCulture) >= 400
                && r.Response["content"]?[OpenApiContract.ProblemContentType]?["schema"]?["$ref"]?.GetValue<string>()
                    != "#/components/schemas/" + OpenApiContract.ProblemSchemaName)
            .Select(r => $"{r.Name} {r.Status}")
            .ToList();
        Assert.Empty(notProblems);

        var rateLimited = document["paths"]!["/api/v1/visits"]!["post"]!["responses"]!["429"]!;
        Assert.Equal("integer", rateLimited["headers"]!["Retry-After"]!["schema"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Numbers_are_typed_as_numbers_never_as_number_or_string()
    {
        var text = Document().ToJsonString();

        Assert.DoesNotContain("\"string\",\"integer\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"integer\",\"string\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"number\",\"string\"", text, StringComparison.Ordinal);
        Assert.Contains("\"integer\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_enum_carrying_field_lists_its_wire_names()
    {
        var schemas = Document()["components"]!["schemas"]!;

        var status = schemas["TroubleTicketResponse"]!["properties"]!["status"]!;
        Assert.Contains("acknowledged", status["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains("closed", status["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    /// <summary>
    /// Redocly's recommended ruleset finds no error, and a TypeScript client generated by openapi-typescript compiles
    /// with <c>tsc --strict</c> together with tools/openapi/sample-client.ts. Needs node and npm (CI has them).
    /// </summary>
    [Fact]
    public async Task The_published_document_passes_redocly_lint_and_its_generated_client_compiles_strictly()
    {
        var tools = Path.Combine(RepositoryPaths.Root, "tools", "openapi");
        var generated = Path.Combine(tools, "generated");
        Directory.CreateDirectory(generated);
        var documentPath = Path.Combine(generated, "openapi.json");
        await File.WriteAllTextAsync(documentPath, Document().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var (exitCode, text) = await RunAsync(tools, "bash", "check.sh", documentPath);

        output.WriteLine(text);
        Assert.True(exitCode == 0, $"tools/openapi/check.sh exited with {exitCode}:\n{text}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string directory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
