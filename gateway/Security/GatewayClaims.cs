using System.Security.Claims;
using HallPlatform.Identity;

namespace HallPlatform.Gateway.Security;

/// <summary>The claims of an authenticated gateway principal, whichever scheme produced it.</summary>
public static class GatewayClaims
{
    /// <summary>"staff:{sub}" or "partner:{id}": what rate limits and idempotency keys are partitioned by.</summary>
    public const string Name = "hall_name";
    public const string Kind = "hall_kind";
    public const string Id = "hall_id";
    public const string Channel = "hall_channel";

    // The JWT claim names staff tokens carry (kept as-is: inbound claim mapping is off).
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Hall = "hall";
    public const string Scope = "scope";

    public const string StaffKind = "staff";
    public const string PartnerKind = "partner";

    /// <summary>The caller the services will see for this principal (anonymous when not authenticated).</summary>
    public static HallCaller ToCaller(ClaimsPrincipal user, string? clientAddress)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(Id) is not { Length: > 0 } id)
        {
            return HallCaller.Anonymous(clientAddress);
        }
        return user.FindFirstValue(Kind) switch
        {
            StaffKind => new HallCaller(CallerKind.Staff, id, Values(user, Role), Values(user, Hall), [], clientAddress),
            PartnerKind => new HallCaller(CallerKind.Partner, id, [], [], Values(user, Scope), clientAddress),
            _ => HallCaller.Anonymous(clientAddress),
        };
    }

    private static string[] Values(ClaimsPrincipal user, string type) =>
        [.. user.FindAll(type).Select(c => c.Value).Distinct(StringComparer.Ordinal)];
}
