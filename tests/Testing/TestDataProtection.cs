using HallPlatform.Privacy;
using Microsoft.AspNetCore.Hosting;

namespace HallPlatform.Testing;

/// <summary>The personal data key ring of service tests (test-only keys, never deployed).</summary>
public static class TestDataProtection
{
    public const string KeyId = "test-1";
    public const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    public const string SecondKeyId = "test-2";
    public const string SecondKey = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    public const string LookupKey = "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=";

    private const string Section = PersonalDataProtectionOptions.SectionName;

    /// <summary>A protector with <see cref="Key"/> active, for code that builds a service's DbContext outside the app.</summary>
    public static PersonalDataProtector Protector() => new(new PersonalDataProtectionOptions
    {
        Keys = { [KeyId] = Key },
        ActiveKeyId = KeyId,
        LookupKey = LookupKey,
    });

    /// <summary>Sets the key ring: <see cref="Key"/> active, or also <see cref="SecondKey"/> and that one active.</summary>
    public static void Configure(IWebHostBuilder builder, bool rotated = false)
    {
        builder.UseSetting($"{Section}:Keys:{KeyId}", Key);
        builder.UseSetting($"{Section}:LookupKey", LookupKey);
        if (rotated)
        {
            builder.UseSetting($"{Section}:Keys:{SecondKeyId}", SecondKey);
        }
        builder.UseSetting($"{Section}:ActiveKeyId", rotated ? SecondKeyId : KeyId);
    }
}
