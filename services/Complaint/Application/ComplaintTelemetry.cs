using System.Diagnostics;

namespace HallPlatform.Complaint.Application;

/// <summary>Spans of Complaint's own work on a complaint. Tags carry ids and statuses only, never the complainant.</summary>
public static class ComplaintTelemetry
{
    public static readonly ActivitySource Source = new("HallPlatform.Complaint");
}
