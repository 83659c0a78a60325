using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace HallPlatform.Gateway.Edge;

/// <summary>
/// Bounds request bodies: REST bodies by <c>Gateway:Limits:MaxRequestBodyBytes</c>, a gRPC call's request stream by
/// <c>MaxGrpcRequestBodyBytes</c>. A declared Content-Length over the limit is refused here with 413 before anything
/// is forwarded; a body without one (chunked, gRPC streams) is cut by the server when it passes the limit.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next, IOptions<EdgeLimitOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = EdgeProblems.IsGrpc(context.Request)
            ? options.Value.MaxGrpcRequestBodyBytes
            : options.Value.MaxRequestBodyBytes;

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxBodySize)
        {
            maxBodySize.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            // The body is left unread: an HTTP/1.1 connection cannot carry another request after it, so the client is
            // told to open a new one instead of finding this one reset mid-request.
            if (HttpProtocol.IsHttp11(context.Request.Protocol))
            {
                context.Response.Headers.Connection = "close";
            }
            await WriteTooLargeAsync(context, limit);
            return;
        }

        await next(context);
    }

    public static Task WriteTooLargeAsync(HttpContext context, long limit) =>
        EdgeProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
            "https://tools.ietf.org/html/rfc9110#section-15.5.14", "Request body too large",
            string.Create(CultureInfo.InvariantCulture, $"The request body is larger than the {limit} bytes this gateway accepts."),
            EdgeProblems.GrpcResourceExhausted);
}
