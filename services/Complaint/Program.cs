using HallPlatform.Messaging;
using HallPlatform.Application;
using HallPlatform.Privacy;
using HallPlatform.Complaint.Api;
using HallPlatform.Complaint.Application;
using HallPlatform.Complaint.Data;
using HallPlatform.Complaint.Grpc;
using HallPlatform.Audit;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHttpApiDefaults();
// Only callers signed by the gateway or another service are served; personal data is erased from logs.
builder.AddHallIdentity();
builder.AddPersonalDataRedaction();
builder.AddNpgsqlDbContext<ComplaintDbContext>("complaintdb");
builder.AddAuditAndPrivacy<ComplaintDbContext>();
// Acknowledgement and result messages to the complainant; the default sender is the local mailbox (docs/notifications.md).
builder.AddCommunications<ComplaintDbContext>(ComplaintCommunications.Templates);
// The service's own contract plus gRPC health and reflection (HallPlatform.Application).
builder.Services.AddHallGrpc();
// Its integration events, served from its outbox to other services (HallPlatform.Messaging).
builder.AddIntegrationEvents();
builder.Services.AddScoped<ComplaintHandling>();
builder.Services.AddOptions<ComplaintOptions>().BindConfiguration(ComplaintOptions.Section);
builder.Services.AddScoped<ComplaintReferenceData>();
builder.Services.AddScoped<ComplaintSummaryBuilder>();
// The clocks: warnings, escalation on breach, closing unconfirmed responses; and the per-hall gauges they refresh.
builder.Services.AddSingleton<ComplaintMetrics>();
builder.Services.AddScoped<ComplaintClockSweep>();
builder.Services.AddHostedService<ComplaintClockSweeper>();

var app = builder.Build();

app.UseHttpApiDefaults();
app.UseHallCaller();
app.MapDefaultEndpoints();
app.MapComplaintsApi();
app.MapComplaintReferenceApi();
app.MapComplaintSummaryApi();
app.MapAuditApi("complaint");
app.MapGrpcService<ComplaintGrpcService>();
app.MapGrpcService<ComplaintContactsGrpcService>();
app.MapIntegrationEvents<ComplaintDbContext>();
app.MapHallGrpcSupport();

await app.MigrateDatabaseAsync<ComplaintDbContext>();
await app.RunAsync();

public partial class Program;
