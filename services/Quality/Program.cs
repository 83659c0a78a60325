using HallPlatform.Application;
using HallPlatform.Privacy;
using HallPlatform.Quality.Api;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Grpc;
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
builder.Services.AddScoped<SurveyHandling>();

var app = builder.Build();

app.UseHttpApiDefaults();
app.UseHallCaller();
app.MapDefaultEndpoints();
app.MapSurveyResponsesApi();
app.MapSatisfactionSummaryApi();
app.MapAuditApi<QualityDbContext>("quality");
app.MapGrpcService<QualityGrpcService>();
app.MapHallGrpcSupport();

await app.MigrateDatabaseAsync<QualityDbContext>();
await app.RunAsync();

public partial class Program;
