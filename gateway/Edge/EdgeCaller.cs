using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;

namespace HallPlatform.Gateway.Edge;

/// <summary>Which set of limits a caller gets.</summary>
public enum CallerClass
{
    Anonymous,
    Staff,
    Partner,
}

/// <summary>
/// Who a request counts against, for rate limits and idempotency keys: the authenticated name the identity layer set
/// (<c>staff:{sub}</c> or <c>partner:{id}</c>), otherwise the client address (<c>ip:...</c>).
/// </summary>
public readonly record struct EdgeCaller(CallerClass Class, string Id)
{
    public const string PartnerPrefix = "partner:";

    public static EdgeCaller From(HttpContext context) => From(context.User, context.Connection.RemoteIpAddress);

    public static EdgeCaller From(ClaimsPrincipal? user, IPAddress? clientAddress)
    {
        if (user?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            var callerClass = name.StartsWith(PartnerPrefix, StringComparison.Ordinal) ? CallerClass.Partner : CallerClass.Staff;
            return new EdgeCaller(callerClass, name);
        }
        return new EdgeCaller(CallerClass.Anonymous, "ip:" + AddressPartition(clientAddress));
    }

    /// <summary>
    /// IPv4 addresses as they are; IPv6 by their /64 prefix, because one client can use any address of its /64.
    /// </summary>
    public static string AddressPartition(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes).ToString() + "/64";
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Class}|{Id}");
}
