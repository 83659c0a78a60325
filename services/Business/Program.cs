using HallPlatform.Business.Api;
using HallPlatform.Business.Application;
using HallPlatform.Business.Data;
using HallPlatform.Business.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHttpApiDefaults();
builder.AddNpgsqlDbContext<BusinessDbContext>("businessdb");
builder.Services.AddGrpc();
builder.Services.AddScoped<OrderApplicationService>();
builder.Services.AddSingleton<OrderInserts>();
builder.Services.AddHostedService(services => services.GetRequiredService<OrderInserts>());

var app = builder.Build();

app.UseHttpApiDefaults();
app.MapDefaultEndpoints();
app.MapOrdersApi();
app.MapGrpcService<OrderGrpcService>();

await app.MigrateDatabaseAsync<BusinessDbContext>();
await app.RunAsync();

public partial class Program;
