namespace HallPlatform.Application;

/// <summary>Collects field errors keyed by the camelCase field name of the public contract.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>Records <paramref name="message"/> for <paramref name="field"/>; a null message means "no error".</summary>
    public void Add(string field, string? message)
    {
        if (message is null)
        {
            return;
        }
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
