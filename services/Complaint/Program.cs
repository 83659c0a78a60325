using HallPlatform.Complaint.Api;
using HallPlatform.Complaint.Application;
using HallPlatform.Complaint.Data;
using HallPlatform.Complaint.Grpc;
using HallPlatform.Audit;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHttpApiDefaults();
builder.AddNpgsqlDbContext<ComplaintDbContext>("complaintdb");
builder.AddAuditAndPrivacy<ComplaintDbContext>();
builder.Services.AddGrpc();
builder.Services.AddScoped<ComplaintHandling>();

var app = builder.Build();

app.UseHttpApiDefaults();
app.MapDefaultEndpoints();
app.MapComplaintsApi();
app.MapAuditApi<ComplaintDbContext>("complaint");
app.MapGrpcService<ComplaintGrpcService>();

await app.MigrateDatabaseAsync<ComplaintDbContext>();
await app.RunAsync();

public partial class Program;
