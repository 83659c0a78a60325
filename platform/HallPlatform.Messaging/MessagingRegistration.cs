using HallPlatform.Contracts.Events.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Messaging;

public static class MessagingRegistration
{
    /// <summary>Serves this service's outbox as <c>IntegrationEvents.Subscribe</c> (options from <c>HallPlatform:Events</c>).</summary>
    public static IHostApplicationBuilder AddIntegrationEvents(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IntegrationEventsOptions>()
            .Bind(builder.Configuration.GetSection(IntegrationEventsOptions.SectionName))
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.BatchSize > 0, "HallPlatform:Events: PollInterval and BatchSize must be positive.")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>Maps <c>IntegrationEvents.Subscribe</c> over <typeparamref name="TContext"/>'s outbox (no gateway route reaches it).</summary>
    public static GrpcServiceEndpointConventionBuilder MapIntegrationEvents<TContext>(this IEndpointRouteBuilder endpoints)
        where TContext : DbContext =>
        endpoints.MapGrpcService<IntegrationEventsService<TContext>>();

    /// <summary>Registers a handler a consumer's subscriptions run for the event types it names.</summary>
    public static IServiceCollection AddIntegrationEventApplier<TContext, THandler>(this IServiceCollection services)
        where TContext : DbContext
        where THandler : class, IIntegrationEventApplier<TContext>
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IIntegrationEventApplier<TContext>, THandler>());
        return services;
    }

    /// <summary>
    /// Subscribes <paramref name="settings"/>' consumer to its producer's events at <paramref name="address"/>
    /// (e.g. <c>http://_grpc.business</c> through service discovery); calls are signed as this service.
    /// </summary>
    public static IServiceCollection AddEventSubscription<TContext>(this IServiceCollection services, EventSubscriptionSettings settings, Uri address)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(settings);
        var clientName = $"events-{settings.Producer}";
        services.AddGrpcClient<IntegrationEvents.IntegrationEventsClient>(clientName, o => o.Address = address);
        return services.AddEventSubscription<TContext>(settings, provider => new GrpcIntegrationEventSource(
            provider.GetRequiredService<Grpc.Net.ClientFactory.GrpcClientFactory>()
                .CreateClient<IntegrationEvents.IntegrationEventsClient>(clientName)));
    }

    /// <summary>
    /// Subscribes <paramref name="consumer"/> to every producer listed under <c>{section}:Events:Producers</c> (producer
    /// name -> gRPC address; an empty address means <c>http://_grpc.{producer}</c> through service discovery), unless
    /// <c>{section}:Events:Subscribe</c> is false (service tests that feed events themselves).
    /// </summary>
    public static IHostApplicationBuilder AddEventSubscriptions<TContext>(this IHostApplicationBuilder builder, string consumer, string section)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var events = builder.Configuration.GetSection(section).GetSection("Events");
        if (!events.GetValue("Subscribe", true))
        {
            return builder;
        }
        foreach (var producer in events.GetSection("Producers").GetChildren())
        {
            var address = string.IsNullOrWhiteSpace(producer.Value) ? $"http://_grpc.{producer.Key}" : producer.Value;
            builder.Services.AddEventSubscription<TContext>(new EventSubscriptionSettings(consumer, producer.Key), new Uri(address));
        }
        return builder;
    }

    /// <summary>Subscribes with an event source of the caller's choosing (tests).</summary>
    public static IServiceCollection AddEventSubscription<TContext>(
        this IServiceCollection services, EventSubscriptionSettings settings, Func<IServiceProvider, IIntegrationEventSource> source)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(source);
        services.AddMetrics();
        services.TryAddSingleton<EventsTelemetry>();
        services.TryAddSingleton(TimeProvider.System);
        // A singleton per subscription (not AddHostedService, which keeps one instance per type).
        services.AddSingleton<IHostedService>(provider => new EventSubscription<TContext>(
            settings, source(provider), provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetRequiredService<EventsTelemetry>(), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<EventSubscription<TContext>>>()));
        return services;
    }
}
