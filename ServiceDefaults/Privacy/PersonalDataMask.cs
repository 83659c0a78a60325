using System.Globalization;

namespace HallPlatform.Privacy;

/// <summary>Masks personal data for responses: callers see enough to recognise a customer, not to identify one.</summary>
public static class PersonalDataMask
{
    /// <summary>
    /// A full-length number (11 characters or more, e.g. a mainland mobile) shows its first 3 and last 4
    /// (138****5678). A shorter one shows only its last 2 (****78), and one under 6 characters nothing, so the
    /// mask never reveals most of a number.
    /// </summary>
    public static string Phone(string phone) => phone.Length switch
    {
        >= 11 => string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(phone.Length - 4)),
        >= 6 => string.Concat("****", phone.AsSpan(phone.Length - 2)),
        _ => "****",
    };

    /// <summary>Like <see cref="Phone"/>, but a phone the customer never gave (null or empty) stays absent.</summary>
    public static string? OptionalPhone(string? phone) => string.IsNullOrEmpty(phone) ? phone : Phone(phone);

    /// <summary>First character (a whole text element, so a surrogate pair is never split) + "**".</summary>
    public static string Name(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            return "**";
        }
        var first = StringInfo.GetNextTextElementLength(trimmed);
        return string.Concat(trimmed.AsSpan(0, first), "**");
    }
}
