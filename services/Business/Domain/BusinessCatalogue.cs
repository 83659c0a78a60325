using System.Text.Json.Serialization;

namespace HallPlatform.Business.Domain;

/// <summary>Who the customer at the counter is: the holder in person, an agent acting for them, or a company.</summary>
public enum CustomerKind
{
    [JsonStringEnumMemberName("individual")]
    Individual,

    [JsonStringEnumMemberName("agent")]
    Agent,

    [JsonStringEnumMemberName("company")]
    Company,
}

/// <summary>Whether a fee is charged once or every month (the quote charges the first month now).</summary>
public enum FeeKind
{
    [JsonStringEnumMemberName("oneOff")]
    OneOff,

    [JsonStringEnumMemberName("monthly")]
    Monthly,
}

/// <summary>
/// A document the counter must see and verify; <see cref="CustomerKinds"/> says for which kinds of customer it is
/// required (e.g. the authorisation letter only for an agent).
/// </summary>
public sealed record RequiredDocument(string Code, string Name, IReadOnlyList<CustomerKind> CustomerKinds)
{
    public bool AppliesTo(CustomerKind kind) => CustomerKinds.Contains(kind);
}

/// <summary>A fee of a business type: amount in fen before tax, tax rate in basis points (600 = 6 %).</summary>
public sealed record FeeItem(string Code, string Name, FeeKind Kind, long AmountFen, int TaxRateBasisPoints);

/// <summary>
/// One version of a business type of the catalogue. Versions are never changed: an administrator's change adds the
/// next version, and an order keeps (pins) the version it was recorded with.
/// </summary>
public sealed class BusinessTypeVersion
{
    public const int CodeMaxLength = 64;
    public const int NameMaxLength = 200;
    public const int MaxDocuments = 20;
    public const int MaxFees = 20;
    public const long MaxAmountFen = 100_000_000; // one million yuan
    public const int MaxTaxRateBasisPoints = 10_000;
    public const int MaxHandlingMinutes = 24 * 60;

    // For EF Core materialisation.
    private BusinessTypeVersion()
    {
    }

    public BusinessTypeVersion(string code, int version, BusinessTypeDefinition definition, string createdBy, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Code = code;
        Version = version;
        Name = definition.Name;
        RequiredDocuments = definition.RequiredDocuments;
        FeeItems = definition.FeeItems;
        PartialPaymentAllowed = definition.PartialPaymentAllowed;
        SelfServiceAllowed = definition.SelfServiceAllowed;
        ExpectedHandlingMinutes = definition.ExpectedHandlingMinutes;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    public string Code { get; private set; } = "";
    public int Version { get; private set; }
    public string Name { get; private set; } = "";
    public IReadOnlyList<RequiredDocument> RequiredDocuments { get; private set; } = [];
    public IReadOnlyList<FeeItem> FeeItems { get; private set; } = [];
    public bool PartialPaymentAllowed { get; private set; }
    public bool SelfServiceAllowed { get; private set; }
    public int ExpectedHandlingMinutes { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<RequiredDocument> DocumentsFor(CustomerKind kind) => [.. RequiredDocuments.Where(d => d.AppliesTo(kind))];
}

/// <summary>What an administrator states for a business type (everything but the code and version).</summary>
public sealed record BusinessTypeDefinition(
    string Name,
    IReadOnlyList<RequiredDocument> RequiredDocuments,
    IReadOnlyList<FeeItem> FeeItems,
    bool PartialPaymentAllowed,
    bool SelfServiceAllowed,
    int ExpectedHandlingMinutes);
