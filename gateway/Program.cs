using HallPlatform.Gateway.OpenApi;
using HallPlatform.Gateway.Proxy;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHttpApiDefaults();
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver()
    .AddTransforms<UntrustedRequestHeadersTransformProvider>();
builder.AddAggregatedOpenApi();

var app = builder.Build();

app.UseHttpApiDefaults();
app.MapDefaultEndpoints();
app.MapAggregatedOpenApi();
app.MapReverseProxy(proxy =>
{
    // First in the pipeline so it also sees "no destination available", which the last step reports.
    proxy.UseMiddleware<ForwarderErrorProblemMiddleware>();
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});

await app.RunAsync();

public partial class Program;
