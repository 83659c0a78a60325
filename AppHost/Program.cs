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

var fault = builder.AddProject<Projects.Fault>("fault")
    .WithReference(addDatabase("faultdb"))
    .WaitFor(postgresServer);

var complaint = builder.AddProject<Projects.Complaint>("complaint")
    .WithReference(addDatabase("complaintdb"))
    .WaitFor(postgresServer);

var reception = builder.AddProject<Projects.Reception>("reception")
    .WithReference(addDatabase("receptiondb"))
    .WithReference(redis)
    .WithReference(business)
    // Called visits' cases go to the owner of their service type; the case request outbox retries an owner that
    // is not up yet, so Reception does not wait for Fault or Complaint.
    .WithReference(fault)
    .WithReference(complaint)
    .WaitFor(postgresServer)
    .WaitFor(redis)
    .WaitFor(business);

// Quality follows the other services' integration events (follow-up cases): it needs their addresses, not their
// readiness (a subscription reconnects until the producer answers).
var quality = builder.AddProject<Projects.Quality>("quality")
    .WithReference(addDatabase("qualitydb"))
    .WithReference(reception)
    .WithReference(business)
    .WithReference(fault)
    .WithReference(complaint)
    .WaitFor(postgresServer);

// Reception follows Quality's staff qualifications ("trained before serving" in call-next). The two reference each
// other's endpoints only: no WaitFor either way (that would be a cycle); the subscription reconnects until Quality answers.
reception.WithReference(quality);

IResourceBuilder<ProjectResource>[] services = [reception, business, fault, complaint, quality];
foreach (var service in services)
{
    service.WithHttpHealthCheck("/health", endpointName: "http");
}

var gateway = builder.AddProject<Projects.Gateway>("gateway")
    // Idempotency keys (Redis is required: a POST with an Idempotency-Key is refused without it).
    .WithReference(redis)
    .WaitFor(redis)
    .WithHttpHealthCheck("/health", endpointName: "http")
    .WithExternalHttpEndpoints();
foreach (var service in services)
{
    gateway.WithReference(service).WaitFor(service);
}
// Survey invitation links point at the gateway's anonymous survey route (docs/quality.md).
quality.WithEnvironment("Quality__FollowUps__InvitationLinkBase",
    ReferenceExpression.Create($"{gateway.GetEndpoint("http")}/api/v1/survey-invitations/"));

// The services have no launch profiles: they run in the AppHost's environment (Development locally, so the
// gateway serves Scalar), and production deployments set their own.
foreach (var project in services.Append(gateway))
{
    project.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName);
}

// Signing keys, generated on first run and kept in the AppHost's user secrets like the server passwords: one that
// the gateway and the services share to sign and verify the caller they pass along, one for the gateway's HS256
// staff tokens (development; production sets Gateway__Auth__Jwt__Authority to a real OpenID Connect issuer).
var identitySigningKey = builder.AddParameter("identity-signing-key",
    new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);
var jwtSigningKey = builder.AddParameter("jwt-signing-key",
    new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);
foreach (var project in services.Append(gateway))
{
    project.WithEnvironment("HallPlatform__Identity__SigningKey", identitySigningKey);
}
gateway.WithEnvironment("Gateway__Auth__Jwt__SigningKey", jwtSigningKey);

// Personal data at rest: one generated secret (user secrets, like the passwords) from which every service derives
// its AES-256 key ("local", active) and its separate blind-index key, each base64 of 32 bytes as the services require.
// Production sets HallPlatform__DataProtection__Keys__{id}, __ActiveKeyId and __LookupKey from its vault instead.
var dataProtectionSecret = builder.AddParameter("data-protection-secret",
    new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);
foreach (var service in services)
{
    service.WithEnvironment(async context =>
    {
        var secret = await dataProtectionSecret.Resource.GetValueAsync(context.CancellationToken) ?? "";
        static string Derive(string secret, string purpose) => Convert.ToBase64String(
            System.Security.Cryptography.HMACSHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes("hallplatform-data-protection:" + purpose)));
        context.EnvironmentVariables["HallPlatform__DataProtection__Keys__local"] = Derive(secret, "encryption");
        context.EnvironmentVariables["HallPlatform__DataProtection__ActiveKeyId"] = "local";
        context.EnvironmentVariables["HallPlatform__DataProtection__LookupKey"] = Derive(secret, "lookup");
    });
}

builder.Build().Run();
