using HallPlatform.Fault.Api;
using HallPlatform.Fault.Application;
using HallPlatform.Fault.Data;
using HallPlatform.Fault.Grpc;
using HallPlatform.Audit;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHttpApiDefaults();
builder.AddNpgsqlDbContext<FaultDbContext>("faultdb");
builder.AddAuditAndPrivacy<FaultDbContext>();
builder.Services.AddGrpc();
builder.Services.AddScoped<TroubleTicketApplicationService>();

var app = builder.Build();

app.UseHttpApiDefaults();
app.MapDefaultEndpoints();
app.MapTroubleTicketsApi();
app.MapAuditApi<FaultDbContext>("fault");
app.MapGrpcService<TroubleTicketGrpcService>();

await app.MigrateDatabaseAsync<FaultDbContext>();
await app.RunAsync();

public partial class Program;
