using HallPlatform.Application;

namespace HallPlatform.ServiceDefaults.Tests;

public sealed class FieldErrorsTests
{
    [Fact]
    public void Messages_collect_per_field_and_a_null_message_is_no_error()
    {
        var errors = new FieldErrors();

        errors.Add("name", null);
        Assert.False(errors.Any);

        errors.Add("name", "first");
        errors.Add("name", "second");
        errors.Add("phone", "bad");

        Assert.True(errors.Any);
        var dictionary = errors.ToDictionary();
        Assert.Equal(["first", "second"], dictionary["name"]);
        Assert.Equal(["bad"], dictionary["phone"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_required_text_is_an_error(string? value)
    {
        var errors = new FieldErrors();

        Assert.Null(errors.RequiredText("subject", value, 10));
        Assert.Equal(["The subject field is required."], errors.ToDictionary()["subject"]);
    }

    [Fact]
    public void Text_is_trimmed_and_its_length_checked_after_trimming()
    {
        var errors = new FieldErrors();

        Assert.Equal("abc", errors.RequiredText("subject", "  abc  ", 3));
        Assert.False(errors.Any);
        Assert.Null(errors.OptionalText("note", "abcd", 3));
        Assert.Equal(["The note field must be at most 3 characters."], errors.ToDictionary()["note"]);
    }

    [Fact]
    public void A_blank_optional_text_is_absent_not_an_error()
    {
        var errors = new FieldErrors();

        Assert.Null(errors.OptionalText("note", "  ", 3));
        Assert.False(errors.Any);
    }

    [Fact]
    public void Outcomes_carry_what_each_transport_needs()
    {
        var invalid = Outcome<int>.Invalid(new Dictionary<string, string[]> { ["x"] = ["bad"] });
        var conflict = Outcome<int>.Conflict("title", "detail");

        Assert.Equal(OutcomeKind.Invalid, invalid.Kind);
        Assert.Equal("One or more fields are invalid.", invalid.Title);
        Assert.Equal(["bad"], invalid.Errors!["x"]);
        Assert.Equal((OutcomeKind.Conflict, "title", "detail"), (conflict.Kind, conflict.Title, conflict.Detail));
        Assert.Equal((OutcomeKind.Replayed, 5), (Outcome<int>.Replayed(5).Kind, Outcome<int>.Replayed(5).Value));
    }
}
