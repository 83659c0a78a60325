using HallPlatform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

public static class CommunicationRegistration
{
    /// <summary>
    /// Customer communications on <typeparamref name="TContext"/> (after AddNpgsqlDbContext and AddAuditAndPrivacy):
    /// the service's <paramref name="templates"/>, the scoped <see cref="CommunicationOutbox"/>, the default
    /// <see cref="LocalMailboxSender"/> (register another <see cref="ICommunicationSender"/> before or after to replace
    /// it), the options (<c>HallPlatform:Notifications</c>) and the background <see cref="CommunicationDispatcher{TContext}"/>.
    /// In the context: <c>modelBuilder.AddCommunicationMessages(this.GetPersonalDataProtector())</c>.
    /// </summary>
    public static IHostApplicationBuilder AddCommunications<TContext>(
        this IHostApplicationBuilder builder, IEnumerable<CommunicationTemplate> templates)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<CommunicationOptions>()
            .BindConfiguration(CommunicationOptions.SectionName)
            .Validate(o => o.MaxAttempts >= 1 && o.BatchSize >= 1 && o.PollInterval > TimeSpan.Zero
                    && o.InitialBackoff >= TimeSpan.Zero && o.MaxBackoff >= o.InitialBackoff && o.ClaimLease > TimeSpan.Zero,
                $"{CommunicationOptions.SectionName}: MaxAttempts and BatchSize at least 1, PollInterval and ClaimLease positive, MaxBackoff >= InitialBackoff.")
            .ValidateOnStart();
        services.AddSingleton(new CommunicationTemplates(templates));
        services.TryAddSingleton<CommunicationTelemetry>();
        services.TryAddSingleton<ICommunicationSender, LocalMailboxSender>();
        services.TryAddScoped(sp => new CommunicationOutbox(
            sp.GetRequiredService<TContext>(), sp.GetRequiredService<CommunicationTemplates>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<CommunicationDispatcher<TContext>>();
        services.AddHostedService(sp => sp.GetRequiredService<CommunicationDispatcher<TContext>>());
        return builder;
    }
}
