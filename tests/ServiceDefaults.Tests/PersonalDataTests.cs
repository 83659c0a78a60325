using HallPlatform.Privacy;

namespace HallPlatform.ServiceDefaults.Tests;

public sealed class PersonalDataTests
{
    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("+8613812345678", "+86****5678")]
    [InlineData("12345678", "****78")]
    [InlineData("0101234567", "****67")]
    [InlineData("1234567", "****67")]
    [InlineData("12345", "****")]
    [InlineData("", "****")]
    public void Phones_show_at_most_the_first_three_and_last_four(string phone, string masked) =>
        Assert.Equal(masked, PersonalDataMask.Phone(phone));

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData("13812345678", "138****5678")]
    public void A_phone_never_given_stays_absent(string? phone, string? masked) =>
        Assert.Equal(masked, PersonalDataMask.OptionalPhone(phone));

    [Theory]
    [InlineData("王小明", "王**")]
    [InlineData("Li Lei", "L**")]
    [InlineData("  Han Meimei", "H**")]
    [InlineData("𠀀丽", "𠀀**")] // a character outside the BMP is not split in half
    [InlineData("   ", "**")]
    public void Names_keep_the_first_character(string name, string masked) =>
        Assert.Equal(masked, PersonalDataMask.Name(name));

    [Theory]
    [InlineData("12345")]
    [InlineData("+12345")]
    [InlineData("13800138000")]
    [InlineData("12345678901234567890")]
    [InlineData("+12345678901234567890")]
    public void Well_formed_numbers_are_digits_after_an_optional_plus(string phone) =>
        Assert.True(PhoneNumbers.IsWellFormed(phone));

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("1234")]
    [InlineData("+1234")]
    [InlineData("123456789012345678901")]
    [InlineData("138 0013 8000")]
    [InlineData("138-0013-8000")]
    [InlineData("++1380013800")]
    [InlineData("1380013800+")]
    [InlineData("13800l38000")]
    [InlineData("１３８００１３８０００")] // full-width digits are not ASCII digits
    public void Anything_else_is_not_well_formed(string phone) => Assert.False(PhoneNumbers.IsWellFormed(phone));

    [Theory]
    [InlineData("138 1234 5678", "13812345678")]
    [InlineData("+86-138-1234-5678", "+8613812345678")]
    [InlineData("(010) 1234567", "0101234567")]
    [InlineData(" 13812345678\t", "13812345678")]
    public void Separators_people_type_are_dropped(string phone, string normalized)
    {
        Assert.True(PhoneNumbers.TryNormalize(phone, out var result));
        Assert.Equal(normalized, result);
    }

    [Theory]
    [InlineData("call me")]
    [InlineData("1234")]
    [InlineData("138+12345678")]
    [InlineData("123456789012345678901")]
    [InlineData("138.1234.5678")]
    public void Numbers_that_stay_malformed_are_refused(string phone)
    {
        Assert.False(PhoneNumbers.TryNormalize(phone, out var result));
        Assert.Equal("", result);
    }
}
