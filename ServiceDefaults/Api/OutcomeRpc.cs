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
        OutcomeKind.NotFound => throw new RpcException(new Status(StatusCode.NotFound, outcome.Detail ?? "Not found.")),
        OutcomeKind.Forbidden => throw new RpcException(new Status(StatusCode.PermissionDenied, outcome.Detail ?? "Not allowed.")),
        // A reused idempotency key names an existing resource; a forbidden transition is a failed precondition.
        OutcomeKind.KeyReused => throw new RpcException(new Status(StatusCode.AlreadyExists, outcome.Detail ?? "Already exists.")),
        OutcomeKind.Conflict => throw new RpcException(new Status(StatusCode.FailedPrecondition, outcome.Detail ?? "Conflict.")),
        OutcomeKind.Unavailable => throw new RpcException(new Status(StatusCode.Unavailable, outcome.Detail ?? "Unavailable.")),
        _ => throw new RpcException(new Status(StatusCode.Internal, "Unexpected outcome.")),
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
        return new RpcException(new Status(StatusCode.InvalidArgument, detail), trailers);
    }

    /// <summary>proto3 has no "absent" for strings: an empty string is a field that was not given.</summary>
    public static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
