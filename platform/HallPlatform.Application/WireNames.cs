using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HallPlatform.Application;

/// <summary>
/// The one way an enum's members are named on the wire (REST, gRPC, audit snapshots) and in the database: a member's
/// <see cref="JsonStringEnumMemberNameAttribute"/> name, or its camelCase name when it has none. That is exactly what
/// the services' JSON options (<see cref="JsonStringEnumConverter"/> with camelCase) write, so an enum serialised
/// directly and one turned into text here can never disagree. The table is read once per enum type; names that
/// collide (also when case is ignored) make the type unusable at first use, not a silent wrong answer later.
/// </summary>
public static class WireNames<TEnum> where TEnum : struct, Enum
{
    private static readonly (TEnum Value, string Name)[] Table = ReadTable();

    private static readonly FrozenDictionary<TEnum, string> NameOf = Table.ToFrozenDictionary(entry => entry.Value, entry => entry.Name);

    private static readonly FrozenDictionary<string, TEnum> Exact =
        Table.ToFrozenDictionary(entry => entry.Name, entry => entry.Value, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, TEnum> IgnoringCase =
        Table.ToFrozenDictionary(entry => entry.Name, entry => entry.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every wire name, in the enum's declaration order (for "use one of ..." messages).</summary>
    public static IReadOnlyList<string> All { get; } = [.. Table.Select(entry => entry.Name)];

    public static string ToWire(TEnum value) =>
        NameOf.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no member with this value.");

    /// <summary>The member named exactly <paramref name="name"/> (ordinal: the wire name as written, nothing else).</summary>
    public static bool TryParse(string? name, out TEnum value)
    {
        value = default;
        return name is not null && Exact.TryGetValue(name, out value);
    }

    /// <summary>
    /// Like <see cref="TryParse"/>, but surrounding white space and case are ignored (" Hall " is <c>hall</c>), for the
    /// inputs that accepted codes loosely before wire names were shared.
    /// </summary>
    public static bool TryParseLenient(string? name, out TEnum value)
    {
        value = default;
        return !string.IsNullOrWhiteSpace(name) && IgnoringCase.TryGetValue(name.Trim(), out value);
    }

    /// <summary>The member named exactly <paramref name="name"/>; a stored name that is not one is a corrupt row.</summary>
    public static TEnum Parse(string name) =>
        TryParse(name, out var value) ? value : throw new FormatException($"Unknown {typeof(TEnum).Name} wire name '{name}'.");

    private static (TEnum, string)[] ReadTable()
    {
        var table = typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
            .OrderBy(field => field.MetadataToken)
            .Select(field => (
                Value: (TEnum)field.GetValue(null)!,
                Name: field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(field.Name)))
            .ToArray();
        var clashing = table.GroupBy(entry => entry.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(group => group.Count() > 1)?.ToList()
            ?? table.GroupBy(entry => entry.Value).FirstOrDefault(group => group.Count() > 1)?.ToList();
        if (clashing is not null)
        {
            throw new InvalidOperationException(
                $"{typeof(TEnum).Name} cannot have wire names: members {string.Join(", ", clashing.Select(entry => entry.Name))} collide.");
        }
        return table;
    }
}

/// <summary><c>value.ToWire()</c> for every enum: its <see cref="WireNames{TEnum}"/> name.</summary>
public static class WireNameExtensions
{
    public static string ToWire<TEnum>(this TEnum value) where TEnum : struct, Enum => WireNames<TEnum>.ToWire(value);
}

/// <summary>What an OpenAPI schema lists as the allowed values of a text field that carries an enum's wire names.</summary>
public interface IWireEnumValues
{
    IReadOnlyList<string> Values { get; }
}

/// <summary>
/// Marks a text property or parameter as carrying <typeparamref name="TEnum"/>'s wire names, so the published contract
/// lists them as its <c>enum</c> (request fields stay text so an unknown name is a field error naming it, not a
/// binding failure). Use <c>[property: WireEnum&lt;TicketStatus&gt;]</c> on a record's positional parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class WireEnumAttribute<TEnum> : Attribute, IWireEnumValues where TEnum : struct, Enum
{
    public IReadOnlyList<string> Values => WireNames<TEnum>.All;
}
