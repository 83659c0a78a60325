using System.Security.Cryptography;
using HallPlatform.Privacy;

namespace HallPlatform.ServiceDefaults.Tests;

internal static class TestKeys
{
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static PersonalDataProtectionOptions Ring(string activeKeyId, params (string Id, string Key)[] keys)
    {
        var options = new PersonalDataProtectionOptions { ActiveKeyId = activeKeyId, LookupKey = NewKey() };
        foreach (var (id, key) in keys)
        {
            options.Keys[id] = key;
        }
        return options;
    }
}
