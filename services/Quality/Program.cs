using HallPlatform.Messaging;
using HallPlatform.Application;
using HallPlatform.Privacy;
using HallPlatform.Quality.Api;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Grpc;
using HallPlatform.Quality.Staff;
using HallPlatform.Audit;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHttpApiDefaults();
// Only callers signed by the gateway or another service are served; personal data is erased from logs.
builder.AddHallIdentity();
builder.AddPersonalDataRedaction();
builder.AddNpgsqlDbContext<QualityDbContext>("qualitydb");
builder.AddAuditAndPrivacy<QualityDbContext>();
// The service's own contract plus gRPC health and reflection (HallPlatform.Application).
builder.Services.AddHallGrpc();
// Its integration events, served from its outbox to other services (HallPlatform.Messaging).
builder.AddIntegrationEvents();
builder.Services.AddScoped<SurveyHandling>();
// Staff register, conduct, training and suggestions (docs/staff.md).
builder.AddStaffModule();
// Follow-up cases from the other services' events: one subscription per producer in Quality:Events:Producers
// (name -> gRPC address through service discovery); Quality:Events:Subscribe=false turns them off (tests).
builder.Services.AddIntegrationEventApplier<QualityDbContext, FollowUpCaseApplier>();
if (builder.Configuration.GetValue("Quality:Events:Subscribe", true))
{
    foreach (var producer in builder.Configuration.GetSection("Quality:Events:Producers").GetChildren())
    {
        builder.Services.AddEventSubscription<QualityDbContext>(
            new EventSubscriptionSettings("quality", producer.Key), new Uri(producer.Value ?? $"http://_grpc.{producer.Key}"));
    }
}

var app = builder.Build();

app.UseHttpApiDefaults();
app.UseHallCaller();
app.MapDefaultEndpoints();
app.MapSurveyResponsesApi();
app.MapSatisfactionSummaryApi();
app.MapStaffModule();
app.MapAuditApi<QualityDbContext>("quality");
app.MapGrpcService<QualityGrpcService>();
app.MapIntegrationEvents<QualityDbContext>();
app.MapHallGrpcSupport();

await app.MigrateDatabaseAsync<QualityDbContext>();
await app.RunAsync();

public partial class Program;
