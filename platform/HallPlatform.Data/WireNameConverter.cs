using HallPlatform.Application;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HallPlatform.Data;

/// <summary>Stores an enum by its wire name (<see cref="WireNames{TEnum}"/>), so a table reads the same as the API.</summary>
public static class WireNameConverter<TEnum> where TEnum : struct, Enum
{
    public static ValueConverter<TEnum, string> Instance { get; } =
        new(value => WireNames<TEnum>.ToWire(value), name => WireNames<TEnum>.Parse(name));
}
