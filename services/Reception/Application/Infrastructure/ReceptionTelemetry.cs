using System.Diagnostics;

namespace HallPlatform.Reception.Application.Infrastructure;

/// <summary>
/// Spans of the reception journey. Tags carry ids only (visit, hall, counter, ticket number), never the
/// customer's name or phone.
/// </summary>
public static class ReceptionTelemetry
{
    public const string SourceName = "HallPlatform.Reception";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The W3C traceparent of the current span, stored with the ticket so the call can link back to the check-in.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>Links the call-next span to the customer's check-in, so the dashboard joins the two requests of one journey.</summary>
    public static void LinkToCheckIn(Activity? activity, string? traceParent)
    {
        if (activity is null || traceParent is null || !ActivityContext.TryParse(traceParent, null, out var checkIn))
        {
            return;
        }
        activity.AddLink(new ActivityLink(checkIn, new ActivityTagsCollection { ["hall.link"] = "check-in" }));
        activity.AddEvent(new ActivityEvent("ticket.check-in-linked", tags: new ActivityTagsCollection { ["check_in.trace_id"] = checkIn.TraceId.ToString() }));
    }
}
