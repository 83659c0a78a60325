using HallPlatform.Reception.Application;
using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Tests.Unit;

public sealed class CustomerDataTests
{
    [Theory]
    [InlineData("13800138000")]
    [InlineData("+8613800138000")]
    [InlineData("12345")]
    [InlineData("12345678901234567890")]
    [InlineData("+1234")]
    public void Valid_phone_numbers_are_accepted(string phone) => Assert.Null(CustomerData.ValidatePhone(phone));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("1234")]
    [InlineData("123456789012345678901")]
    [InlineData("138-0013-8000")]
    [InlineData("138 0013 8000")]
    [InlineData("++1380013800")]
    [InlineData("1380013800+")]
    [InlineData("+")]
    [InlineData("13800l38000")]
    [InlineData("１３８００１３８０００")] // full-width digits are not ASCII digits
    public void Invalid_phone_numbers_are_rejected(string? phone) => Assert.NotNull(CustomerData.ValidatePhone(phone));

    [Theory]
    [InlineData("Li Lei")]
    [InlineData("王小明")]
    [InlineData("A")]
    public void Valid_names_are_accepted(string name) => Assert.Null(CustomerData.ValidateName(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t ")]
    public void Missing_names_are_rejected(string? name) => Assert.NotNull(CustomerData.ValidateName(name));

    [Fact]
    public void Names_are_limited_to_100_characters()
    {
        Assert.Null(CustomerData.ValidateName(new string('x', 100)));
        Assert.NotNull(CustomerData.ValidateName(new string('x', 101)));
    }

    [Theory]
    [InlineData("王小明", "王**")]
    [InlineData("Li Lei", "L**")]
    [InlineData("  Han Meimei", "H**")]
    [InlineData("𠀀丽", "𠀀**")] // a character outside the BMP is not split in half
    public void Names_are_masked_to_the_first_character(string name, string expected) =>
        Assert.Equal(expected, CustomerData.MaskName(name));

    [Theory]
    [InlineData("13800138000", "138****8000")]
    [InlineData("+8613800138000", "+86****8000")]
    [InlineData("12345678901", "123****8901")]
    [InlineData("1234567890", "****90")]
    [InlineData("12345678", "****78")]
    [InlineData("12345", "****45")]
    public void Phones_are_masked_to_first_three_and_last_four(string phone, string expected) =>
        Assert.Equal(expected, CustomerData.MaskPhone(phone));

    [Theory]
    [InlineData("abc-123_XYZ:9.")]
    [InlineData("k")]
    public void Usable_idempotency_keys_are_accepted(string key) => Assert.Null(CheckInService.ValidateIdempotencyKey(key));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ключ")]
    public void Unusable_idempotency_keys_are_rejected(string key) => Assert.NotNull(CheckInService.ValidateIdempotencyKey(key));

    [Fact]
    public void Channels_default_to_store_and_unknown_ones_are_rejected()
    {
        Assert.True(VisitChannels.TryParse(null, out var none));
        Assert.Equal(VisitChannel.Store, none);
        Assert.True(VisitChannels.TryParse("kiosk", out var kiosk));
        Assert.Equal(VisitChannel.Kiosk, kiosk);
        Assert.False(VisitChannels.TryParse("fax", out _));
        Assert.False(VisitChannels.TryParse("Kiosk", out _));
    }
}
