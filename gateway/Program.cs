using HallPlatform.Privacy;
using HallPlatform.Gateway.Edge;
using HallPlatform.Gateway.OpenApi;
using HallPlatform.Gateway.Proxy;
using HallPlatform.Gateway.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHttpApiDefaults();
// The gateway signs the callers it authenticated (it verifies none itself); personal data is erased from logs.
builder.AddHallIdentity();
builder.AddPersonalDataRedaction();
builder.AddGatewaySecurity();
builder.AddEdgeProtection();
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver()
    .AddTransforms<UntrustedRequestHeadersTransformProvider>()
    // After the untrusted headers are gone: credentials out, the signed caller in.
    .AddTransforms<CallerForwardingTransformProvider>();
builder.AddAggregatedOpenApi();
// grpc.health.v1.Health on the partner port answers for the gateway itself (its /health checks), not for a service.
builder.Services.AddGrpc();
builder.Services.AddGrpcHealthChecks();

var app = builder.Build();

app.UseHttpApiDefaults();
// CORS, rate limits (by the authenticated caller), size limits, timeouts: before authorization.
app.UseEdgeProtection();
app.UseGatewaySecurity();
app.MapDefaultEndpoints();
app.MapGrpcHealthChecksService();
// The API description is open while developing (Scalar reads it); elsewhere it is for signed-in staff only.
var apiDescription = app.MapGroup("");
if (!app.Environment.IsDevelopment())
{
    apiDescription.RequireAuthorization(AccessPolicies.AnyStaff);
}
apiDescription.MapAggregatedOpenApi();
app.MapReverseProxy(proxy =>
{
    // Replays or refuses before anything is forwarded, and sees the final answer (including the problems below).
    proxy.UseIdempotencyKeys();
    // First after it so it also sees "no destination available", which the last step reports.
    proxy.UseMiddleware<ForwarderErrorProblemMiddleware>();
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});

await app.RunAsync();

public partial class Program;
