using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The public REST conventions every service shares: RFC 9457 problem details with a traceId for every error,
/// malformed JSON turned into field errors instead of an empty 400 or a 500, camelCase JSON, instants in one format
/// (<see cref="WireTime"/>), OpenAPI and Scalar.
/// </summary>
public static class HttpApiDefaults
{
    public static TBuilder AddHttpApiDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            // One stable type per kind of error, whoever wrote the problem (the framework's defaults are per-status
            // links to RFC sections, set in several places).
            context.ProblemDetails.Type = ProblemTypes.ForStatus(
                context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);
            context.ProblemDetails.Extensions["traceId"] =
                Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        });
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Send binding failures to the exception handler so they become problem details with field errors.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.Converters.Add(new NulFreeStringConverter());
            options.SerializerOptions.Converters.Add(new WireTime.JsonConverter());
        });
        // The published contract: problem schema, error responses, integer and enum schemas (OpenApiContract).
        builder.Services.AddOpenApi(options => options.AddHallContract());
        return builder;
    }

    public static WebApplication UseHttpApiDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(RefuseNulInPathAndQuery);
        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference();
        }
        return app;
    }

    /// <summary>
    /// PostgreSQL cannot store U+0000 in text, so a value carrying it would fail deep inside a use case: refuse it at
    /// the edge, once for every route and query parameter, with a 400 naming the parameter.
    /// </summary>
    private static async Task RefuseNulInPathAndQuery(HttpContext context, RequestDelegate next)
    {
        var field = FirstFieldWithNul(context.Request);
        if (field is null)
        {
            await next(context);
            return;
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(FieldProblem(
            context, StatusCodes.Status400BadRequest, "One or more validation errors occurred.", field, NulFreeStringConverter.Message));
    }

    /// <summary>A problem answer naming one field (the shape of every field error), with the response status set.</summary>
    private static ProblemDetailsContext FieldProblem(
        HttpContext context, int status, string title, string field, string message, Exception? exception = null)
    {
        context.Response.StatusCode = status;
        return new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = status,
                Title = title,
                Type = ProblemTypes.Validation,
            },
            Exception = exception,
        };
    }

    /// <summary>The route or query parameter holding U+0000 (<c>path</c> when no route parameter names it), or null.</summary>
    private static string? FirstFieldWithNul(HttpRequest request)
    {
        foreach (var (name, values) in request.Query)
        {
            if (name.Contains('\0', StringComparison.Ordinal) || values.Any(value => value?.Contains('\0', StringComparison.Ordinal) == true))
            {
                return name;
            }
        }
        if (request.Path.Value?.Contains('\0', StringComparison.Ordinal) != true)
        {
            return null;
        }
        foreach (var (name, value) in request.RouteValues)
        {
            if (value is string text && text.Contains('\0', StringComparison.Ordinal))
            {
                return name;
            }
        }
        return "path";
    }

    /// <summary>Refuses U+0000 in any JSON string; the exception handler turns it into a 400 naming the JSON path.</summary>
    private sealed class NulFreeStringConverter : System.Text.Json.Serialization.JsonConverter<string>
    {
        public const string Message = "The value must not contain the NUL character (U+0000).";

        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = reader.GetString();
            return value is not null && value.Contains('\0', StringComparison.Ordinal) ? throw new JsonException(Message) : value;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>Answers a request whose body or parameters could not be read with 400 and the offending field.</summary>
    private sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
    {
        private static string FieldOf(JsonException json) => string.IsNullOrEmpty(json.Path) ? "$" : json.Path;

        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException badRequest)
            {
                return false;
            }

            var (field, message) = badRequest.InnerException switch
            {
                JsonException { Message: NulFreeStringConverter.Message } json => (FieldOf(json), NulFreeStringConverter.Message),
                JsonException json => (FieldOf(json), "The request body is not valid JSON for this field."),
                _ => ("$", badRequest.Message),
            };

            return await problemDetails.TryWriteAsync(
                FieldProblem(httpContext, badRequest.StatusCode, "The request could not be read.", field, message, exception));
        }
    }
}
