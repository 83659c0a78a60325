using HallPlatform.Reception.Application.Queue;
using HallPlatform.Reception.Domain;
using HallPlatform.Privacy;

namespace HallPlatform.Reception.Tests.Unit;

public sealed class CustomerDataTests
{
    [Theory]
    [InlineData("13800138000", "13800138000")]
    [InlineData("+8613800138000", "+8613800138000")]
    [InlineData("12345", "12345")]
    [InlineData("12345678901234567890", "12345678901234567890")]
    [InlineData("+12345", "+12345")]
    [InlineData("+12345678901234567890", "+12345678901234567890")] // 20 digits and '+': stored encrypted, no column width applies
    [InlineData("138-0013-8000", "13800138000")]
    [InlineData("138 0013 8000", "13800138000")]
    [InlineData("138.0013.8000", "13800138000")]
    [InlineData("(010) 1234-5678", "01012345678")]
    [InlineData(" +86 138 0013 8000 ", "+8613800138000")]
    public void Valid_phone_numbers_are_accepted_and_normalised(string phone, string stored)
    {
        Assert.Null(CustomerData.ValidatePhone(phone, out var normalized));
        Assert.Equal(stored, normalized);
    }

    [Theory]
    [InlineData("1234")]
    [InlineData("+1234")] // 4 digits: the shared rule counts digits, not characters
    [InlineData("123456789012345678901")]
    [InlineData("++1380013800")]
    [InlineData("1380013800+")]
    [InlineData("138/0013/8000")] // only spaces, dashes, dots and parentheses are separators
    [InlineData("+")]
    [InlineData("13800l38000")]
    [InlineData("１３８００１３８０００")] // full-width digits are not ASCII digits
    public void Invalid_phone_numbers_are_rejected_with_the_platform_message(string phone)
    {
        Assert.Equal(PhoneNumbers.InvalidMessage("customerPhone"), CustomerData.ValidatePhone(phone, out var normalized));
        Assert.Equal("", normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_phone_number_is_required(string? phone) =>
        Assert.Equal("The customer's phone number is required.", CustomerData.ValidatePhone(phone, out _));

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
    [InlineData("abc-123_XYZ:9.")]
    [InlineData("k")]
    public void Usable_idempotency_keys_are_accepted(string key) => Assert.Null(CheckInHandling.ValidateIdempotencyKey(key));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ключ")]
    public void Unusable_idempotency_keys_are_rejected(string key) => Assert.NotNull(CheckInHandling.ValidateIdempotencyKey(key));

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
