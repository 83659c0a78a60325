namespace HallPlatform.Reception.Application;

public enum FailureKind
{
    /// <summary>Bad input: REST 400 with field errors, gRPC InvalidArgument.</summary>
    Invalid,
    /// <summary>Unknown id: REST 404, gRPC NotFound.</summary>
    NotFound,
    /// <summary>Not allowed in the current state: REST 409, gRPC FailedPrecondition.</summary>
    Conflict,
    /// <summary>An idempotency key reused for a different request: REST 409, gRPC AlreadyExists.</summary>
    KeyReused,
    /// <summary>A store we depend on failed and nothing was left half-done: REST 503, gRPC Unavailable.</summary>
    Unavailable,
}

/// <summary>Why a use case did not succeed, in words both transports can pass on.</summary>
public sealed record Failure(FailureKind Kind, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static Failure Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(FailureKind.Invalid, "One or more fields are invalid.", "See errors for the fields to correct.", errors);

    public static Failure Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static Failure NotFound(string what, string id) => new(FailureKind.NotFound, $"{what} not found.", $"There is no {what.ToLowerInvariant()} '{id}'.");

    public static Failure Unavailable(string detail) => new(FailureKind.Unavailable, "The service is temporarily unavailable.", detail);
}

/// <summary>A use case's result: a value or a failure, never both.</summary>
public sealed class Outcome<T>
{
    private Outcome(T? value, Failure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }
    public Failure? Failure { get; }

    public static Outcome<T> Success(T value) => new(value, null);

    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(Failure failure) => new(default, failure);
}
