using HallPlatform.Messaging;
using HallPlatform.Application;
using HallPlatform.Privacy;
using HallPlatform.Business.Api;
using HallPlatform.Business.Application;
using HallPlatform.Business.Data;
using HallPlatform.Business.Grpc;
using HallPlatform.Audit;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHttpApiDefaults();
// Only callers signed by the gateway or another service are served; personal data is erased from logs.
builder.AddHallIdentity();
builder.AddPersonalDataRedaction();
builder.AddNpgsqlDbContext<BusinessDbContext>("businessdb");
// The audit trail (and the key ring its customer filter needs; the AppHost configures it for every service).
builder.AddAuditAndPrivacy<BusinessDbContext>();
// The service's own contract plus gRPC health and reflection (HallPlatform.Application).
builder.Services.AddHallGrpc();
// Its integration events, served from its outbox to other services (HallPlatform.Messaging).
builder.AddIntegrationEvents();
builder.Services.AddScoped<OrderHandling>();
builder.Services.AddScoped<OrderStepHandling>();
builder.Services.AddScoped<CatalogueHandling>();
builder.Services.AddSingleton<OrderInserts>();
builder.Services.AddHostedService(services => services.GetRequiredService<OrderInserts>());

var app = builder.Build();

app.UseHttpApiDefaults();
app.UseHallCaller();
app.MapDefaultEndpoints();
app.MapOrdersApi();
app.MapOrderStepsApi();
app.MapBusinessTypesApi();
app.MapReceiptsApi();
app.MapAuditApi("business");
app.MapGrpcService<OrderGrpcService>();
app.MapIntegrationEvents<BusinessDbContext>();
app.MapHallGrpcSupport();

await app.MigrateDatabaseAsync<BusinessDbContext>();
// The starting catalogue (idempotent: types that already have a version are left alone).
await CatalogueSeed.SeedAsync(app.Services, app.Services.GetRequiredService<TimeProvider>());
await app.RunAsync();

public partial class Program;
