namespace HallPlatform.Complaint.Domain;

/// <summary>Masks personal data for responses: callers see enough to recognise a customer, not to identify one.</summary>
public static class PersonalDataMask
{
    /// <summary>First 3 + "****" + last 4; anything too short to keep both ends is fully masked.</summary>
    public static string Phone(string phone) =>
        phone.Length < 8 ? "****" : string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(phone.Length - 4));
}
