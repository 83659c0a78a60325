namespace HallPlatform.Reception.Domain;

/// <summary>Where the customer checked in (TMF683 channel).</summary>
public enum VisitChannel
{
    Store,
    Kiosk,
    Web,
    Mobile,
}

public static class VisitChannels
{
    public const VisitChannel Default = VisitChannel.Store;

    public static string ToWire(this VisitChannel channel) => channel switch
    {
        VisitChannel.Store => "store",
        VisitChannel.Kiosk => "kiosk",
        VisitChannel.Web => "web",
        VisitChannel.Mobile => "mobile",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };

    /// <summary>Empty means the default (store); anything but the four known codes is rejected.</summary>
    public static bool TryParse(string? value, out VisitChannel channel)
    {
        switch (value)
        {
            case null or "":
                channel = Default;
                return true;
            case "store":
                channel = VisitChannel.Store;
                return true;
            case "kiosk":
                channel = VisitChannel.Kiosk;
                return true;
            case "web":
                channel = VisitChannel.Web;
                return true;
            case "mobile":
                channel = VisitChannel.Mobile;
                return true;
            default:
                channel = Default;
                return false;
        }
    }
}
