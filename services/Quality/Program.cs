using HallPlatform.Quality.Api;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHttpApiDefaults();
builder.AddNpgsqlDbContext<QualityDbContext>("qualitydb");
builder.Services.AddGrpc();
builder.Services.AddScoped<SurveyHandling>();

var app = builder.Build();

app.UseHttpApiDefaults();
app.MapDefaultEndpoints();
app.MapSurveyResponsesApi();
app.MapSatisfactionSummaryApi();
app.MapGrpcService<QualityGrpcService>();

await app.MigrateDatabaseAsync<QualityDbContext>();
await app.RunAsync();

public partial class Program;
