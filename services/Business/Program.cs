using HallPlatform.Business.Api;
using HallPlatform.Business.Application;
using HallPlatform.Business.Data;
using HallPlatform.Business.Grpc;
using HallPlatform.Audit;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHttpApiDefaults();
builder.AddNpgsqlDbContext<BusinessDbContext>("businessdb");
// The audit trail (and the key ring its customer filter needs; the AppHost configures it for every service).
builder.AddAuditAndPrivacy<BusinessDbContext>();
builder.Services.AddGrpc();
builder.Services.AddScoped<OrderApplicationService>();
builder.Services.AddSingleton<OrderInserts>();
builder.Services.AddHostedService(services => services.GetRequiredService<OrderInserts>());

var app = builder.Build();

app.UseHttpApiDefaults();
app.MapDefaultEndpoints();
app.MapOrdersApi();
app.MapAuditApi<BusinessDbContext>("business");
app.MapGrpcService<OrderGrpcService>();

await app.MigrateDatabaseAsync<BusinessDbContext>();
await app.RunAsync();

public partial class Program;
