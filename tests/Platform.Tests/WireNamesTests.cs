using HallPlatform.Data;
using System.Text.Json;
using System.Text.Json.Serialization;
using HallPlatform.Application;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HallPlatform.Platform.Tests;

public sealed class WireNamesTests
{
    public enum Named
    {
        [JsonStringEnumMemberName("fixed-line")]
        FixedLine,

        [JsonStringEnumMemberName("inProgress")]
        InProgress,

        Other,
    }

    private enum Derived
    {
        Acknowledged,
        AssessingCancellation,
        NoShow,
    }

    private enum ClashingNames
    {
        [JsonStringEnumMemberName("same")]
        First,

        [JsonStringEnumMemberName("SAME")]
        Second,
    }

    // An alias is exactly what the rule refuses: two names for one value.
#pragma warning disable CA1069
    private enum Aliased
    {
        One = 1,
        Uno = 1,
    }
#pragma warning restore CA1069

    // The services' REST JSON options (HttpApiDefaults): the wire names must be what they write.
    private static readonly JsonSerializerOptions ServiceJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    [Fact]
    public void Attribute_names_win_and_other_members_are_camel_case_in_declaration_order()
    {
        Assert.Equal(["fixed-line", "inProgress", "other"], WireNames<Named>.All);
        Assert.Equal(["acknowledged", "assessingCancellation", "noShow"], WireNames<Derived>.All);
    }

    [Fact]
    public void Every_member_round_trips_and_matches_what_the_json_options_write()
    {
        foreach (var value in Enum.GetValues<Named>())
        {
            var name = WireNames<Named>.ToWire(value);
            Assert.True(WireNames<Named>.TryParse(name, out var parsed));
            Assert.Equal(value, parsed);
            Assert.Equal(JsonSerializer.Serialize(value, ServiceJson), $"\"{name}\"");
        }
        foreach (var value in Enum.GetValues<Derived>())
        {
            Assert.Equal(JsonSerializer.Serialize(value, ServiceJson), $"\"{WireNames<Derived>.ToWire(value)}\"");
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("FixedLine")]
    [InlineData("fixedLine")]
    [InlineData("FIXED-LINE")]
    [InlineData(" fixed-line")]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("fax")]
    public void Exact_parsing_refuses_anything_but_a_wire_name(string? name) => Assert.False(WireNames<Named>.TryParse(name, out _));

    [Theory]
    [InlineData(" fixed-line ", Named.FixedLine)]
    [InlineData("FIXED-LINE", Named.FixedLine)]
    [InlineData("INPROGRESS", Named.InProgress)]
    [InlineData("other", Named.Other)]
    public void Lenient_parsing_ignores_case_and_surrounding_space(string name, Named expected)
    {
        Assert.True(WireNames<Named>.TryParseLenient(name, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("FixedLine")]
    [InlineData("2")]
    public void Lenient_parsing_still_refuses_unknown_names(string? name) => Assert.False(WireNames<Named>.TryParseLenient(name, out _));

    [Fact]
    public void An_undefined_value_has_no_wire_name() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WireNames<Named>.ToWire((Named)42));

    [Fact]
    public void Parsing_a_stored_unknown_name_fails_loudly()
    {
        Assert.Equal(Named.InProgress, WireNames<Named>.Parse("inProgress"));
        Assert.Throws<FormatException>(() => WireNames<Named>.Parse("InProgress"));
    }

    [Fact]
    public void The_value_converter_stores_and_reads_wire_names()
    {
        ValueConverter<Named, string> converter = WireNameConverter<Named>.Instance;

        Assert.Equal("fixed-line", converter.ConvertToProvider(Named.FixedLine));
        Assert.Equal(Named.InProgress, converter.ConvertFromProvider("inProgress"));
        Assert.Throws<FormatException>(() => converter.ConvertFromProvider("in-progress"));
    }

    [Fact]
    public void Names_that_collide_when_case_is_ignored_are_refused()
    {
        var failure = Assert.Throws<TypeInitializationException>(() => WireNames<ClashingNames>.All);
        Assert.IsType<InvalidOperationException>(failure.InnerException);
    }

    [Fact]
    public void Members_sharing_a_value_are_refused()
    {
        var failure = Assert.Throws<TypeInitializationException>(() => WireNames<Aliased>.ToWire(Aliased.One));
        Assert.IsType<InvalidOperationException>(failure.InnerException);
    }
}
