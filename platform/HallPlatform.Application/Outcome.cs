namespace HallPlatform.Application;

public enum OutcomeKind
{
    /// <summary>A new record was written.</summary>
    Created,

    /// <summary>An idempotent retry: the record written by the first attempt is returned.</summary>
    Replayed,

    Ok,
    Invalid,
    NotFound,

    /// <summary>The request contradicts the current state (forbidden transition, concurrent change).</summary>
    Conflict,

    /// <summary>An idempotency key already names a record written with different content.</summary>
    KeyReused,

    /// <summary>The verified caller may not do this here (e.g. a hall that is not theirs); nothing was written.</summary>
    Forbidden,

    /// <summary>A store the use case depends on failed and nothing was left half-done; the caller may retry.</summary>
    Unavailable,
}

/// <summary>
/// What a use case answered, independent of transport: REST and gRPC each translate it to their own status codes.
/// </summary>
public sealed record Outcome<T>(
    OutcomeKind Kind,
    T? Value = default,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    string? Title = null,
    string? Detail = null)
{
    public static Outcome<T> Created(T value) => new(OutcomeKind.Created, value);

    public static Outcome<T> Replayed(T value) => new(OutcomeKind.Replayed, value);

    public static Outcome<T> Ok(T value) => new(OutcomeKind.Ok, value);

    public static Outcome<T> Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(OutcomeKind.Invalid, Errors: errors, Title: "One or more fields are invalid.");

    /// <summary>One invalid field, for a rule that checks a single field.</summary>
    public static Outcome<T> Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static Outcome<T> NotFound(string title, string detail) => new(OutcomeKind.NotFound, Title: title, Detail: detail);

    /// <summary>The usual 404 of an unknown id: "Visit not found." / "There is no visit 'vis_1'."</summary>
    public static Outcome<T> NotFoundById(string what, string id) =>
        NotFound($"{what} not found.", $"There is no {what.ToLowerInvariant()} '{id}'.");

    public static Outcome<T> Conflict(string title, string detail) => new(OutcomeKind.Conflict, Title: title, Detail: detail);

    public static Outcome<T> KeyReused(string detail) => new(OutcomeKind.KeyReused, Title: "Idempotency key reused.", Detail: detail);

    public static Outcome<T> Forbidden(string title, string detail) => new(OutcomeKind.Forbidden, Title: title, Detail: detail);

    public static Outcome<T> Unavailable(string detail) =>
        new(OutcomeKind.Unavailable, Title: "The service is temporarily unavailable.", Detail: detail);

    /// <summary>True for Created, Replayed and Ok: <see cref="Value"/> holds the answer.</summary>
    public bool Succeeded => Kind is OutcomeKind.Created or OutcomeKind.Replayed or OutcomeKind.Ok;

    /// <summary>The same failure carrying another value type, for a use case that passes on a failure it was given.</summary>
    public Outcome<TOther> CastFailure<TOther>() =>
        Succeeded
            ? throw new InvalidOperationException("Only a failed outcome can be passed on as another type.")
            : new(Kind, default, Errors, Title, Detail);
}
