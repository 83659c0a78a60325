using HallPlatform.Application;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Notifications;

/// <summary>
/// A message ready to leave: rendered, with the recipient in clear for the sender only. Nothing here may be logged
/// except <see cref="RecipientMasked"/>.
/// </summary>
public sealed record OutgoingCommunication(
    string MessageId,
    CommunicationChannel Channel,
    string Recipient,
    string RecipientMasked,
    string TemplateCode,
    string SubjectKind,
    string SubjectId,
    RenderedCommunication Content,
    int Attempt);

/// <summary>
/// The plug-in point for delivery (an SMS gateway, an e-mail relay). Registered in DI; the default is
/// <see cref="LocalMailboxSender"/>. Return when the message was handed over; throw when it was not (the dispatcher
/// retries with backoff). The exception's message is stored as the message's last error (with the recipient masked).
/// </summary>
public interface ICommunicationSender
{
    Task SendAsync(OutgoingCommunication message, CancellationToken cancellationToken);
}

/// <summary>
/// The sender for local use: nothing leaves the machine. The "mailbox" is the message record itself, which becomes
/// <c>sent</c> and is read on the service's <c>/communications</c> route, plus one Information line in the log (so
/// in the dashboard's structured logs), with the recipient masked.
/// </summary>
public sealed partial class LocalMailboxSender(ILogger<LocalMailboxSender> logger) : ICommunicationSender
{
    public Task SendAsync(OutgoingCommunication message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var channel = message.Channel.ToWire();
            LogDelivered(channel, message.RecipientMasked, message.TemplateCode, message.SubjectKind, message.SubjectId,
                message.MessageId, message.Content.Subject, message.Content.Body);
        }
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Local mailbox: {Channel} to {Recipient} ({TemplateCode}, {SubjectKind} {SubjectId}, message {MessageId}): {Subject} - {Body}")]
    private partial void LogDelivered(string channel, string recipient, string templateCode, string subjectKind, string subjectId,
        string messageId, string subject, string body);
}
