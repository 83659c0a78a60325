namespace HallPlatform.Fault.Domain;

/// <summary>Masks personal data for responses; the full value never leaves the service.</summary>
public static class PersonalData
{
    /// <summary>First 3 + "****" + last 4 (138****5678); anything too short to keep both ends is hidden entirely.</summary>
    public static string? MaskPhone(string? phone) => phone switch
    {
        null or "" => phone,
        { Length: >= 8 } => string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(phone.Length - 4)),
        _ => "****",
    };
}
