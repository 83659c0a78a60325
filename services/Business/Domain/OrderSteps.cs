using System.Text.Json.Serialization;

namespace HallPlatform.Business.Domain;

/// <summary>Whether a required document was presented and verified at the counter.</summary>
public enum DocumentStatus
{
    [JsonStringEnumMemberName("missing")]
    Missing,

    [JsonStringEnumMemberName("verified")]
    Verified,
}

/// <summary>How the customer consented to a quote.</summary>
public enum ConsentMethod
{
    [JsonStringEnumMemberName("signature-pad")]
    SignaturePad,

    [JsonStringEnumMemberName("pin")]
    Pin,

    [JsonStringEnumMemberName("verbal-witnessed")]
    VerbalWitnessed,
}

/// <summary>One fee of the pinned business type asked for, with its quantity.</summary>
public sealed record OrderItem(string FeeCode, int Quantity);

/// <summary>A required document of the order and its check (who verified it, when).</summary>
public sealed record DocumentCheck(string Code, string Name, DocumentStatus Status, string? CheckedBy, DateTimeOffset? CheckedAt);

/// <summary>The customer's consent to one quote version.</summary>
public sealed record Consent(int QuoteVersion, ConsentMethod Method, string? WitnessStaffId, string RecordedBy, DateTimeOffset At);

/// <summary>What the counter records as the customer's request (the line/account is personal data, kept encrypted).</summary>
public sealed record OrderRequest(
    string BusinessTypeCode,
    CustomerKind CustomerKind,
    string? LineNumber,
    string? AccountNumber,
    IReadOnlyList<OrderItem> Items,
    IReadOnlyDictionary<string, string> Details);
