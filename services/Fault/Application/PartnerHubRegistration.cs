using Microsoft.Extensions.Options;

namespace HallPlatform.Fault.Application;

public static class PartnerHubRegistration
{
    /// <summary>The hub's options (<c>Fault:PartnerHub</c>), use cases, delivery HttpClient and background dispatcher.</summary>
    public static IHostApplicationBuilder AddPartnerHub(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<PartnerHubOptions>()
            .BindConfiguration(PartnerHubOptions.SectionName)
            .Validate(o => o.MaxAttempts >= 1 && o.BatchSize >= 1 && o.PollInterval > TimeSpan.Zero && o.ClaimLease > TimeSpan.Zero
                    && o.InitialBackoff >= TimeSpan.Zero && o.MaxBackoff >= o.InitialBackoff
                    && o.RequestTimeout > TimeSpan.Zero && o.ClaimLease > o.RequestTimeout && o.MaxSubscriptionsPerPartner >= 1,
                $"{PartnerHubOptions.SectionName}: MaxAttempts, BatchSize and MaxSubscriptionsPerPartner at least 1, PollInterval, "
                + "RequestTimeout and ClaimLease positive with ClaimLease > RequestTimeout, MaxBackoff >= InitialBackoff.")
            .ValidateOnStart();
        services.AddScoped<PartnerHubHandling>();
        services.AddSingleton<PartnerHubTelemetry>();
        // No resilience handler from the defaults: one attempt is one POST (the outbox is the retry, with its own backoff),
        // and the request timeout is the dispatcher's own.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental.
        services.AddHttpClient(PartnerHubDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers()
            .ConfigurePrimaryHttpMessageHandler(sp => PartnerHubDispatcher.CreateHandler(sp.GetRequiredService<IOptions<PartnerHubOptions>>().Value));
#pragma warning restore EXTEXP0001
        services.AddSingleton<PartnerHubDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<PartnerHubDispatcher>());
        return builder;
    }
}
