using Aspire.Hosting.ApplicationModel;
using HallPlatform.AppHost;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

// Local Redis and PostgreSQL come from the OS packages and keep their data here (not committed). Tests point this
// at a temporary folder. Containers are opt-in: HallPlatform:UseContainers=true (needs a working container runtime).
var dataDirectory = Path.GetFullPath(builder.Configuration["HallPlatform:DataDirectory"]
    ?? Path.Combine(builder.AppHostDirectory, ".data"));
var scriptsDirectory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "scripts"));
var useContainers = builder.Configuration.GetValue("HallPlatform:UseContainers", false);

IResourceBuilder<IResourceWithConnectionString> redis;
IResourceBuilder<IResource> postgresServer;
Func<string, IResourceBuilder<IResourceWithConnectionString>> addDatabase;
if (useContainers)
{
    var containerPostgres = builder.AddPostgres("postgres").WithDataVolume();
    redis = builder.AddRedis("redis").WithDataVolume().WithPersistence(TimeSpan.FromSeconds(1));
    postgresServer = containerPostgres;
    addDatabase = name => containerPostgres.AddDatabase(name);
}
else
{
    var localPostgres = builder.AddLocalPostgres("postgres", scriptsDirectory, dataDirectory);
    redis = builder.AddLocalRedis("redis", scriptsDirectory, dataDirectory);
    postgresServer = localPostgres;
    addDatabase = name => localPostgres.AddDatabase(name);
}

var business = builder.AddProject<Projects.Business>("business")
    .WithReference(addDatabase("businessdb"))
    .WaitFor(postgresServer);

var reception = builder.AddProject<Projects.Reception>("reception")
    .WithReference(addDatabase("receptiondb"))
    .WithReference(redis)
    .WithReference(business)
    .WaitFor(postgresServer)
    .WaitFor(redis)
    .WaitFor(business);

var fault = builder.AddProject<Projects.Fault>("fault")
    .WithReference(addDatabase("faultdb"))
    .WaitFor(postgresServer);

var complaint = builder.AddProject<Projects.Complaint>("complaint")
    .WithReference(addDatabase("complaintdb"))
    .WaitFor(postgresServer);

var quality = builder.AddProject<Projects.Quality>("quality")
    .WithReference(addDatabase("qualitydb"))
    .WaitFor(postgresServer);

IResourceBuilder<ProjectResource>[] services = [reception, business, fault, complaint, quality];
foreach (var service in services)
{
    service.WithHttpHealthCheck("/health", endpointName: "http");
}

var gateway = builder.AddProject<Projects.Gateway>("gateway")
    .WithHttpHealthCheck("/health", endpointName: "http")
    .WithExternalHttpEndpoints();
foreach (var service in services)
{
    gateway.WithReference(service).WaitFor(service);
}

// The services have no launch profiles: they run in the AppHost's environment (Development locally, so the
// gateway serves Scalar), and production deployments set their own.
foreach (var project in services.Append(gateway))
{
    project.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName);
}

builder.Build().Run();
