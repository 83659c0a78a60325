using HallPlatform.Identity;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the signed-caller plumbing every HallPlatform process shares.</summary>
public static class HallIdentityExtensions
{
    /// <summary>
    /// Binds <c>HallPlatform:Identity</c> and refuses to start without a signing key (fail closed: a service that
    /// cannot verify callers must not serve). Every gRPC client made with <c>AddGrpcClient</c> signs its calls.
    /// </summary>
    public static TBuilder AddHallIdentity<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<HallIdentityOptions>()
            .Bind(builder.Configuration.GetSection(HallIdentityOptions.SectionName))
            .PostConfigure(options =>
            {
                if (string.IsNullOrWhiteSpace(options.ServiceName))
                {
                    // Aspire names the process after its resource ("reception"); a bare run falls back to the assembly.
                    options.ServiceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
                }
            })
            .Validate(options => options.SigningKey.Length >= HallIdentityOptions.MinimumKeyLength,
                $"{HallIdentityOptions.SectionName}:SigningKey must be set to at least {HallIdentityOptions.MinimumKeyLength} characters " +
                "(the key shared by the gateway and the services to sign callers).")
            .Validate(options => options.ValidityWindow > TimeSpan.Zero, $"{HallIdentityOptions.SectionName}:ValidityWindow must be positive.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<HallCallerSigner>();
        builder.Services.TryAddTransient<HallCallerPropagationHandler>();
        builder.Services.ConfigureAll<GrpcClientFactoryOptions>(options => options.CallOptionsActions.Add(context =>
            context.CallOptions = HallCallerGrpcMetadata.WithCaller(
                context.CallOptions, context.ServiceProvider.GetRequiredService<HallCallerSigner>())));
        return builder;
    }

    /// <summary>Signs the caller on this HTTP client's requests (for plain HTTP calls to HallPlatform services only).</summary>
    public static IHttpClientBuilder AddHallCallerPropagation(this IHttpClientBuilder builder) =>
        builder.AddHttpMessageHandler<HallCallerPropagationHandler>();

    /// <summary>
    /// For the gateway only: it authenticates clients itself and is where callers get signed. A code-level switch on
    /// purpose, so no configuration value can turn verification off in a service.
    /// </summary>
    public static TBuilder AuthenticatesClientsItself<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton<ClientAuthenticatingProcess>();
        return builder;
    }

    /// <summary>
    /// Verifies the signed caller on every request (health probes excepted), except in the gateway
    /// (<see cref="AuthenticatesClientsItself{TBuilder}"/>). Reading the options here makes a missing key stop the start.
    /// </summary>
    public static IApplicationBuilder UseHallCaller(this IApplicationBuilder app)
    {
        _ = app.ApplicationServices.GetRequiredService<IOptions<HallIdentityOptions>>().Value;
        return app.ApplicationServices.GetService<ClientAuthenticatingProcess>() is null
            ? app.UseMiddleware<HallCallerMiddleware>()
            : app;
    }

    /// <summary>Marks the process that authenticates clients itself (the gateway).</summary>
    private sealed class ClientAuthenticatingProcess;
}
