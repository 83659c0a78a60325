namespace HallPlatform.Quality.Application;

public enum OutcomeKind
{
    /// <summary>A new record was written.</summary>
    Created,

    /// <summary>An idempotent retry: the record written by the first attempt is returned.</summary>
    Replayed,

    Ok,
    Invalid,
    NotFound,

    /// <summary>The request contradicts the current state (forbidden transition, idempotency key reused).</summary>
    Conflict,
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

    public static Outcome<T> NotFound(string title, string detail) => new(OutcomeKind.NotFound, Title: title, Detail: detail);

    public static Outcome<T> Conflict(string title, string detail) => new(OutcomeKind.Conflict, Title: title, Detail: detail);
}

/// <summary>Collects field errors keyed by the camelCase field name of the public contract.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors[field] = messages;
        }
        messages.Add(message);
    }

    /// <summary>Checks a required text field; returns the trimmed value, or null after recording the error.</summary>
    public string? RequiredText(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"The {field} field is required.");
            return null;
        }
        return OptionalText(field, value, maxLength);
    }

    /// <summary>Checks an optional text field; blank counts as absent.</summary>
    public string? OptionalText(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            Add(field, $"The {field} field must be at most {maxLength} characters.");
            return null;
        }
        return trimmed;
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(entry => entry.Key, entry => entry.Value.ToArray(), StringComparer.Ordinal);
}
