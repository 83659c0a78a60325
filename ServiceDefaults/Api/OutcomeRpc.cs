using Grpc.Core;

namespace HallPlatform.ServiceDefaults.Api;

/// <summary>Translates use-case outcomes and proto3 values for gRPC services.</summary>
public static class OutcomeRpc
{
    /// <summary>The outcome's value, or the matching gRPC status as an <see cref="RpcException"/>.</summary>
    public static T ValueOrThrow<T>(Outcome<T> outcome) => outcome.Kind switch
    {
        OutcomeKind.Created or OutcomeKind.Replayed or OutcomeKind.Ok => outcome.Value!,
        OutcomeKind.Invalid => throw new RpcException(new Status(StatusCode.InvalidArgument, FieldMessages(outcome.Errors!))),
        OutcomeKind.NotFound => throw new RpcException(new Status(StatusCode.NotFound, outcome.Detail ?? "Not found.")),
        OutcomeKind.Forbidden => throw new RpcException(new Status(StatusCode.PermissionDenied, outcome.Detail ?? "Not allowed.")),
        // A reused idempotency key names an existing resource; a forbidden transition is a failed precondition.
        OutcomeKind.KeyReused => throw new RpcException(new Status(StatusCode.AlreadyExists, outcome.Detail ?? "Already exists.")),
        OutcomeKind.Conflict => throw new RpcException(new Status(StatusCode.FailedPrecondition, outcome.Detail ?? "Conflict.")),
        _ => throw new RpcException(new Status(StatusCode.Internal, "Unexpected outcome.")),
    };

    /// <summary>
    /// InvalidArgument whose detail lists every field error; each field is also a trailer ("field-visitid") so a
    /// client can read the errors without parsing the detail.
    /// </summary>
    public static RpcException InvalidArgument(IReadOnlyDictionary<string, string[]> errors)
    {
        var trailers = new Metadata();
        foreach (var (field, messages) in errors)
        {
            trailers.Add("field-" + field.ToLowerInvariant(), string.Join(" ", messages));
        }
        var detail = "Invalid request: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
        return new RpcException(new Status(StatusCode.InvalidArgument, detail), trailers);
    }

    /// <summary>proto3 has no "absent" for strings: an empty string is a field that was not given.</summary>
    public static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>"field_name: message; ..." with the proto's snake_case field names.</summary>
    private static string FieldMessages(IReadOnlyDictionary<string, string[]> errors) =>
        string.Join("; ", errors.SelectMany(entry => entry.Value.Select(message => $"{SnakeCase(entry.Key)}: {message}")));

    private static string SnakeCase(string camelCase) =>
        string.Concat(camelCase.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString()));
}
