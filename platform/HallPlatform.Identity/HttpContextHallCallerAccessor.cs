using Microsoft.AspNetCore.Http;

namespace HallPlatform.Identity;

/// <summary>
/// Reads the caller the identity middleware verified for this request (stored as a request feature); anonymous when
/// there is none or outside a request. Work done for another caller (<see cref="ActingCaller"/>) is that caller's.
/// </summary>
public sealed class HttpContextHallCallerAccessor(IHttpContextAccessor httpContextAccessor) : IHallCallerAccessor
{
    public HallCaller Current
    {
        get
        {
            if (ActingCaller.Current is { } acting)
            {
                return acting;
            }
            var context = httpContextAccessor.HttpContext;
            return context?.Features.Get<HallCaller>()
                ?? HallCaller.Anonymous(context?.Connection.RemoteIpAddress?.ToString());
        }
    }
}
