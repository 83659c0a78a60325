using System.Text;
using HallPlatform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HallPlatform.Gateway.Security;

/// <summary>Body of POST /dev/tokens.</summary>
public sealed record DevTokenRequest(string? Sub, IReadOnlyList<string>? Roles, IReadOnlyList<string>? Halls);

public sealed record DevTokenResponse(string AccessToken, string TokenType, int ExpiresIn);

/// <summary>
/// Development only: signs a staff JWT with the configured HS256 key, so a developer (or the end-to-end tests) can
/// call staff routes without an identity provider. Mapped only when the environment is Development and
/// <c>Gateway:Auth:DevTokens:Enabled</c> is true.
/// </summary>
public static class DevTokens
{
    public const string Path = "/dev/tokens";

    public static bool IsEnabled(WebApplication app) =>
        app.Environment.IsDevelopment()
        && app.Services.GetRequiredService<IOptions<GatewayAuthOptions>>().Value is { DevTokens.Enabled: true, Jwt.SigningKey.Length: > 0 };

    public static IEndpointRouteBuilder MapDevTokens(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, Issue).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static Results<Ok<DevTokenResponse>, ValidationProblem> Issue(
        DevTokenRequest request, IOptions<GatewayAuthOptions> options, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Sub))
        {
            errors["sub"] = ["sub (the staff member's id) is required."];
        }
        var roles = request.Roles ?? [];
        if (roles.Count == 0)
        {
            errors["roles"] = [$"At least one role is required: {string.Join(", ", HallRoles.All)}."];
        }
        else if (roles.FirstOrDefault(r => !HallRoles.All.Contains(r, StringComparer.Ordinal)) is { } unknown)
        {
            errors["roles"] = [$"Unknown role '{unknown}': use {string.Join(", ", HallRoles.All)}."];
        }
        var halls = request.Halls ?? [];
        if (halls.Count == 0 || halls.Any(string.IsNullOrWhiteSpace))
        {
            errors["halls"] = ["At least one hall id (or \"*\" for every hall) is required."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var settings = options.Value;
        var now = time.GetUtcNow();
        var lifetime = settings.DevTokens.Lifetime;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [GatewayClaims.Subject] = request.Sub!.Trim(),
            [GatewayClaims.Role] = roles.ToArray(),
            [GatewayClaims.Hall] = halls.ToArray(),
        };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Jwt.Issuer,
            Audience = settings.Jwt.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.Jwt.SigningKey!)), SecurityAlgorithms.HmacSha256),
        });
        return TypedResults.Ok(new DevTokenResponse(token, "Bearer", (int)lifetime.TotalSeconds));
    }
}
