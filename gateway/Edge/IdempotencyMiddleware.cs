using System.Buffers;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Yarp.ReverseProxy.Forwarder;

namespace HallPlatform.Gateway.Edge;

/// <summary>
/// <c>Idempotency-Key</c> on REST POSTs (gRPC methods have their own idempotency). The first request with a key claims
/// it in Redis and is forwarded; its response is stored and replayed for the same key and the same request, with
/// <c>Idempotent-Replayed: true</c>. The same key with a different request is 422; while the first is still being
/// forwarded, 409. A response that is a failure of the moment (5xx, 408, 429, forwarding error, timeout) or too large
/// to store releases the key so the client can retry. Without Redis the request is refused with 503, never
/// forwarded unprotected. Runs inside the YARP pipeline, before forwarding.
/// </summary>
public sealed partial class IdempotencyMiddleware(
    RequestDelegate next,
    IdempotencyStore store,
    IOptions<EdgeIdempotencyOptions> options,
    IOptions<EdgeLimitOptions> limits,
    EdgeMetrics metrics,
    ILogger<IdempotencyMiddleware> logger)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>Response headers kept with a stored response; the rest (Date, Set-Cookie, tracing...) are per response.</summary>
    public static readonly IReadOnlySet<string> ReplayedResponseHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Language", "Content-Location", "Location", "ETag", "Last-Modified", "Cache-Control",
    };

    private readonly EdgeIdempotencyOptions settings = options.Value;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || EdgeProblems.IsGrpc(request) || IsGrpcRoute(context)
            || !request.Headers.TryGetValue(HeaderName, out var values))
        {
            await next(context);
            return;
        }

        if (ValidateKey(values) is { } keyError)
        {
            metrics.Idempotency("invalid");
            await EdgeProblems.WriteValidationAsync(context, HeaderName, keyError);
            return;
        }

        var body = await ReadBodyAsync(context);
        if (body is null)
        {
            return;
        }

        var caller = EdgeCaller.From(context);
        var key = IdempotencyStore.RedisKey(caller.Id, request.Method, request.PathBase + request.Path, values.ToString());
        var fingerprint = Fingerprint(request.QueryString, body);
        var claim = IdempotencyStore.Serialize(new IdempotencyRecord(
            IdempotencyRecord.InFlight, fingerprint, ClaimToken: Guid.CreateVersion7().ToString("N")));

        IdempotencyRecord? existing;
        try
        {
            existing = await store.TryClaimAsync(key, claim, settings.InFlightTimeout);
        }
        catch (RedisException exception)
        {
            metrics.Idempotency("unavailable");
            Log.StoreUnavailable(logger, exception);
            await EdgeProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                "https://tools.ietf.org/html/rfc9110#section-15.6.4", "Idempotency store unavailable",
                "The request carries an Idempotency-Key but the gateway cannot record it right now, so it was not forwarded. Retry later.");
            return;
        }

        if (existing is null)
        {
            await ForwardAndStoreAsync(context, key, claim, fingerprint);
            return;
        }
        await AnswerFromExistingAsync(context, existing, fingerprint);
    }

    /// <summary>Null when the header is acceptable, else why not: exactly one value of 1-255 visible ASCII characters.</summary>
    public static string? ValidateKey(Microsoft.Extensions.Primitives.StringValues values)
    {
        if (values.Count != 1)
        {
            return "Send exactly one Idempotency-Key header.";
        }
        var key = values[0] ?? "";
        if (key.Length is 0 or > MaxKeyLength)
        {
            return $"The Idempotency-Key must be 1 to {MaxKeyLength} characters long.";
        }
        return key.All(c => c is >= '!' and <= '~')
            ? null
            : "The Idempotency-Key may contain only visible ASCII characters (no spaces or control characters).";
    }

    /// <summary>The request as far as replay is concerned: query string and body (method, path and key are in the Redis key).</summary>
    public static string Fingerprint(QueryString query, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(query.Value ?? ""));
        hash.AppendData("\n"u8);
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static bool IsGrpcRoute(HttpContext context) =>
        context.GetReverseProxyFeature().Route.Cluster?.ClusterId.EndsWith("-grpc", StringComparison.Ordinal) == true;

    /// <summary>
    /// Reads the body (bounded by the REST body limit) to hash it, and puts it back for forwarding. Null when it was
    /// refused (already answered).
    /// </summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        var limit = limits.Value.MaxRequestBodyBytes;
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    await RequestSizeLimitMiddleware.WriteTooLargeAsync(context, limit);
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await RequestSizeLimitMiddleware.WriteTooLargeAsync(context, limit);
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        var body = buffer.ToArray();
        context.Request.Body = new MemoryStream(body, writable: false);
        return body;
    }

    private async Task ForwardAndStoreAsync(HttpContext context, string key, string claim, string fingerprint)
    {
        metrics.Idempotency("forwarded");
        var originalBody = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var capture = new ResponseCaptureStream(originalBody.Stream, settings.MaxStoredResponseBytes);
        var captureBody = new StreamResponseBodyFeature(capture, originalBody);
        context.Features.Set<IHttpResponseBodyFeature>(captureBody);
        var stored = false;
        try
        {
            await next(context);
            // Pushes out anything still buffered in the response pipe, so the copy is the whole response.
            await captureBody.CompleteAsync();
            if (IsStorable(context, capture))
            {
                stored = await TryStoreAsync(context, key, claim, fingerprint, capture.Captured);
            }
        }
        finally
        {
            context.Features.Set(originalBody);
            if (!stored)
            {
                await TryReleaseAsync(key, claim);
            }
        }
    }

    private bool IsStorable(HttpContext context, ResponseCaptureStream capture)
    {
        var status = context.Response.StatusCode;
        if (status >= 500 || status is StatusCodes.Status408RequestTimeout or StatusCodes.Status429TooManyRequests)
        {
            return false;
        }
        if (context.GetForwarderErrorFeature() is { Error: not ForwarderError.None }
            || context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true
            || context.RequestAborted.IsCancellationRequested)
        {
            // The copy may be cut short, and the client may never have seen the response.
            return false;
        }
        if (capture.Overflowed)
        {
            Log.TooLargeToStore(logger, settings.MaxStoredResponseBytes);
            metrics.Idempotency("too-large");
            return false;
        }
        return true;
    }

    private async Task<bool> TryStoreAsync(HttpContext context, string key, string claim, string fingerprint, byte[] body)
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in context.Response.Headers)
        {
            if (ReplayedResponseHeaders.Contains(name))
            {
                headers[name] = value.ToArray()!;
            }
        }
        var record = new IdempotencyRecord(IdempotencyRecord.Completed, fingerprint,
            StatusCode: context.Response.StatusCode, Headers: headers, Body: body);
        try
        {
            return await store.CompleteAsync(key, claim, record, settings.Retention);
        }
        catch (RedisException exception)
        {
            // The client has its response; the claim stays until InFlightTimeout, so a retry meanwhile gets 409.
            Log.StoreFailed(logger, exception);
            return false;
        }
    }

    private async Task TryReleaseAsync(string key, string claim)
    {
        try
        {
            await store.ReleaseAsync(key, claim);
        }
        catch (RedisException exception)
        {
            Log.ReleaseFailed(logger, exception);
        }
    }

    private async Task AnswerFromExistingAsync(HttpContext context, IdempotencyRecord existing, string fingerprint)
    {
        if (!string.Equals(existing.Fingerprint, fingerprint, StringComparison.Ordinal))
        {
            metrics.Idempotency("mismatch");
            await EdgeProblems.WriteAsync(context, StatusCodes.Status422UnprocessableEntity,
                "https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/",
                "Idempotency-Key reused for a different request",
                "This Idempotency-Key was already used with a different request body or query. Use a new key for a new request.");
            return;
        }

        if (!existing.IsCompleted)
        {
            metrics.Idempotency("in-flight");
            EdgeProblems.SetRetryAfter(context.Response, TimeSpan.FromSeconds(1));
            await EdgeProblems.WriteAsync(context, StatusCodes.Status409Conflict,
                "https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/",
                "Request with this Idempotency-Key is still in progress",
                "The first request with this Idempotency-Key has not finished yet. Retry shortly to get its response.");
            return;
        }

        metrics.Idempotency("replayed");
        // The stored response goes out exactly as it was; status code pages must not add a body to a body-less one.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }
        var response = context.Response;
        response.StatusCode = existing.StatusCode;
        foreach (var (name, value) in existing.Headers ?? [])
        {
            response.Headers[name] = value;
        }
        response.Headers[ReplayedHeaderName] = "true";
        var body = existing.Body ?? [];
        response.ContentLength = body.Length;
        if (body.Length > 0)
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Idempotency store unavailable; request with an Idempotency-Key refused")]
        public static partial void StoreUnavailable(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Could not store a response for its Idempotency-Key; the claim expires on its own")]
        public static partial void StoreFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 32, Level = LogLevel.Warning, Message = "Could not release an Idempotency-Key claim; it expires on its own")]
        public static partial void ReleaseFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 33, Level = LogLevel.Information, Message = "Response larger than {MaxStoredResponseBytes} bytes not stored for its Idempotency-Key; key released")]
        public static partial void TooLargeToStore(ILogger logger, int maxStoredResponseBytes);
    }
}

/// <summary>Counters of the edge's decisions (meter <c>HallPlatform.Gateway.Edge</c>).</summary>
public sealed class EdgeMetrics
{
    public const string MeterName = "HallPlatform.Gateway.Edge";

    private readonly Counter<long> idempotency;

    public EdgeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        idempotency = meter.CreateCounter<long>("hallplatform.gateway.idempotency.requests", description:
            "POST requests with an Idempotency-Key, by outcome (forwarded, replayed, in-flight, mismatch, invalid, unavailable, too-large).");
    }

    public void Idempotency(string outcome) => idempotency.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
