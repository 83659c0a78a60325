using HallPlatform.Messaging;
using HallPlatform.Application;
using HallPlatform.Privacy;
using HallPlatform.Fault.Api;
using HallPlatform.Fault.Application;
using HallPlatform.Fault.Data;
using HallPlatform.Fault.Grpc;
using HallPlatform.Audit;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHttpApiDefaults();
// Only callers signed by the gateway or another service are served; personal data is erased from logs.
builder.AddHallIdentity();
builder.AddPersonalDataRedaction();
builder.AddNpgsqlDbContext<FaultDbContext>("faultdb");
builder.AddAuditAndPrivacy<FaultDbContext>();
// Progress messages to the customer; the default sender is the local mailbox (docs/notifications.md).
builder.AddCommunications<FaultDbContext>([.. TroubleTicketCommunications.Templates, .. AppointmentCommunications.Templates]);
// The service's own contract plus gRPC health and reflection (HallPlatform.Application).
builder.Services.AddHallGrpc();
// Its integration events, served from its outbox to other services (HallPlatform.Messaging).
builder.AddIntegrationEvents();
builder.Services.Configure<FaultOptions>(builder.Configuration.GetSection(FaultOptions.SectionName));
builder.Services.AddScoped<TroubleTicketHandling>();
// Technicians, slot search and on-site appointments (docs/fault.md, "Dispatch and appointments").
builder.Services.Configure<DispatchOptions>(builder.Configuration.GetSection(DispatchOptions.SectionName));
builder.Services.AddScoped<Dispatching>();
// Per-hall gauges and the sweep that closes unconfirmed resolved tickets (docs/fault.md).
builder.Services.AddSingleton<FaultMetrics>();
builder.Services.AddSingleton<TicketSweep>();
// Fault:SweepInBackground=false leaves the rounds to the caller (service tests drive a fake clock).
if (builder.Configuration.GetValue("Fault:SweepInBackground", true))
{
    builder.Services.AddHostedService(services => services.GetRequiredService<TicketSweep>());
}
// The partner hub: subscriptions, and signed deliveries from the outbox (docs/fault-partners.md).
builder.AddPartnerHub();
// The TMF621 v4 resource API over the same use cases.
builder.Services.AddScoped<Tmf621Tickets>();

var app = builder.Build();

app.UseHttpApiDefaults();
app.UseHallCaller();
app.MapDefaultEndpoints();
app.MapTroubleTicketsApi();
app.MapDispatchApi();
app.MapPartnerHubApi();
app.MapTmf621Api();
app.MapAuditApi("fault");
app.MapGrpcService<TroubleTicketGrpcService>();
app.MapGrpcService<TicketCaseContactsGrpcService>();
app.MapIntegrationEvents<FaultDbContext>();
app.MapHallGrpcSupport();

await app.MigrateDatabaseAsync<FaultDbContext>();
await app.SeedTechniciansAsync();
await app.RunAsync();

public partial class Program;
