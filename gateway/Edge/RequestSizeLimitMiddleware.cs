using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace HallPlatform.Gateway.Edge;

/// <summary>
/// Bounds request bodies: REST bodies by <c>Gateway:Limits:MaxRequestBodyBytes</c>, a gRPC call's request stream by
/// <c>MaxGrpcRequestBodyBytes</c>. A declared Content-Length over the limit is refused here with 413 before anything
/// is forwarded (a REST body up to <c>MaxRefusedBodyDrainBytes</c> is read and dropped first, so the client gets the
/// answer); a body without one (chunked, gRPC streams) is cut by the server when it passes the limit.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next, IOptions<EdgeLimitOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = EdgeProblems.IsGrpc(context.Request)
            ? options.Value.MaxGrpcRequestBodyBytes
            : options.Value.MaxRequestBodyBytes;

        var maxBodySize = context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature ? feature : null;
        maxBodySize?.MaxRequestBodySize = limit;

        if (context.Request.ContentLength is { } declared && declared > limit)
        {
            if (!EdgeProblems.IsGrpc(context.Request) && declared <= options.Value.MaxRefusedBodyDrainBytes)
            {
                // Read and dropped, never forwarded: the client finishes its upload and then reads the 413. (A server
                // without the size feature has no limit of its own to lift.)
                maxBodySize?.MaxRequestBodySize = declared;
                if (!await DrainAsync(context, options.Value.RefusedBodyDrainTimeout))
                {
                    context.Response.Headers.Connection = "close";
                }
            }
            else if (HttpProtocol.IsHttp11(context.Request.Protocol))
            {
                // The body is left unread: an HTTP/1.1 connection cannot carry another request after it, so the client
                // is told to open a new one instead of finding this one reset mid-request.
                context.Response.Headers.Connection = "close";
            }
            await WriteTooLargeAsync(context, limit);
            return;
        }

        await next(context);
    }

    /// <summary>Reads the request body to its end and drops it; false when it could not be read in time.</summary>
    private static async Task<bool> DrainAsync(HttpContext context, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(timeout);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (await context.Request.Body.ReadAsync(buffer, deadline.Token) > 0)
            {
            }
            return true;
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or BadHttpRequestException)
        {
            return false;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static Task WriteTooLargeAsync(HttpContext context, long limit) =>
        EdgeProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
            "https://tools.ietf.org/html/rfc9110#section-15.5.14", "Request body too large",
            string.Create(CultureInfo.InvariantCulture, $"The request body is larger than the {limit} bytes this gateway accepts."),
            EdgeProblems.GrpcResourceExhausted);
}
