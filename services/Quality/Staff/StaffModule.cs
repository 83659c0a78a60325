using HallPlatform.Messaging;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Staff.Api;
using HallPlatform.Quality.Staff.Application;

namespace HallPlatform.Quality.Staff;

/// <summary>
/// The staff module of Quality (docs/staff.md): staff register, conduct register and the automatic conduct review
/// from upheld complaints. One registration call and one mapping call in Program.cs; its tables come from
/// <see cref="Data.StaffModel.AddStaffModel"/>.
/// </summary>
public static class StaffModule
{
    public static IHostApplicationBuilder AddStaffModule(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<StaffDirectory>();
        builder.Services.AddScoped<ConductRegister>();
        builder.Services.AddScoped<StaffQualifications>();
        builder.Services.AddScoped<TrainingHandling>();
        builder.Services.AddScoped<SuggestionHandling>();
        builder.Services.AddIntegrationEventApplier<QualityDbContext, FeedbackApplier>();
        // Survey answers are Quality's own events: read from its own outbox in process (off with Quality:Events:Subscribe=false, as in tests).
        if (builder.Configuration.GetValue("Quality:Events:Subscribe", true))
        {
            builder.Services.AddEventSubscription<QualityDbContext>(new EventSubscriptionSettings("quality", OwnOutboxSource.Producer),
                services => new OwnOutboxSource(services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<TimeProvider>()));
        }
        builder.Services.AddIntegrationEventApplier<QualityDbContext, ConductReviewApplier>();
        return builder;
    }

    public static IEndpointRouteBuilder MapStaffModule(this IEndpointRouteBuilder routes)
    {
        routes.MapStaffApi();
        routes.MapConductCasesApi();
        routes.MapTrainingApi();
        routes.MapSuggestionsApi();
        return routes;
    }
}
