using System.Security.Cryptography;
using System.Text;
using HallPlatform.Identity;

namespace HallPlatform.Reception.Data;

/// <summary>
/// A check-in's idempotency key as Redis and PostgreSQL keep it: the client's key within its verified caller's
/// scope, so another caller sending the same key gets its own visit, never the first caller's. Staff, partners and
/// services are scoped by their id (hashed: a bounded length, and no staff subject copied into another column);
/// anonymous kiosk callers share one scope.
/// </summary>
public static class ScopedIdempotencyKey
{
    /// <summary>The longest client key (CheckInHandling checks it).</summary>
    public const int ClientKeyMaxLength = 100;

    /// <summary>The longest scoped key: "partner:" or "service:", 32 hex digits, a space and the client's key.</summary>
    public const int MaxLength = 8 + 32 + 1 + ClientKeyMaxLength;

    /// <summary>
    /// "&lt;scope&gt; &lt;key&gt;". A client key is visible ASCII only, so it has no space: the part after the last
    /// space is the client's key, and a scoped key never equals one stored before keys were scoped.
    /// </summary>
    public static string For(HallCaller caller, string key)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var scope = caller.Kind switch
        {
            CallerKind.Staff => "staff:" + Hash(caller.Id),
            CallerKind.Partner => "partner:" + Hash(caller.Id),
            CallerKind.Service => "service:" + Hash(caller.Id),
            _ => "anonymous",
        };
        return scope + " " + key;
    }

    private static string Hash(string callerId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(callerId)).AsSpan(0, 16));
}
