using HallPlatform.Messaging;
using HallPlatform.Application;
using HallPlatform.Privacy;
using HallPlatform.Quality.Api;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Grpc;
using HallPlatform.Quality.Staff;
using HallPlatform.Audit;
using HallPlatform.Contracts.Contacts.V1;

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
// Survey invitations go out as SMS through the communication outbox (HallPlatform.Notifications).
builder.AddCommunications<QualityDbContext>(SurveyInvitationMessages.Templates);
builder.Services.AddScoped<SurveyInvitationHandling>();
// Staff register, conduct, training and suggestions (docs/staff.md).
builder.AddStaffModule();
// Follow-up cases from the other services' events: one subscription per producer in Quality:Events:Producers
// (name -> gRPC address through service discovery); Quality:Events:Subscribe=false turns them off (tests).
builder.Services.AddIntegrationEventApplier<QualityDbContext, FollowUpCaseApplier>();
// The statistics' read model from the same events, and the reports computed from it (docs/quality.md, "Statistics").
builder.Services.AddIntegrationEventApplier<QualityDbContext, CaseFactApplier>();
builder.Services.AddScoped<StatisticsReports>();
// Follow-ups: planned by the applier above, made workable by the dispatcher once due (contacts from the case owners).
builder.Services.AddOptions<FollowUpOptions>().Bind(builder.Configuration.GetSection(FollowUpOptions.SectionName));
builder.Services.AddGrpcClient<CaseContacts.CaseContactsClient>(GrpcCaseContactSource.ReceptionClient, o =>
    o.Address = new Uri(builder.Configuration["Quality:Contacts:Reception"] ?? "http://_grpc.reception"));
builder.Services.AddGrpcClient<CaseContacts.CaseContactsClient>(GrpcCaseContactSource.FaultClient, o =>
    o.Address = new Uri(builder.Configuration["Quality:Contacts:Fault"] ?? "http://_grpc.fault"));
builder.Services.AddGrpcClient<CaseContacts.CaseContactsClient>(GrpcCaseContactSource.ComplaintClient, o =>
    o.Address = new Uri(builder.Configuration["Quality:Contacts:Complaint"] ?? "http://_grpc.complaint"));
builder.Services.AddSingleton<ICaseContactSource, GrpcCaseContactSource>();
builder.Services.AddScoped<FollowUpContacts>();
builder.Services.AddScoped<CallbackHandling>();
// Evaluation meetings and improvement actions (docs/quality.md).
builder.Services.AddScoped<ImprovementActions>();
builder.Services.AddScoped<EvaluationMeetings>();
// Headline gauges per hall (CSAT, NPS, FCR, follow-up backlog, overdue actions), refreshed on an interval.
builder.Services.AddSingleton<QualityMetrics>();
if (builder.Configuration.GetValue("Quality:Metrics:Refresh", true))
{
    builder.Services.AddHostedService<QualityMetricsRefresher>();
}
if (builder.Configuration.GetValue("Quality:FollowUps:Dispatch", true))
{
    builder.Services.AddHostedService<FollowUpContactDispatcher>();
}
builder.AddEventSubscriptions<QualityDbContext>("quality", "Quality");

var app = builder.Build();

app.UseHttpApiDefaults();
app.UseHallCaller();
app.MapDefaultEndpoints();
app.MapSurveyResponsesApi();
app.MapSurveyInvitationsApi();
app.MapSatisfactionSummaryApi();
app.MapQualityStatisticsApi();
app.MapCallbacksApi();
app.MapImprovementActionsApi();
app.MapEvaluationMeetingsApi();
app.MapStaffModule();
app.MapAuditApi("quality");
app.MapGrpcService<QualityGrpcService>();
app.MapIntegrationEvents<QualityDbContext>();
app.MapHallGrpcSupport();

await app.MigrateDatabaseAsync<QualityDbContext>();
await app.RunAsync();

public partial class Program;
