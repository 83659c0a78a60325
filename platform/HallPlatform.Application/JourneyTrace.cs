using System.Diagnostics;

namespace HallPlatform.Application;

/// <summary>
/// One customer journey is one trace. The journey's trace context (a W3C traceparent) is stored with the journey
/// when it starts (the check-in, a partner's report); work that belongs to the journey later (the call minutes
/// later, the order, a status change the next day, an event handled in another service) runs under a span parented
/// into that stored context, so the dashboard shows the journey as one trace. The request's own context is kept as a
/// span link, so the request's trace still leads to it.
/// </summary>
public static class JourneyTrace
{
    /// <summary>The link attribute naming what a link points at.</summary>
    public const string LinkKindTag = "hall.link";

    /// <summary>Room for a stored traceparent (55 characters in W3C version 00; later versions may add fields).</summary>
    public const int MaxLength = 128;

    /// <summary>The W3C traceparent of the current span, to store with a journey that starts now; null when untraced.</summary>
    public static string? Current() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Recorded: true } current ? current.Id : null;

    /// <summary>
    /// Starts <paramref name="name"/> in the journey's trace when <paramref name="journeyTraceParent"/> is a valid
    /// traceparent of another trace (the ambient span, if any, becomes a link); otherwise as a child of the ambient
    /// span. Dispose the scope to end the span and restore the ambient span, so the rest of the request stays in
    /// the request's trace.
    /// </summary>
    public static JourneyScope Start(ActivitySource source, string name, string? journeyTraceParent, ActivityKind kind = ActivityKind.Internal)
    {
        ArgumentNullException.ThrowIfNull(source);
        var ambient = Activity.Current;
        if (journeyTraceParent is null
            || !ActivityContext.TryParse(journeyTraceParent, null, isRemote: true, out var journey)
            || (ambient is not null && ambient.TraceId == journey.TraceId))
        {
            return new JourneyScope(source.StartActivity(name, kind), ambient);
        }
        ActivityLink[]? links = ambient is null
            ? null
            : [new ActivityLink(ambient.Context, new ActivityTagsCollection { [LinkKindTag] = "request" })];
        var activity = source.StartActivity(name, kind, journey, links: links);
        return new JourneyScope(activity, ambient);
    }
}

/// <summary>A span started by <see cref="JourneyTrace.Start"/>; disposing it ends the span and restores the ambient one.</summary>
public readonly struct JourneyScope(Activity? activity, Activity? ambient) : IDisposable
{
    public Activity? Activity => activity;

    public void Dispose()
    {
        activity?.Dispose();
        // A span started from a stored context has no parent object, so ending it would leave no current span.
        Activity.Current = ambient;
    }
}
