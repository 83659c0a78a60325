using System.Security.Claims;
using System.Text;
using HallPlatform.Gateway.OpenApi;
using HallPlatform.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace HallPlatform.Gateway.Security;

/// <summary>
/// Authentication (staff JWT bearer or partner API key, picked by header), the access policies every route names,
/// and the verified caller the gateway signs for the services.
/// </summary>
public static class GatewaySecurityExtensions
{
    /// <summary>Picks the scheme by the credential the request carries.</summary>
    public const string SchemeSelector = "HallCredential";

    public static WebApplicationBuilder AddGatewaySecurity(this WebApplicationBuilder builder)
    {
        builder.AuthenticatesClientsItself();
        var section = builder.Configuration.GetSection(GatewayAuthOptions.SectionName);
        builder.Services.AddOptions<GatewayAuthOptions>()
            .Bind(section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayAuthOptions>, GatewayAuthOptionsValidator>();

        var jwt = section.GetSection("Jwt").Get<JwtSettings>() ?? new JwtSettings();
        builder.Services.AddAuthentication(SchemeSelector)
            .AddPolicyScheme(SchemeSelector, "Bearer token or API key", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(PartnerKeyAuthenticationHandler.HeaderName)
                    ? PartnerKeyAuthenticationHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<PartnerKeyAuthenticationOptions, PartnerKeyAuthenticationHandler>(PartnerKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer(options => ConfigureJwt(options, jwt, builder.Environment));

        builder.Services.AddSingleton<IAuthorizationHandler, AccessRequirementHandler>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AuthorizationProblems>();
        builder.Services.AddAuthorization(options => options.AddAccessPolicies());

        // The gateway fetches the services' OpenAPI documents: services answer signed callers only.
        builder.Services.AddHttpClient(AggregatedOpenApiDocument.HttpClientName).AddHallCallerPropagation();
        return builder;
    }

    /// <summary>Authentication, the caller feature and authorization, in that order, before any endpoint runs.</summary>
    public static WebApplication UseGatewaySecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<GatewayCallerMiddleware>();
        app.UseAuthorization();
        if (DevTokens.IsEnabled(app))
        {
            app.MapDevTokens();
        }
        return app;
    }

    private static void ConfigureJwt(JwtBearerOptions options, JwtSettings jwt, IHostEnvironment environment)
    {
        // Keep "sub", "role" and "hall" as the token names them.
        options.MapInboundClaims = false;
        if (!string.IsNullOrWhiteSpace(jwt.Authority))
        {
            options.Authority = jwt.Authority;
            options.RequireHttpsMetadata = !environment.IsDevelopment();
        }
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = jwt.Issuer,
            ValidateAudience = true,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = GatewayClaims.Name,
            RoleClaimType = GatewayClaims.Role,
        };
        if (!string.IsNullOrEmpty(jwt.SigningKey))
        {
            options.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey));
            if (string.IsNullOrWhiteSpace(jwt.Authority))
            {
                options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            }
        }
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var subject = context.Principal?.FindFirstValue(GatewayClaims.Subject);
                if (string.IsNullOrWhiteSpace(subject))
                {
                    context.Fail("The token has no subject.");
                    return Task.CompletedTask;
                }
                // Only what the access rules read is kept: a token cannot smuggle partner scopes or a kind.
                var identity = new ClaimsIdentity(JwtBearerDefaults.AuthenticationScheme, GatewayClaims.Name, GatewayClaims.Role);
                identity.AddClaim(new Claim(GatewayClaims.Kind, GatewayClaims.StaffKind));
                identity.AddClaim(new Claim(GatewayClaims.Id, subject));
                identity.AddClaim(new Claim(GatewayClaims.Name, "staff:" + subject));
                identity.AddClaims(context.Principal!.FindAll(GatewayClaims.Role).Select(c => new Claim(GatewayClaims.Role, c.Value)));
                identity.AddClaims(context.Principal!.FindAll(GatewayClaims.Hall).Select(c => new Claim(GatewayClaims.Hall, c.Value)));
                context.Principal = new ClaimsPrincipal(identity);
                return Task.CompletedTask;
            },
            // Headers only; AuthorizationProblems writes the problem body.
            OnChallenge = context =>
            {
                context.HandleResponse();
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.Append(HeaderNames.WWWAuthenticate, context.AuthenticateFailure is null
                    ? "Bearer"
                    : "Bearer error=\"invalid_token\"");
                return Task.CompletedTask;
            },
        };
    }
}

/// <summary>Refuses to start with an unusable configuration (fail closed) and says what is wrong.</summary>
public sealed class GatewayAuthOptionsValidator : IValidateOptions<GatewayAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayAuthOptions options)
    {
        var failures = new List<string>();
        var jwt = options.Jwt;
        if (string.IsNullOrWhiteSpace(jwt.Issuer) || string.IsNullOrWhiteSpace(jwt.Audience))
        {
            failures.Add("Gateway:Auth:Jwt:Issuer and Gateway:Auth:Jwt:Audience are required.");
        }
        var hasKey = !string.IsNullOrEmpty(jwt.SigningKey);
        if (hasKey && Encoding.UTF8.GetByteCount(jwt.SigningKey!) < JwtSettings.MinimumSigningKeyBytes)
        {
            failures.Add($"Gateway:Auth:Jwt:SigningKey must be at least {JwtSettings.MinimumSigningKeyBytes} bytes.");
        }
        if (!hasKey && string.IsNullOrWhiteSpace(jwt.Authority))
        {
            failures.Add("Set Gateway:Auth:Jwt:Authority (an OpenID Connect issuer) or Gateway:Auth:Jwt:SigningKey (HS256, development).");
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in options.PartnerKeys)
        {
            if (string.IsNullOrWhiteSpace(key.Id) || !ids.Add(key.Id))
            {
                failures.Add($"Every partner key needs a unique Id ('{key.Id}').");
            }
            if (string.IsNullOrWhiteSpace(key.Channel))
            {
                failures.Add($"Partner key '{key.Id}' needs a Channel.");
            }
            if (key.KeyHash.Length != 64 || !key.KeyHash.All(Uri.IsHexDigit))
            {
                failures.Add($"Partner key '{key.Id}': KeyHash must be the 64-character hex SHA-256 of the key.");
            }
            if (key.Scopes.FirstOrDefault(s => !PartnerScopes.All.Contains(s, StringComparer.Ordinal)) is { } unknown)
            {
                failures.Add($"Partner key '{key.Id}': unknown scope '{unknown}' (use {string.Join(", ", PartnerScopes.All)}).");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
