using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Privacy;

/// <summary>The data classes HallPlatform's logs know about.</summary>
public static class HallDataClassifications
{
    public const string TaxonomyName = "HallPlatform";

    /// <summary>A customer's name, phone, ID number, address, or free text that may hold them.</summary>
    public static DataClassification PersonalData { get; } = new(TaxonomyName, nameof(PersonalData));
}

/// <summary>
/// Marks a <c>[LoggerMessage]</c> parameter (or a logged property) as personal data: with redaction enabled
/// (<see cref="PersonalDataRedaction.AddPersonalDataRedaction{TBuilder}"/>, part of AddServiceDefaults) its value
/// is erased before any log provider sees it.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue)]
public sealed class PersonalDataAttribute() : DataClassificationAttribute(HallDataClassifications.PersonalData);

public static class PersonalDataRedaction
{
    /// <summary>
    /// Redacts personal data in logs: every value classified <see cref="HallDataClassifications.PersonalData"/> is
    /// erased (not hashed: a hash of a phone number can be reversed by trying them all). The last line of defence;
    /// code still never logs personal data on purpose.
    /// </summary>
    public static TBuilder AddPersonalDataRedaction<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRedaction(redaction =>
            redaction.SetRedactor<ErasingRedactor>(new DataClassificationSet(HallDataClassifications.PersonalData)));
        builder.Logging.EnableRedaction();
        return builder;
    }
}
