using HallPlatform.Privacy;

namespace HallPlatform.Platform.Tests;

public sealed class PersonalDataProtectorTests
{
    private readonly string _key1 = TestKeys.NewKey();
    private readonly string _key2 = TestKeys.NewKey();

    [Theory]
    [InlineData("13812345678")]
    [InlineData("")]
    [InlineData("张三 北京市朝阳区某某路 1 号 😀")]
    public void Round_trip_gives_back_the_plaintext_and_stores_no_plaintext(string plaintext)
    {
        var protector = new PersonalDataProtector(TestKeys.Ring("k1", ("k1", _key1)));

        var stored = protector.Protect(plaintext);

        Assert.StartsWith("v1:k1:", stored, StringComparison.Ordinal);
        if (plaintext.Length > 0)
        {
            Assert.DoesNotContain(plaintext, stored, StringComparison.Ordinal);
        }
        Assert.Equal(plaintext, protector.Unprotect(stored));
    }

    [Fact]
    public void The_key_ring_id_is_equal_exactly_for_rings_with_the_same_keys_and_the_same_active_key()
    {
        string Id(string active, params (string Id, string Key)[] keys) => new PersonalDataProtector(TestKeys.Ring(active, keys)).KeyRingId;

        var ring = Id("k1", ("k1", _key1), ("k2", _key2));
        Assert.Equal(ring, Id("k1", ("k2", _key2), ("k1", _key1)));
        Assert.Equal(ring, Id("K1", ("K1", _key1), ("k2", _key2)));
        Assert.NotEqual(ring, Id("k2", ("k1", _key1), ("k2", _key2)));
        Assert.NotEqual(ring, Id("k1", ("k1", _key1)));
        Assert.NotEqual(ring, Id("k1", ("k1", _key2), ("k2", _key1)));
        Assert.DoesNotContain(_key1, ring, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_value_encrypts_differently_each_time()
    {
        var protector = new PersonalDataProtector(TestKeys.Ring("k1", ("k1", _key1)));

        Assert.NotEqual(protector.Protect("13812345678"), protector.Protect("13812345678"));
    }

    [Fact]
    public void A_different_key_under_the_same_id_cannot_decrypt()
    {
        var stored = new PersonalDataProtector(TestKeys.Ring("k1", ("k1", _key1))).Protect("13812345678");
        var otherKey = new PersonalDataProtector(TestKeys.Ring("k1", ("k1", _key2)));

        Assert.Throws<PersonalDataProtectionException>(() => otherKey.Unprotect(stored));
    }

    [Fact]
    public void A_value_naming_an_unconfigured_key_cannot_be_decrypted()
    {
        var stored = new PersonalDataProtector(TestKeys.Ring("k1", ("k1", _key1))).Protect("13812345678");
        var otherRing = new PersonalDataProtector(TestKeys.Ring("k2", ("k2", _key2)));

        var error = Assert.Throws<PersonalDataProtectionException>(() => otherRing.Unprotect(stored));
        Assert.Contains("'k1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_payload_fails_authentication()
    {
        var protector = new PersonalDataProtector(TestKeys.Ring("k1", ("k1", _key1)));
        var stored = protector.Protect("13812345678");
        var payload = Convert.FromBase64String(stored["v1:k1:".Length..]);
        payload[^1] ^= 0x01;
        var tampered = "v1:k1:" + Convert.ToBase64String(payload);

        Assert.Throws<PersonalDataProtectionException>(() => protector.Unprotect(tampered));
    }

    [Fact]
    public void Relabelling_a_value_with_another_key_id_fails_authentication()
    {
        // Both keys the same bytes: only the authenticated key id differs.
        var protector = new PersonalDataProtector(TestKeys.Ring("k1", ("k1", _key1), ("k2", _key1)));
        var stored = protector.Protect("13812345678");

        Assert.Throws<PersonalDataProtectionException>(() => protector.Unprotect("v1:k2:" + stored["v1:k1:".Length..]));
    }

    [Theory]
    [InlineData("13812345678")]
    [InlineData("v2:k1:AAAA")]
    [InlineData("v1:k1:not base64!")]
    [InlineData("v1:k1:AAAA")]
    public void Values_not_in_the_stored_format_are_refused_without_echoing_them(string stored)
    {
        var protector = new PersonalDataProtector(TestKeys.Ring("k1", ("k1", _key1)));

        var error = Assert.Throws<PersonalDataProtectionException>(() => protector.Unprotect(stored));
        Assert.DoesNotContain("13812345678", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void After_rotation_old_values_still_decrypt_and_new_values_use_the_active_key()
    {
        var before = new PersonalDataProtector(TestKeys.Ring("k1", ("k1", _key1)));
        var oldValue = before.Protect("13812345678");
        var after = new PersonalDataProtector(TestKeys.Ring("k2", ("k1", _key1), ("k2", _key2)));

        Assert.Equal("13812345678", after.Unprotect(oldValue));
        Assert.False(after.IsCurrent(oldValue));
        var newValue = after.Protect("13812345678");
        Assert.StartsWith("v1:k2:", newValue, StringComparison.Ordinal);
        Assert.True(after.IsCurrent(newValue));
        // Once the old key is removed, only values rewritten to the new one still decrypt.
        var retired = new PersonalDataProtector(TestKeys.Ring("k2", ("k2", _key2)));
        Assert.Equal("13812345678", retired.Unprotect(newValue));
        Assert.Throws<PersonalDataProtectionException>(() => retired.Unprotect(oldValue));
    }

    [Fact]
    public void No_key_configured_refuses_to_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PersonalDataProtector(new PersonalDataProtectionOptions()));
        Assert.Contains("HallPlatform:DataProtection:Keys", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_active_key_id_that_names_no_key_refuses_to_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PersonalDataProtector(TestKeys.Ring("k9", ("k1", _key1))));
        Assert.Contains("ActiveKeyId", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c2hvcnQ=")]
    [InlineData("not base64 at all")]
    [InlineData("")]
    public void A_key_that_is_not_base64_of_32_bytes_refuses_to_start_without_echoing_it(string key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PersonalDataProtector(TestKeys.Ring("k1", ("k1", key))));
        Assert.Contains("Keys:k1", error.Message, StringComparison.Ordinal);
        if (key.Length > 0)
        {
            Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_key_id_with_separator_characters_refuses_to_start()
    {
        Assert.Throws<InvalidOperationException>(() => new PersonalDataProtector(TestKeys.Ring("k:1", ("k:1", _key1))));
    }
}
