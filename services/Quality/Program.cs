using HallPlatform.Quality.Api;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Grpc;
using HallPlatform.Audit;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHttpApiDefaults();
builder.AddNpgsqlDbContext<QualityDbContext>("qualitydb");
builder.AddAuditAndPrivacy<QualityDbContext>();
builder.Services.AddGrpc();
builder.Services.AddScoped<SurveyHandling>();

var app = builder.Build();

app.UseHttpApiDefaults();
app.MapDefaultEndpoints();
app.MapSurveyResponsesApi();
app.MapSatisfactionSummaryApi();
app.MapAuditApi<QualityDbContext>("quality");
app.MapGrpcService<QualityGrpcService>();

await app.MigrateDatabaseAsync<QualityDbContext>();
await app.RunAsync();

public partial class Program;
