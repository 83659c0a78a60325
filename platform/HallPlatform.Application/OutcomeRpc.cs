using Grpc.Core;

namespace HallPlatform.Application;

/// <summary>Translates use-case outcomes and proto3 values for gRPC services.</summary>
public static class OutcomeRpc
{
    /// <summary>
    /// The one trailer every service uses for field errors: one entry per invalid field, its value the field's name as
    /// REST's problem <c>errors</c> name it (camelCase), so gRPC and REST clients map errors to fields alike.
    /// </summary>
    public const string InvalidFieldTrailer = "invalid-field";

    /// <summary>The outcome's value, or the matching gRPC status as an <see cref="RpcException"/>.</summary>
    public static T ValueOrThrow<T>(Outcome<T> outcome) => outcome.Kind switch
    {
        OutcomeKind.Created or OutcomeKind.Replayed or OutcomeKind.Ok => outcome.Value!,
        OutcomeKind.Invalid => throw InvalidArgument(outcome.Errors!),
        OutcomeKind.NotFound => throw new RpcException(Capped(StatusCode.NotFound, outcome.Detail ?? "Not found.")),
        OutcomeKind.Forbidden => throw new RpcException(Capped(StatusCode.PermissionDenied, outcome.Detail ?? "Not allowed.")),
        // A reused idempotency key names an existing resource; a forbidden transition is a failed precondition.
        OutcomeKind.KeyReused => throw new RpcException(Capped(StatusCode.AlreadyExists, outcome.Detail ?? "Already exists.")),
        OutcomeKind.Conflict => throw new RpcException(Capped(StatusCode.FailedPrecondition, outcome.Detail ?? "Conflict.")),
        OutcomeKind.Unavailable => throw new RpcException(Capped(StatusCode.Unavailable, outcome.Detail ?? "Unavailable.")),
        _ => throw new RpcException(Capped(StatusCode.Internal, "Unexpected outcome.")),
    };

    /// <summary>
    /// InvalidArgument whose detail lists every field error ("Invalid request: field: message; ...") and whose
    /// <see cref="InvalidFieldTrailer"/> trailers name each invalid field, so a client needs no parsing to find them.
    /// </summary>
    public static RpcException InvalidArgument(IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var trailers = new Metadata();
        foreach (var field in errors.Keys)
        {
            trailers.Add(InvalidFieldTrailer, field);
        }
        var detail = "Invalid request: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
        return new RpcException(Capped(StatusCode.InvalidArgument, detail), trailers);
    }

    /// <summary>
    /// The longest status detail sent. Details quote the caller's input (an unknown id, a bad value); the detail travels
    /// in the grpc-message trailer, and a trailer beyond the gateway's response header limit (64 KB) makes the whole
    /// answer unreadable there, so that a 100k-character id came back as UNAVAILABLE instead of NOT_FOUND.
    /// </summary>
    public const int MaxDetailLength = 1024;

    private static Status Capped(StatusCode code, string detail) =>
        new(code, detail.Length <= MaxDetailLength ? detail : string.Concat(detail.AsSpan(0, MaxDetailLength - 1), "…"));

    /// <summary>proto3 has no "absent" for strings: an empty string is a field that was not given.</summary>
    public static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
