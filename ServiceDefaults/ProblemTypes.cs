using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The machine-readable <c>type</c> of every problem answer, one URI per kind of error (docs/api.md lists them).
/// Clients branch on it instead of on titles or details, which are for people and may change. The URIs are URNs: they
/// name the kind and are never fetched.
/// </summary>
public static class ProblemTypes
{
    private const string Prefix = "urn:hallplatform:problem:";

    public const string Validation = Prefix + "validation";
    public const string Unauthenticated = Prefix + "unauthenticated";
    public const string Forbidden = Prefix + "forbidden";
    public const string NotFound = Prefix + "not-found";
    public const string MethodNotAllowed = Prefix + "method-not-allowed";
    public const string Conflict = Prefix + "conflict";
    public const string PreconditionFailed = Prefix + "precondition-failed";
    public const string PayloadTooLarge = Prefix + "payload-too-large";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string IdempotencyKeyMismatch = Prefix + "idempotency-key-mismatch";
    public const string PreconditionRequired = Prefix + "precondition-required";
    public const string RateLimited = Prefix + "rate-limited";
    public const string Internal = Prefix + "internal";
    public const string BadGateway = Prefix + "bad-gateway";
    public const string Unavailable = Prefix + "unavailable";
    public const string GatewayTimeout = Prefix + "gateway-timeout";

    /// <summary>Every type, for the contract's <c>enum</c> and the documentation.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Validation, Unauthenticated, Forbidden, NotFound, MethodNotAllowed, Conflict, PreconditionFailed, PayloadTooLarge,
        UnsupportedMediaType, IdempotencyKeyMismatch, PreconditionRequired, RateLimited, Internal, BadGateway, Unavailable,
        GatewayTimeout,
    ];

    /// <summary>
    /// The kind of an answer with this status. Each status the platform answers has exactly one meaning (422 is only
    /// ever an Idempotency-Key reused with another body), so the status decides the kind.
    /// </summary>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => Validation,
        StatusCodes.Status401Unauthorized => Unauthenticated,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status409Conflict => Conflict,
        StatusCodes.Status412PreconditionFailed => PreconditionFailed,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status422UnprocessableEntity => IdempotencyKeyMismatch,
        StatusCodes.Status428PreconditionRequired => PreconditionRequired,
        StatusCodes.Status429TooManyRequests => RateLimited,
        StatusCodes.Status502BadGateway => BadGateway,
        StatusCodes.Status503ServiceUnavailable => Unavailable,
        StatusCodes.Status504GatewayTimeout => GatewayTimeout,
        _ => Internal,
    };
}
