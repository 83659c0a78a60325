using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Nodes;
using HallPlatform.Application;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The contract rules every service's OpenAPI document follows (docs/api.md, "The contract"): one problem+json schema
/// with <c>traceId</c> for every error response, the errors every route can answer, <c>Location</c> on 201, integers
/// typed as integers, the wire names of enum-carrying text fields, and described tags. The gateway adds what only it
/// knows (security, rate limits) when it merges the services' documents.
/// </summary>
public static class OpenApiContract
{
    public const string ProblemSchemaName = "Problem";
    public const string ProblemContentType = "application/problem+json";

    /// <summary>Adds the contract's transformers to one OpenAPI document.</summary>
    public static OpenApiOptions AddHallContract(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddSchemaTransformer((schema, context, _) =>
        {
            TypeStrings(schema, context.JsonTypeInfo.Type, context.JsonPropertyInfo);
            TypeNumbersStrictly(schema);
            RefuseNullWhereRequired(schema, context.JsonPropertyInfo);
            ListWireNames(schema, ParameterAttribute<IWireEnumValues>(context) ?? PropertyAttribute<IWireEnumValues>(context));
            TypeIntegerText(schema, ParameterAttribute<IntegerTextAttribute>(context));
            RequireOnlyWhatTheServerRequires(schema, context.JsonTypeInfo);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var hasPathParameters = context.Description.ParameterDescriptions
                .Any(p => p.Source.Id == "Path");
            DocumentErrors(operation, hasPathParameters);
            DocumentLocation(operation);
            DocumentPreconditions(operation, context);
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, context, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            document.Components.Schemas[ProblemSchemaName] = ProblemSchema();
            DescribeTags(document, context.DescriptionGroups
                .SelectMany(group => group.Items)
                .SelectMany(description => description.ActionDescriptor.EndpointMetadata.OfType<TagDescriptionMetadata>()));
            return Task.CompletedTask;
        });
        return options;
    }

    /// <summary>
    /// RFC 9457 problem details as every service and the gateway write them (HttpApiDefaults): <c>type</c> is one of
    /// <see cref="ProblemTypes.All"/>, <c>traceId</c> is always there, <c>errors</c> only for field errors (400).
    /// Other members (e.g. <c>currentStatus</c> of a refused move) may be added per route.
    /// </summary>
    public static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem. Branch on `type`; `title` and `detail` are for people.",
        Required = new HashSet<string>(["type", "title", "status", "traceId"], StringComparer.Ordinal),
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Format = "uri",
                Description = "The kind of error: one URI per kind, listed in docs/api.md.",
                Enum = [.. ProblemTypes.All.Select(type => (JsonNode)JsonValue.Create(type))],
            },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the kind of error." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong with this request." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request path." },
            ["traceId"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The W3C trace id of the request: quote it when reporting a problem.",
            },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Field errors (400 only): the field's name (or JSON path) and its messages.",
                AdditionalProperties = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            },
        },
    };

    /// <summary>
    /// Every JSON string goes through the NUL-refusing converter (HttpApiDefaults), and a custom converter hides the
    /// type from the schema generator, which then writes <c>{}</c>. Put the type back: a string, and null too where
    /// the property is nullable and not <see cref="RequiredAttribute"/>.
    /// </summary>
    public static void TypeStrings(OpenApiSchema schema, Type type, JsonPropertyInfo? property)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (type != typeof(string) || schema.Type is not null)
        {
            return;
        }
        schema.Type = property is not null && MayBeNull(property) ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
    }

    /// <summary>A field the server refuses to go without (<see cref="RequiredAttribute"/>) may not be null either.</summary>
    public static void RefuseNullWhereRequired(OpenApiSchema schema, JsonPropertyInfo? property)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (property is not null && IsRequired(property) && schema.Type is { } type && (type & JsonSchemaType.Null) != 0)
        {
            schema.Type = type & ~JsonSchemaType.Null;
        }
    }

    /// <summary>
    /// The generator makes every constructor parameter of a record required. The services take their bodies as
    /// nullable fields and answer a missing one with a 400 naming it, so a nullable field is optional in the contract
    /// unless it carries <see cref="RequiredAttribute"/> (the fields a request is refused without).
    /// </summary>
    public static void RequireOnlyWhatTheServerRequires(OpenApiSchema schema, JsonTypeInfo type)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(type);
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        var required = schema.Required ?? new HashSet<string>(StringComparer.Ordinal);
        required.ExceptWith(type.Properties.Where(MayBeNull).Select(property => property.Name));
        required.UnionWith(type.Properties.Where(IsRequired).Select(property => property.Name));
        schema.Required = required.Count > 0 ? required : null;
    }

    private static bool IsRequired(JsonPropertyInfo property) =>
        property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: false) == true;

    private static bool MayBeNull(JsonPropertyInfo property) =>
        (property.IsGetNullable || property.IsSetNullable) && !IsRequired(property);

    /// <summary>
    /// The generator types a number as <c>["integer","string"]</c> with a digits pattern because the web JSON defaults
    /// also read numbers written as strings. The contract promises numbers: clients must send and expect them.
    /// </summary>
    public static void TypeNumbersStrictly(OpenApiSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Type is { } type && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0
            && (type & JsonSchemaType.String) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
    }

    /// <summary>A text field that carries an enum's wire names lists them (and null when the field may be null).</summary>
    public static void ListWireNames(OpenApiSchema schema, IWireEnumValues? wireEnum)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (wireEnum is null)
        {
            return;
        }
        List<JsonNode> values = [.. wireEnum.Values.Select(value => (JsonNode)JsonValue.Create(value))];
        if (schema.Type is { } type && (type & JsonSchemaType.Null) != 0)
        {
            values.Add(null!);
        }
        schema.Enum = values;
    }

    /// <summary>A query parameter bound as text but documented as the whole number it must be.</summary>
    public static void TypeIntegerText(OpenApiSchema schema, IntegerTextAttribute? range)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (range is null)
        {
            return;
        }
        schema.Type = JsonSchemaType.Integer;
        schema.Format = range.Maximum <= int.MaxValue ? "int32" : "int64";
        schema.Pattern = null;
        schema.Minimum = range.Minimum.ToString(CultureInfo.InvariantCulture);
        schema.Maximum = range.Maximum.ToString(CultureInfo.InvariantCulture);
    }

    private static T? PropertyAttribute<T>(OpenApiSchemaTransformerContext context) where T : class =>
        context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(inherit: false).OfType<T>().FirstOrDefault();

    /// <summary>An attribute on the handler's parameter, for the parameter's own schema only (not the schemas nested in it).</summary>
    private static T? ParameterAttribute<T>(OpenApiSchemaTransformerContext context) where T : class =>
        context.JsonPropertyInfo is null
        && context.ParameterDescription?.ParameterDescriptor is IParameterInfoParameterDescriptor { ParameterInfo: { } parameter }
            ? parameter.GetCustomAttributes(inherit: false).OfType<T>().FirstOrDefault()
            : null;

    /// <summary>
    /// Every error response is problem+json with <see cref="ProblemSchema"/>, and every route documents the errors
    /// any route can give: 400 (a NUL in the query, an unreadable body), 404 when the path names a record, 503 when
    /// a store is unreachable.
    /// </summary>
    public static void DocumentErrors(OpenApiOperation operation, bool hasPathParameters)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.Responses ??= [];
        AddErrorIfMissing(operation, StatusCodes.Status400BadRequest, "Bad input: `errors` names each invalid field.");
        if (hasPathParameters)
        {
            AddErrorIfMissing(operation, StatusCodes.Status404NotFound, "No record with this id.");
        }
        AddErrorIfMissing(operation, StatusCodes.Status503ServiceUnavailable,
            "A store the service needs is unreachable; nothing was done, retry later.");
        foreach (var (status, response) in operation.Responses.ToList())
        {
            if (int.TryParse(status, out var code) && code >= 400)
            {
                operation.Responses[status] = ProblemResponse(
                    string.IsNullOrWhiteSpace(response.Description) ? DefaultDescription(code) : response.Description,
                    response.Headers);
            }
        }
    }

    /// <summary>A problem+json response with this description (and the headers it already had).</summary>
    public static OpenApiResponse ProblemResponse(string description, IDictionary<string, IOpenApiHeader>? headers = null) => new()
    {
        Description = description,
        Headers = headers,
        Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
        {
            [ProblemContentType] = new() { Schema = new OpenApiSchemaReference(ProblemSchemaName) },
        },
    };

    private static void AddErrorIfMissing(OpenApiOperation operation, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.Responses!.ContainsKey(key))
        {
            operation.Responses[key] = ProblemResponse(description);
        }
    }

    private static string DefaultDescription(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad input: `errors` names each invalid field.",
        StatusCodes.Status403Forbidden => "The caller may not act on this record.",
        StatusCodes.Status404NotFound => "No record with this id.",
        StatusCodes.Status409Conflict => "The record's state does not allow this, or the key was used for something else.",
        StatusCodes.Status503ServiceUnavailable => "A store the service needs is unreachable; nothing was done, retry later.",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };

    /// <summary>
    /// ETag and If-Match (<see cref="Preconditions"/>): a resource's GET gives its ETag and answers 304 to
    /// If-None-Match; a change below a resource the service can GET takes If-Match (412 when stale, 428 where required).
    /// </summary>
    private static void DocumentPreconditions(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<TagDescriptionMetadata>().Any() || context.Description.RelativePath is not { } path
            || Preconditions.ResourceTemplateOf(context.ApplicationServices, "/" + path) is null)
        {
            return;
        }
        operation.Parameters ??= [];
        if (string.Equals(context.Description.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase))
        {
            if (operation.Responses?.TryGetValue("200", out var found) != true || found is not OpenApiResponse ok
                || context.Description.SupportedResponseTypes.Any(r => r.StatusCode == 200 && r.Type is { } type && typeof(IResultPage).IsAssignableFrom(type)))
            {
                return;
            }
            ok.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
            ok.Headers.TryAdd("ETag", new OpenApiHeader
            {
                Description = "The resource's version (strong); send it back in If-Match to change the resource, or in If-None-Match to skip an unchanged body.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-None-Match", In = ParameterLocation.Header, Required = false,
                Description = "An ETag from an earlier answer: 304 without a body when the resource has not changed.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            operation.Responses.TryAdd("304", new OpenApiResponse { Description = "Not modified: the ETag sent in If-None-Match is still current." });
            return;
        }
        var required = metadata.OfType<RequiresIfMatchMetadata>().Any();
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "If-Match", In = ParameterLocation.Header, Required = false,
            Description = required
                ? "The ETag of the resource's GET: required to change an existing resource (428 without it), 412 when it changed meanwhile."
                : "Optional: the ETag of the resource's GET; the change is refused with 412 when the resource changed meanwhile.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        operation.Responses ??= [];
        operation.Responses.TryAdd("412", ProblemResponse("If-Match does not name the resource's current version: nothing was changed."));
        if (required)
        {
            operation.Responses.TryAdd("428", ProblemResponse("The resource exists and this change needs If-Match with its current ETag."));
        }
    }

    /// <summary>A 201 says where the new record lives.</summary>
    private static void DocumentLocation(OpenApiOperation operation)
    {
        if (operation.Responses?.TryGetValue("201", out var created) != true || created is not OpenApiResponse response)
        {
            return;
        }
        response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
        response.Headers.TryAdd("Location", new OpenApiHeader
        {
            Description = "The path of the created record.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }

    private static void DescribeTags(OpenApiDocument document, IEnumerable<TagDescriptionMetadata> described)
    {
        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var tag in described.DistinctBy(t => t.Name, StringComparer.Ordinal))
        {
            var existing = document.Tags.FirstOrDefault(t => t.Name == tag.Name);
            if (existing is null)
            {
                document.Tags.Add(new OpenApiTag { Name = tag.Name, Description = tag.Description });
            }
            else
            {
                existing.Description = tag.Description;
            }
        }
    }
}
