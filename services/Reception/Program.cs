using HallPlatform.Messaging;
using HallPlatform.Application;
using HallPlatform.Privacy;
using HallPlatform.Contracts.Business.V1;
using HallPlatform.Contracts.Complaint.V1;
using HallPlatform.Contracts.Fault.V1;
using HallPlatform.Reception.Api;
using HallPlatform.Reception.Application.Appointments;
using HallPlatform.Reception.Application.Board;
using HallPlatform.Reception.Application.Cases;
using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Counters;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Application.Queue;
using HallPlatform.Reception.Application.Training;
using HallPlatform.Reception.Clients;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Grpc;
using HallPlatform.Audit;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHttpApiDefaults();
// Only callers signed by the gateway or another service are served; personal data is erased from logs.
builder.AddHallIdentity();
builder.AddPersonalDataRedaction();
builder.AddNpgsqlDbContext<ReceptionDbContext>("receptiondb");
builder.AddAuditAndPrivacy<ReceptionDbContext>();
// The regular thread pool, not the client's dedicated scheduler threads: on a small machine the hand-offs between those
// threads cost more CPU than the queue scripts themselves (profiled: see docs/performance.md).
builder.AddRedisClient("redis", configureOptions: redis => redis.SocketManager = SocketManager.ThreadPool);
// The service's own contract plus gRPC health and reflection (HallPlatform.Application).
builder.Services.AddHallGrpc();
// Its integration events, served from its outbox to other services (HallPlatform.Messaging).
builder.AddIntegrationEvents();

builder.Services.Configure<ReceptionOptions>(builder.Configuration.GetSection(ReceptionOptions.Section));
builder.Services.AddSingleton<HallClock>();
builder.Services.AddSingleton<QueueStore>();
builder.Services.AddReceptionHotPaths();
builder.Services.AddScoped<HallAccess>();
builder.Services.AddScoped<ReceptionAudit>();
builder.Services.AddScoped<HallCatalogue>();
builder.Services.AddScoped<CheckInHandling>();
builder.Services.AddScoped<VisitQueries>();
builder.Services.AddScoped<VisitContacts>();
builder.Services.AddScoped<AgentTraining>();
builder.Services.AddScoped<CallNextHandling>();
builder.Services.AddScoped<CounterHandling>();
builder.Services.AddScoped<VisitActionHandling>();
builder.Services.AddScoped<WaitEstimator>();
builder.Services.AddScoped<HallQueries>();
builder.Services.AddScoped<HallOperations>();
builder.Services.AddScoped<AppointmentHandling>();
builder.Services.AddScoped<CatalogueHandling>();
builder.Services.AddSingleton<BoardAnnouncer>();
builder.Services.AddSingleton<BoardFeed>();
builder.Services.AddSingleton<ReceptionMetrics>();
builder.Services.AddHostedService<QueueLengthSampler>();
builder.Services.AddSingleton<QueueReconciler>();
builder.Services.AddHostedService(services => services.GetRequiredService<QueueReconciler>());
builder.Services.AddGrpcClient<OrderService.OrderServiceClient>(o =>
    o.Address = new Uri(builder.Configuration["Reception:BusinessGrpcAddress"] ?? "http://_grpc.business"));
builder.Services.AddGrpcClient<TroubleTicketService.TroubleTicketServiceClient>(o =>
    o.Address = new Uri(builder.Configuration["Reception:FaultGrpcAddress"] ?? "http://_grpc.fault"));
builder.Services.AddGrpcClient<ComplaintService.ComplaintServiceClient>(o =>
    o.Address = new Uri(builder.Configuration["Reception:ComplaintGrpcAddress"] ?? "http://_grpc.complaint"));
builder.Services.AddScoped<ICaseOpener, OwnerCaseOpener>();
// The case request outbox: sent right after each call, retried by the dispatcher until the owner opens the case.
builder.Services.AddSingleton<CaseRequestSender>();
builder.Services.AddHostedService<CaseRequestDispatcher>();
// Business's order events: a completed order completes its visit (Reception:Events:Producers; off in service tests).
builder.Services.AddIntegrationEventApplier<ReceptionDbContext, OrderCompletionApplier>();
// Quality's staff qualifications: "trained before serving" in call-next (docs/staff.md).
builder.Services.AddIntegrationEventApplier<ReceptionDbContext, StaffQualificationsApplier>();
builder.AddEventSubscriptions<ReceptionDbContext>("reception", "Reception");

var app = builder.Build();

app.UseHttpApiDefaults();
app.UseHallCaller();
app.MapDefaultEndpoints();
app.MapServiceTypesApi();
app.MapCountersApi();
app.MapVisitsApi();
app.MapHallsApi();
app.MapAppointmentsApi();
app.MapAuditApi("reception");
app.MapGrpcService<ReceptionGrpcService>();
app.MapGrpcService<CaseContactsGrpcService>();
app.MapIntegrationEvents<ReceptionDbContext>();
app.MapHallGrpcSupport();

// Connect to Redis before taking traffic: the client connects on first use, and a burst of first requests would
// otherwise block thread-pool threads while it does.
_ = app.Services.GetRequiredService<IConnectionMultiplexer>();
await app.MigrateDatabaseAsync<ReceptionDbContext>();
await app.RunAsync();

public partial class Program;
