using HallPlatform.Data;
using HallPlatform.Audit;
using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class AuditAndPrivacyRegistration
{
    /// <summary>
    /// The one registration a service with customer data makes, after its AddNpgsqlDbContext: the key ring
    /// (<c>HallPlatform:DataProtection</c>; the service refuses to start without it), the blind index, the
    /// <see cref="AuditTrail"/> on <typeparamref name="TContext"/>, the daily retention purge
    /// (<c>HallPlatform:Audit:RetentionDays</c>, at least 183) and the start-up re-encryption of values not under the
    /// active key. In the context: <c>modelBuilder.AddAuditTrail()</c> and <c>.IsEncryptedPersonalData(this.GetPersonalDataProtector())</c>.
    /// </summary>
    public static TBuilder AddAuditAndPrivacy<TBuilder, TContext>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<PersonalDataProtectionOptions>().BindConfiguration(PersonalDataProtectionOptions.SectionName);
        // Built on first use and at the latest when the model is built (before migrations run): a missing or bad key
        // stops the start with a message naming the setting.
        services.TryAddSingleton(sp => new PersonalDataProtector(sp.GetRequiredService<IOptions<PersonalDataProtectionOptions>>().Value));
        services.TryAddSingleton(sp => new BlindIndex(sp.GetRequiredService<IOptions<PersonalDataProtectionOptions>>().Value));

        services.AddOptions<AuditOptions>()
            .BindConfiguration(AuditOptions.SectionName)
            .Validate(options => options.RetentionDays >= AuditTrailSql.MinimumRetentionDays,
                $"{AuditOptions.SectionName}:RetentionDays must be at least {AuditTrailSql.MinimumRetentionDays} (6 months).")
            .ValidateOnStart();

        services.TryAddScoped(sp => new AuditTrail(
            sp.GetRequiredService<TContext>(),
            sp.GetRequiredService<HallPlatform.Identity.IHallCallerAccessor>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddScoped<PersonalDataReEncryption<TContext>>();
        services.AddHostedService<PersonalDataReEncryptionAtStart<TContext>>();
        services.AddHostedService<AuditRetentionService<TContext>>();

        services.ConfigureDbContext<TContext>(options =>
            options.ReplaceService<IModelCacheKeyFactory, PersonalDataModelCacheKeyFactory>());
        return builder;
    }

    /// <inheritdoc cref="AddAuditAndPrivacy{TBuilder, TContext}(TBuilder)"/>
    public static IHostApplicationBuilder AddAuditAndPrivacy<TContext>(this IHostApplicationBuilder builder)
        where TContext : DbContext =>
        builder.AddAuditAndPrivacy<IHostApplicationBuilder, TContext>();
}
