namespace HallPlatform.Fault.Domain;

/// <summary>The exact names a set of codes has on the wire and in the database, parsed case-insensitively.</summary>
public sealed class WireNames<TEnum> where TEnum : struct, Enum
{
    private readonly Dictionary<TEnum, string> _names;
    private readonly Dictionary<string, TEnum> _byName;

    public WireNames(Dictionary<TEnum, string> names)
    {
        _names = names;
        _byName = names.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.OrdinalIgnoreCase);
        All = [.. names.Values];
    }

    public IReadOnlyList<string> All { get; }

    public string Name(TEnum value) => _names[value];

    public bool TryParse(string? name, out TEnum value)
    {
        value = default;
        return !string.IsNullOrWhiteSpace(name) && _byName.TryGetValue(name.Trim(), out value);
    }

    public TEnum Parse(string name) =>
        TryParse(name, out var value) ? value : throw new InvalidOperationException($"Unknown {typeof(TEnum).Name} '{name}'.");
}
