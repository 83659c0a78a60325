using System.Diagnostics;

namespace HallPlatform.Fault.Application;

/// <summary>Spans of Fault's own work on a ticket. Tags carry ids and statuses only, never the customer.</summary>
public static class FaultTelemetry
{
    public static readonly ActivitySource Source = new("HallPlatform.Fault");
}
