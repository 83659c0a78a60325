using System.Diagnostics;
using System.Diagnostics.Metrics;
using HallPlatform.Application;

namespace HallPlatform.Notifications;

/// <summary>
/// Spans and counters of customer communications (source and meter HallPlatform.Notifications). Tags carry ids,
/// template codes and channels only, never a recipient.
/// </summary>
public sealed class CommunicationTelemetry
{
    public const string Name = "HallPlatform.Notifications";

    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _sent;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _failed;

    public CommunicationTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Name);
        _sent = meter.CreateCounter<long>("hall.communications.sent", "{message}", "Customer messages handed to the sender.");
        _retried = meter.CreateCounter<long>("hall.communications.retried", "{message}", "Failed attempts that will be retried.");
        _failed = meter.CreateCounter<long>("hall.communications.failed", "{message}", "Messages given up after the last attempt.");
    }

    public void Sent(CommunicationMessage message) => _sent.Add(1, Tags(message));

    public void Retried(CommunicationMessage message) => _retried.Add(1, Tags(message));

    public void Failed(CommunicationMessage message) => _failed.Add(1, Tags(message));

    /// <summary>The delivery span, a child of the change that created the message when its trace context was stored.</summary>
    public static JourneyScope StartSend(CommunicationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var scope = JourneyTrace.Start(Source, "communication send", message.TraceParent, ActivityKind.Producer);
        var activity = scope.Activity;
        activity?.SetTag("communication.id", message.Id);
        activity?.SetTag("communication.template", message.TemplateCode);
        activity?.SetTag("communication.channel", message.Channel.ToWire());
        activity?.SetTag("communication.subject_kind", message.SubjectKind);
        activity?.SetTag("communication.subject_id", message.SubjectId);
        activity?.SetTag("communication.attempt", message.Attempts);
        activity?.SetTag("hall.journey_id", message.JourneyId);
        return scope;
    }

    private static TagList Tags(CommunicationMessage message) =>
        new()
        {
            { "communication.template", message.TemplateCode },
            { "communication.channel", message.Channel.ToWire() },
        };
}
