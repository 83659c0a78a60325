using System.Text.Json.Serialization;
using HallPlatform.Application;

namespace HallPlatform.Reception.Domain;

/// <summary>Where the customer checked in (TMF683 channel).</summary>
public enum VisitChannel
{
    [JsonStringEnumMemberName("store")]
    Store,

    [JsonStringEnumMemberName("kiosk")]
    Kiosk,

    [JsonStringEnumMemberName("web")]
    Web,

    [JsonStringEnumMemberName("mobile")]
    Mobile,
}

public static class VisitChannels
{
    public const VisitChannel Default = VisitChannel.Store;

    /// <summary>Empty means the default (store); anything but the four known codes is rejected.</summary>
    public static bool TryParse(string? value, out VisitChannel channel)
    {
        if (string.IsNullOrEmpty(value))
        {
            channel = Default;
            return true;
        }
        if (WireNames<VisitChannel>.TryParse(value, out channel))
        {
            return true;
        }
        channel = Default;
        return false;
    }
}
