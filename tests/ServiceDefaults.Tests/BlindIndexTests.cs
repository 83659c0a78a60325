using HallPlatform.Privacy;

namespace HallPlatform.ServiceDefaults.Tests;

public sealed class BlindIndexTests
{
    private static BlindIndex WithKey(string key) => new(new PersonalDataProtectionOptions { LookupKey = key });

    [Fact]
    public void The_same_value_always_gives_the_same_hash()
    {
        var key = TestKeys.NewKey();

        Assert.Equal(WithKey(key).Of("13812345678"), WithKey(key).Of("13812345678"));
        Assert.Equal(BlindIndex.Length, WithKey(key).Of("13812345678").Length);
    }

    [Fact]
    public void Different_values_give_different_hashes()
    {
        var index = WithKey(TestKeys.NewKey());

        Assert.NotEqual(index.Of("13812345678"), index.Of("13812345679"));
    }

    [Fact]
    public void The_hash_depends_on_the_key_and_is_not_a_plain_hash_of_the_value()
    {
        var value = "13812345678";
        var first = WithKey(TestKeys.NewKey()).Of(value);

        Assert.NotEqual(first, WithKey(TestKeys.NewKey()).Of(value));
        Assert.NotEqual(first, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value))));
        Assert.DoesNotContain(value, first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("138 1234 5678")]
    [InlineData("138-1234-5678")]
    [InlineData("(138) 12345678")]
    public void Phones_hash_the_same_whatever_separators_were_typed(string typed)
    {
        var index = WithKey(TestKeys.NewKey());

        Assert.Equal(index.Of("13812345678"), index.ForPhone(typed));
    }

    [Fact]
    public void Something_that_is_not_a_phone_has_no_phone_hash()
    {
        Assert.Null(WithKey(TestKeys.NewKey()).ForPhone("call me"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("c2hvcnQ=")]
    public void A_missing_or_short_lookup_key_refuses_to_start(string? key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => WithKey(key!));
        Assert.Contains("LookupKey", error.Message, StringComparison.Ordinal);
    }
}
