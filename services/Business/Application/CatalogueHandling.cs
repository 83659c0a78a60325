using System.Text.RegularExpressions;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Business.Data;
using HallPlatform.Business.Domain;
using HallPlatform.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HallPlatform.Business.Application;

/// <summary>A business type as an administrator states it; every field is checked by <see cref="CatalogueHandling.Validate"/>.</summary>
public sealed record BusinessTypeInput(
    string? Name,
    IReadOnlyList<RequiredDocumentInput?>? RequiredDocuments,
    IReadOnlyList<FeeItemInput?>? FeeItems,
    bool? PartialPaymentAllowed,
    bool? SelfServiceAllowed,
    int? ExpectedHandlingMinutes);

public sealed record RequiredDocumentInput(string? Code, string? Name, IReadOnlyList<string?>? CustomerKinds);

public sealed record FeeItemInput(string? Code, string? Name, string? Kind, long? AmountFen, int? TaxRateBasisPoints);

/// <summary>
/// The business catalogue: read the current (or a given) version of a type; an administrator's PUT adds the next
/// version, so orders keep the version they pinned.
/// </summary>
public sealed partial class CatalogueHandling(BusinessDbContext db, AuditTrail audit, IHallCallerAccessor callers, TimeProvider time,
    ILogger<CatalogueHandling> logger)
{
    public const string RecordType = "business-type";
    public const string VersionedAction = "business-type.versioned";

    /// <summary>Codes are lower-case words joined by hyphens: new-line, id-card-original.</summary>
    public static bool IsCode(string? code) => code is { Length: > 0 and <= BusinessTypeVersion.CodeMaxLength } && CodePattern().IsMatch(code);

    /// <summary>The current version of every type, by code.</summary>
    public async Task<Outcome<ResultPage<BusinessTypeVersion>>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var current = db.BusinessTypes.AsNoTracking()
            .Where(t => t.Version == db.BusinessTypes.Where(other => other.Code == t.Code).Max(other => other.Version));
        var total = await current.CountAsync(cancellationToken);
        var items = await current.OrderBy(t => t.Code).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return Outcome<ResultPage<BusinessTypeVersion>>.Ok(page.Of<BusinessTypeVersion>(items, total));
    }

    /// <summary>The type's current version, or <paramref name="version"/> when given.</summary>
    public async Task<Outcome<BusinessTypeVersion>> GetAsync(string code, int? version, CancellationToken cancellationToken)
    {
        var found = await FindAsync(db, code, version, cancellationToken);
        return found is null
            ? Outcome<BusinessTypeVersion>.NotFound("Business type not found",
                version is null ? $"No business type has code '{code}'." : $"Business type '{code}' has no version {version}.")
            : Outcome<BusinessTypeVersion>.Ok(found);
    }

    public static Task<BusinessTypeVersion?> FindAsync(BusinessDbContext db, string code, int? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var versions = db.BusinessTypes.AsNoTracking().Where(t => t.Code == code);
        if (version is { } wanted)
        {
            versions = versions.Where(t => t.Version == wanted);
        }
        return versions.OrderByDescending(t => t.Version).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Adds the next version of <paramref name="code"/> (version 1 for a new type): Created.</summary>
    public async Task<Outcome<BusinessTypeVersion>> PutAsync(string code, BusinessTypeInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        if (!IsCode(code))
        {
            errors.Add("code", $"code must be lower-case letters, digits and hyphens, at most {BusinessTypeVersion.CodeMaxLength} characters.");
        }
        var definition = Validate(input, errors);
        if (errors.Any || definition is null)
        {
            return Outcome<BusinessTypeVersion>.Invalid(errors.ToDictionary());
        }

        var latest = await db.BusinessTypes.Where(t => t.Code == code).MaxAsync(t => (int?)t.Version, cancellationToken) ?? 0;
        var created = new BusinessTypeVersion(code, latest + 1, definition, callers.Current.Id, time.GetStoredUtcNow());
        db.BusinessTypes.Add(created);
        audit.Record(VersionedAction, RecordType, code, after: new { created.Code, created.Version, created.Name });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Outcome<BusinessTypeVersion>.Conflict("Concurrent catalogue change",
                $"Business type '{code}' was changed at the same moment; read it again and repeat the change.");
        }
        LogVersioned(code, created.Version);
        return Outcome<BusinessTypeVersion>.Created(created);
    }

    /// <summary>Checks an administrator's definition; null (with field errors) when anything is wrong.</summary>
    public static BusinessTypeDefinition? Validate(BusinessTypeInput input, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(errors);
        var name = errors.RequiredText("name", input.Name, BusinessTypeVersion.NameMaxLength);
        var documents = new List<RequiredDocument>();
        if (input.RequiredDocuments is null)
        {
            errors.Add("requiredDocuments", "requiredDocuments is required (an empty list when the type needs no document).");
        }
        else if (input.RequiredDocuments is { Count: > BusinessTypeVersion.MaxDocuments })
        {
            errors.Add("requiredDocuments", $"requiredDocuments may list at most {BusinessTypeVersion.MaxDocuments} documents.");
        }
        else
        {
            foreach (var (document, index) in (input.RequiredDocuments ?? []).Select((d, i) => (d, i)))
            {
                var field = $"requiredDocuments[{index}]";
                if (document is null)
                {
                    errors.Add(field, $"{field} is required.");
                    continue;
                }
                if (!IsCode(document.Code))
                {
                    errors.Add(field + ".code", "code must be lower-case letters, digits and hyphens, at most 64 characters.");
                }
                else if (documents.Any(d => d.Code == document.Code))
                {
                    errors.Add(field + ".code", $"Document '{document.Code}' is listed twice.");
                }
                var documentName = errors.RequiredText(field + ".name", document.Name, BusinessTypeVersion.NameMaxLength);
                var kinds = new List<CustomerKind>();
                if (document.CustomerKinds is not { Count: > 0 and <= 3 })
                {
                    errors.Add(field + ".customerKinds", $"customerKinds must list 1 to 3 of: {string.Join(", ", WireNames<CustomerKind>.All)}.");
                }
                else
                {
                    foreach (var kind in document.CustomerKinds)
                    {
                        if (WireNames<CustomerKind>.TryParse(kind, out var parsed))
                        {
                            kinds.Add(parsed);
                        }
                        else
                        {
                            errors.Add(field + ".customerKinds", $"Unknown customer kind '{kind}'. Known: {string.Join(", ", WireNames<CustomerKind>.All)}.");
                        }
                    }
                }
                if (IsCode(document.Code) && documentName is not null)
                {
                    documents.Add(new RequiredDocument(document.Code!, documentName, [.. kinds.Distinct()]));
                }
            }
        }

        var fees = new List<FeeItem>();
        if (input.FeeItems is null)
        {
            errors.Add("feeItems", "feeItems is required (an empty list for a free business type).");
        }
        else if (input.FeeItems is { Count: > BusinessTypeVersion.MaxFees })
        {
            errors.Add("feeItems", $"feeItems may list at most {BusinessTypeVersion.MaxFees} fees.");
        }
        else
        {
            foreach (var (fee, index) in (input.FeeItems ?? []).Select((f, i) => (f, i)))
            {
                var field = $"feeItems[{index}]";
                if (fee is null)
                {
                    errors.Add(field, $"{field} is required.");
                    continue;
                }
                if (!IsCode(fee.Code))
                {
                    errors.Add(field + ".code", "code must be lower-case letters, digits and hyphens, at most 64 characters.");
                }
                else if (fees.Any(f => f.Code == fee.Code))
                {
                    errors.Add(field + ".code", $"Fee '{fee.Code}' is listed twice.");
                }
                var feeName = errors.RequiredText(field + ".name", fee.Name, BusinessTypeVersion.NameMaxLength);
                if (!WireNames<FeeKind>.TryParse(fee.Kind, out var kind))
                {
                    errors.Add(field + ".kind", $"kind must be one of: {string.Join(", ", WireNames<FeeKind>.All)}.");
                }
                if (fee.AmountFen is not (>= 0 and <= BusinessTypeVersion.MaxAmountFen))
                {
                    errors.Add(field + ".amountFen", $"amountFen is required, in fen, from 0 to {BusinessTypeVersion.MaxAmountFen}.");
                }
                if (fee.TaxRateBasisPoints is not (>= 0 and <= BusinessTypeVersion.MaxTaxRateBasisPoints))
                {
                    errors.Add(field + ".taxRateBasisPoints", $"taxRateBasisPoints is required, from 0 to {BusinessTypeVersion.MaxTaxRateBasisPoints} (600 = 6 %).");
                }
                if (IsCode(fee.Code) && feeName is not null && fee.AmountFen is { } amount && fee.TaxRateBasisPoints is { } rate)
                {
                    fees.Add(new FeeItem(fee.Code!, feeName, kind, amount, rate));
                }
            }
        }

        if (input.ExpectedHandlingMinutes is not (>= 1 and <= BusinessTypeVersion.MaxHandlingMinutes))
        {
            errors.Add("expectedHandlingMinutes", $"expectedHandlingMinutes is required, from 1 to {BusinessTypeVersion.MaxHandlingMinutes}.");
        }
        if (input.PartialPaymentAllowed is null)
        {
            errors.Add("partialPaymentAllowed", "partialPaymentAllowed is required.");
        }
        if (input.SelfServiceAllowed is null)
        {
            errors.Add("selfServiceAllowed", "selfServiceAllowed is required.");
        }
        return errors.Any
            ? null
            : new BusinessTypeDefinition(name!, documents, fees, input.PartialPaymentAllowed!.Value, input.SelfServiceAllowed!.Value,
                input.ExpectedHandlingMinutes!.Value);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Business type {Code} now at version {Version}")]
    private partial void LogVersioned(string code, int version);
}
