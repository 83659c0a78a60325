using Google.Protobuf.WellKnownTypes;
using HallPlatform.Application;

namespace HallPlatform.Platform.Tests;

public sealed class InputRulesTests
{
    [Theory]
    [InlineData("hall-001")]
    [InlineData("hall_1")]
    [InlineData("h")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public void Hall_ids_of_the_documented_shape_pass(string hallId)
    {
        var errors = new FieldErrors();

        Assert.Equal(hallId, HallIds.Required("hallId", hallId, errors));
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData("HALL-001")]
    [InlineData("-hall")]
    [InlineData("../hall")]
    [InlineData("<script>")]
    [InlineData("hall 1")]
    [InlineData("hall\u0007")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    public void Other_hall_ids_are_a_field_error(string hallId)
    {
        var errors = new FieldErrors();

        Assert.Null(HallIds.Check("hallId", hallId, errors));
        Assert.Equal(["hallId"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Instants_outside_2000_to_2100_are_a_field_error()
    {
        var errors = new FieldErrors();

        Assert.True(InstantRange.Check("from", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), errors));
        Assert.True(InstantRange.Check("from", null, errors));
        Assert.False(InstantRange.Check("from", DateTimeOffset.MinValue, errors));
        Assert.False(InstantRange.Check("to", DateTimeOffset.MaxValue, errors));
        Assert.Equal(["from", "to"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("2026-11-01T08:00:00+08:00", "2026-11-01T00:00:00.0000000+00:00")]
    [InlineData("2026-11-01T00:00:00Z", "2026-11-01T00:00:00.0000000+00:00")]
    [InlineData("2026-11-01", "2026-11-01T00:00:00.0000000+00:00")]
    public void An_instant_in_text_is_read_as_utc(string text, string expected)
    {
        var errors = new FieldErrors();

        Assert.Equal(expected, InstantRange.Parse("from", text, errors)?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData("yesterday", "must be an ISO 8601 date and time")]
    [InlineData("1999-12-31T23:59:59Z", "must be from 2000-01-01T00:00:00Z")]
    [InlineData("2100-01-01T00:00:00Z", "must be from 2000-01-01T00:00:00Z")]
    public void An_unreadable_or_out_of_range_instant_is_a_field_error(string text, string message)
    {
        var errors = new FieldErrors();

        Assert.Null(InstantRange.Parse("to", text, errors));
        Assert.Contains(message, Assert.Single(errors.ToDictionary()["to"]), StringComparison.Ordinal);
        Assert.Null(InstantRange.Parse("to", "  ", new FieldErrors()));
    }

    [Fact]
    public void Csv_fields_are_quoted_and_formula_text_is_defused_but_numbers_stay_numbers()
    {
        var csv = new CsvText().Row("a,b", "say \"hi\"", "=HYPERLINK(\"x\")", "+1", "@sum", "-465", "33.33", null, "line\nbreak");

        Assert.Equal("\"a,b\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"x\"\")\",'+1,'@sum,-465,33.33,,\"line\nbreak\"\r\n", csv.ToString());
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv.ToBytes()[..3]);
    }

    [Fact]
    public void A_nul_character_is_found_in_top_level_nested_and_repeated_string_fields()
    {
        Assert.Null(NulFreeRequests.FieldWithNul(new Api { Name = "fine", Methods = { new Method { Name = "ok" } } }));
        Assert.Equal("name", NulFreeRequests.FieldWithNul(new Api { Name = "a\0" }));
        Assert.Equal("methods.requestTypeUrl", NulFreeRequests.FieldWithNul(new Api { Methods = { new Method { Name = "ok", RequestTypeUrl = "\0" } } }));
        Assert.Equal("sourceContext.fileName", NulFreeRequests.FieldWithNul(new Api { SourceContext = new SourceContext { FileName = "x\0" } }));
        Assert.Equal("paths", NulFreeRequests.FieldWithNul(new FieldMask { Paths = { "a", "b\0" } }));
        Assert.Equal("fields", NulFreeRequests.FieldWithNul(new Struct { Fields = { ["k"] = Value.ForString("v\0") } }));
    }
}
