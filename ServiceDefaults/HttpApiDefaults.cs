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
/// malformed JSON turned into field errors instead of an empty 400 or a 500, camelCase JSON, OpenAPI and Scalar.
/// </summary>
public static class HttpApiDefaults
{
    public static TBuilder AddHttpApiDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] =
                Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        });
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Send binding failures to the exception handler so they become problem details with field errors.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(options =>
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseHttpApiDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference();
        }
        return app;
    }

    /// <summary>Answers a request whose body or parameters could not be read with 400 and the offending field.</summary>
    private sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException badRequest)
            {
                return false;
            }

            var (field, message) = badRequest.InnerException switch
            {
                JsonException json => (string.IsNullOrEmpty(json.Path) ? "$" : json.Path, "The request body is not valid JSON for this field."),
                _ => ("$", badRequest.Message),
            };

            httpContext.Response.StatusCode = badRequest.StatusCode;
            var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = badRequest.StatusCode,
                Title = "The request could not be read.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            };
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = problem,
                Exception = exception,
            });
        }
    }
}
