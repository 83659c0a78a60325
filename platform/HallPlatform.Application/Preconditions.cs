using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace HallPlatform.Application;

/// <summary>Marks a change route whose resource may only be changed with <c>If-Match</c> once it exists (428 otherwise).</summary>
public sealed record RequiresIfMatchMetadata;

/// <summary>
/// Optimistic concurrency over HTTP for every resource group (<see cref="ApiTags.WithTag{TBuilder}"/> adds the filter):
/// <list type="bullet">
/// <item>A GET answering one resource (200, not a list page) carries a strong <c>ETag</c>: the first 16 bytes of the
/// SHA-256 of the resource's JSON, base64url. <c>If-None-Match</c> with it answers 304.</item>
/// <item>A change (POST, PUT, PATCH, DELETE) on a path below a resource the group can GET (<c>/things/{id}</c> for
/// <c>PUT /things/{id}</c> or <c>POST /things/{id}/close</c>) honours <c>If-Match</c>: the resource's current ETag
/// is computed by running the group's own GET, and a mismatch answers 412 without changing anything; <c>*</c>
/// matches any existing resource. Routes marked <see cref="RequiresIfMatchMetadata"/> answer 428 when the resource
/// exists and no <c>If-Match</c> is sent.</item>
/// <item>The check and the change run under a per-resource lock of the service instance, held by every REST change of
/// that resource, so no other change slips in between the check and the write.</item>
/// </list>
/// </summary>
public static class Preconditions
{
    private static readonly ConcurrentDictionary<string, ResourceLock> Locks = new(StringComparer.Ordinal);
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RouteEndpoint, ResourceGet> ResourceGets = [];

    public static RouteHandlerBuilder RequireIfMatch(this RouteHandlerBuilder builder) => builder.WithMetadata(new RequiresIfMatchMetadata());

    public static async ValueTask<object?> ApplyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method))
        {
            return TagRepresentation(http, await next(context));
        }
        if (!(HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method))
            || http.GetEndpoint() is not RouteEndpoint endpoint
            || ResourceOf(http, endpoint) is not { } resource)
        {
            return await next(context);
        }

        using var held = await ResourceLock.AcquireAsync(Locks, resource.Path, http.RequestAborted);
        var ifMatch = http.Request.Headers.IfMatch;
        var required = endpoint.Metadata.GetMetadata<RequiresIfMatchMetadata>() is not null;
        if (ifMatch.Count == 0 && !required)
        {
            return await next(context);
        }
        var current = await CurrentETagAsync(http, resource);
        if (ifMatch.Count == 0)
        {
            return current is null
                ? await next(context)
                : Problem(StatusCodes.Status428PreconditionRequired, "If-Match required.",
                    $"This change needs the If-Match header with the resource's current ETag ({current}): GET {resource.Path} first.");
        }
        if (!Matches(ifMatch, current))
        {
            return Problem(StatusCodes.Status412PreconditionFailed, "The resource has changed.",
                current is null
                    ? $"If-Match names a version of {resource.Path}, which does not exist (or is not visible to this caller)."
                    : $"If-Match does not name the current version of {resource.Path} ({current}): GET it again and retry.");
        }
        return await next(context);
    }

    /// <summary>The strong ETag of <paramref name="value"/> as it is written in JSON with the service's options.</summary>
    public static string ETagOf(object value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), options));
        return "\"" + System.Buffers.Text.Base64Url.EncodeToString(hash.AsSpan(0, 16)) + "\"";
    }

    private static object? TagRepresentation(HttpContext http, object? result)
    {
        // A typed union (Results<Ok<T>, ...>) holds the answer it chose.
        var chosen = result is INestedHttpResult nested ? nested.Result : result;
        if (chosen is not IValueHttpResult { Value: { } value } || value is IResultPage
            || chosen is not IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK })
        {
            return result;
        }
        var options = http.RequestServices.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions ?? JsonSerializerOptions.Web;
        var etag = ETagOf(value, options);
        http.Response.Headers.ETag = etag;
        var ifNoneMatch = http.Request.Headers.IfNoneMatch;
        return ifNoneMatch.Count > 0 && Matches(ifNoneMatch, etag) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : result;
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues header, string? current)
    {
        if (current is null || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }
        // Strong comparison (RFC 9110 13.1.1): a weak tag never matches for a change.
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || (!tag.IsWeak && tag.Tag.Equals(current, StringComparison.Ordinal)));
    }

    /// <summary>The resource a change route acts on: its GET endpoint in this service and the concrete path.</summary>
    private static ResourceTarget? ResourceOf(HttpContext http, RouteEndpoint endpoint)
    {
        var segments = endpoint.RoutePattern.PathSegments;
        var last = LastParameter(segments);
        // Endpoints are fixed once the app runs: the GET of a change route is looked up once per route.
        var resourceGet = ResourceGets.GetValue(endpoint, _ => new ResourceGet(last < 0 ? null : FindGet(http.RequestServices, ResourcePattern(segments, last))));
        if (resourceGet.Endpoint is not { } get)
        {
            return null;
        }
        var path = "/" + string.Join('/', segments.Take(last + 1).Select(segment => segment.Parts[0] switch
        {
            RoutePatternParameterPart parameter => Uri.EscapeDataString(Convert.ToString(http.Request.RouteValues[parameter.Name], System.Globalization.CultureInfo.InvariantCulture) ?? ""),
            var part => SegmentText(segment),
        }));
        return new ResourceTarget(get, path);
    }

    /// <summary>
    /// The resource a change route template acts on (<c>/things/{id}</c> for <c>/things/{id}/close</c>), when the
    /// service can GET it; null otherwise (the route then has no ETag precondition). For the contract.
    /// </summary>
    public static string? ResourceTemplateOf(IServiceProvider services, string routeTemplate)
    {
        ArgumentNullException.ThrowIfNull(services);
        var segments = RoutePatternFactory.Parse(routeTemplate).PathSegments;
        var last = LastParameter(segments);
        return last < 0 || FindGet(services, ResourcePattern(segments, last)) is null ? null : ResourcePattern(segments, last);
    }

    /// <summary>
    /// The resource is the path up to its last parameter (/things/{id}/close -> /things/{id}); a route without a
    /// parameter (a collection's create) has none (-1).
    /// </summary>
    private static int LastParameter(IReadOnlyList<RoutePatternPathSegment> segments)
    {
        var last = -1;
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].IsSimple && segments[i].Parts[0].IsParameter)
            {
                last = i;
            }
        }
        return last;
    }

    private static string ResourcePattern(IReadOnlyList<RoutePatternPathSegment> segments, int last) =>
        "/" + string.Join('/', segments.Take(last + 1).Select(SegmentText));

    private static RouteEndpoint? FindGet(IServiceProvider services, string pattern) =>
        services.GetServices<EndpointDataSource>().SelectMany(source => source.Endpoints).OfType<RouteEndpoint>().FirstOrDefault(candidate =>
            candidate.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true
            && candidate.Metadata.GetMetadata<TagDescriptionMetadata>() is not null
            && string.Equals("/" + string.Join('/', candidate.RoutePattern.PathSegments.Select(SegmentText)), pattern, StringComparison.OrdinalIgnoreCase));

    private static string SegmentText(RoutePatternPathSegment segment) => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
        RoutePatternSeparatorPart separator => separator.Content,
        _ => "",
    }));

    /// <summary>Runs the resource's own GET (same caller, a scope of its own) and reads the ETag it answers with.</summary>
    private static async Task<string?> CurrentETagAsync(HttpContext http, ResourceTarget resource)
    {
        await using var scope = http.RequestServices.CreateAsyncScope();
        var get = new DefaultHttpContext { RequestServices = scope.ServiceProvider, User = http.User };
        get.Request.Method = HttpMethods.Get;
        get.Request.Scheme = http.Request.Scheme;
        get.Request.Host = http.Request.Host;
        get.Request.PathBase = http.Request.PathBase;
        get.Request.Path = resource.Path;
        foreach (var (name, value) in http.Request.RouteValues)
        {
            get.Request.RouteValues[name] = value;
        }
        get.Connection.RemoteIpAddress = http.Connection.RemoteIpAddress;
        get.RequestAborted = http.RequestAborted;
        get.Response.Body = Stream.Null;
        get.SetEndpoint(resource.Get);
        await resource.Get.RequestDelegate!(get);
        return get.Response.StatusCode == StatusCodes.Status200OK && get.Response.Headers.ETag is { Count: 1 } etag ? etag.ToString() : null;
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);

    private sealed record ResourceTarget(RouteEndpoint Get, string Path);

    private sealed record ResourceGet(RouteEndpoint? Endpoint);

    /// <summary>One lock per resource path, removed when nobody holds or waits for it.</summary>
    private sealed class ResourceLock : IDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private int _users;

        public static async Task<IDisposable> AcquireAsync(ConcurrentDictionary<string, ResourceLock> locks, string key, CancellationToken cancellationToken)
        {
            ResourceLock entry;
            while (true)
            {
                entry = locks.GetOrAdd(key, _ => new ResourceLock());
                lock (entry)
                {
                    if (entry._users >= 0)
                    {
                        entry._users++;
                        break;
                    }
                }
            }
            try
            {
                await entry._gate.WaitAsync(cancellationToken);
            }
            catch
            {
                entry.Leave(locks, key, acquired: false);
                throw;
            }
            return new Releaser(() => entry.Leave(locks, key, acquired: true));
        }

        private void Leave(ConcurrentDictionary<string, ResourceLock> locks, string key, bool acquired)
        {
            if (acquired)
            {
                _gate.Release();
            }
            lock (this)
            {
                if (--_users == 0)
                {
                    // Retired: a late GetOrAdd that finds it retries with a fresh one.
                    _users = -1;
                    locks.TryRemove(new KeyValuePair<string, ResourceLock>(key, this));
                    Dispose();
                }
            }
        }

        public void Dispose() => _gate.Dispose();
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                release();
            }
        }
    }
}
