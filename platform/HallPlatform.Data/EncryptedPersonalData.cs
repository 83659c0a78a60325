using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;

namespace HallPlatform.Data;

/// <summary>Stores a string property encrypted (<see cref="PersonalDataProtector"/>) and reads it back in clear.</summary>
public sealed class EncryptedStringConverter(PersonalDataProtector protector)
    : ValueConverter<string, string>(plaintext => protector.Protect(plaintext), stored => protector.Unprotect(stored));

/// <summary>EF Core wiring of encrypted personal data columns.</summary>
public static class EncryptedPersonalData
{
    /// <summary>Marks a property encrypted; the value is the name of its blind index property, or "" for none.</summary>
    public const string Annotation = "HallPlatform:EncryptedPersonalData";

    /// <summary>
    /// Encrypts this column at rest. Ciphertext is longer than the plaintext and varies, so the column is unbounded
    /// text (check lengths before saving) and can never be searched by value: give it a
    /// <paramref name="blindIndexProperty"/> (a string property holding <see cref="BlindIndex.Of"/> of the value) when it
    /// must be found by exact value; the start-up re-encryption fills that column for rows written before.
    /// Works for nullable columns too (EF never passes null to the converter).
    /// </summary>
    public static PropertyBuilder IsEncryptedPersonalData(
        this PropertyBuilder property, PersonalDataProtector protector, string? blindIndexProperty = null)
    {
        ArgumentNullException.ThrowIfNull(property);
        return property
            .HasConversion(new EncryptedStringConverter(protector))
            .HasColumnType("text")
            .HasAnnotation(Annotation, blindIndexProperty ?? "");
    }

    /// <summary>
    /// The protector registered in the application (<c>AddAuditAndPrivacy</c>), for use in <c>OnModelCreating</c>.
    /// Without one the model cannot be built, so the service cannot start or touch its data (fail closed). Only the
    /// design-time tools (dotnet ef), which never read or write rows, get a throw-away key.
    /// </summary>
    public static PersonalDataProtector GetPersonalDataProtector(this DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var protector = RegisteredProtector(context);
        if (protector is not null)
        {
            return protector;
        }
        if (EF.IsDesignTime)
        {
            return DesignTimeProtector.Value;
        }
        throw new InvalidOperationException(
            $"{context.GetType().Name} has encrypted personal data but no PersonalDataProtector is registered: call builder.AddAuditAndPrivacy<{context.GetType().Name}>().");
    }

    internal static PersonalDataProtector? RegisteredProtector(DbContext context) =>
        context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider
            ?.GetService<PersonalDataProtector>();

    private static readonly Lazy<PersonalDataProtector> DesignTimeProtector = new(() => new PersonalDataProtector(new PersonalDataProtectionOptions
    {
        Keys = { ["design-time"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(PersonalDataProtector.KeySizeBytes)) },
        ActiveKeyId = "design-time",
    }));

    /// <summary>Every encrypted property of the model, with its table, key column and blind index column.</summary>
    public static IReadOnlyList<EncryptedColumn> EncryptedColumns(this IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var columns = new List<EncryptedColumn>();
        foreach (var entityType in model.GetEntityTypes())
        {
            var table = entityType.GetTableName();
            if (table is null)
            {
                continue;
            }
            var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
            foreach (var property in entityType.GetProperties())
            {
                if (property.FindAnnotation(Annotation)?.Value is not string blindIndex)
                {
                    continue;
                }
                var key = entityType.FindPrimaryKey();
                if (key is null || key.Properties.Count != 1)
                {
                    throw new InvalidOperationException($"Encrypted column {table}.{property.Name} needs a single-column primary key.");
                }
                columns.Add(new EncryptedColumn(
                    entityType.GetSchema(),
                    table,
                    key.Properties[0].GetColumnName(store)!,
                    property.GetColumnName(store)!,
                    blindIndex.Length == 0 ? null : entityType.FindProperty(blindIndex)?.GetColumnName(store)
                        ?? throw new InvalidOperationException($"Blind index property {blindIndex} of {table} not found.")));
            }
        }
        return columns;
    }
}

/// <summary>Where one encrypted column lives, in database names.</summary>
public sealed record EncryptedColumn(string? Schema, string Table, string KeyColumn, string Column, string? BlindIndexColumn);

/// <summary>
/// Makes the EF model cache key include the protector's key ring, because the model holds the protector in its value
/// converters: two hosts in one process (tests) with different key rings must not share a model, and hosts with the
/// same key ring do share one (building a model, and compiling its queries again, is most of a host's start).
/// </summary>
public sealed class PersonalDataModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), EncryptedPersonalData.RegisteredProtector(context)?.KeyRingId, designTime);
}
