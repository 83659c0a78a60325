using HallPlatform.Application;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Notifications;

/// <summary>A message as staff see it: recipient masked, content rendered from the template (no personal data in it).</summary>
public sealed record CommunicationView(
    string Id,
    [property: WireEnum<CommunicationChannel>] string Channel,
    string Recipient,
    string TemplateCode,
    string Subject,
    string Body,
    [property: WireEnum<CommunicationState>] string State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? NextAttemptAt,
    string? LastError);

public static class CommunicationQueries
{
    /// <summary>The most messages one subject's route returns (a ticket has one per status change).</summary>
    public const int MaxPerSubject = 200;

    /// <summary>The messages about one subject (ticket, complaint), oldest first.</summary>
    public static async Task<IReadOnlyList<CommunicationView>> ForSubjectAsync(
        DbContext db, CommunicationTemplates templates, string subjectKind, string subjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(templates);
        var messages = await db.Set<CommunicationMessage>().AsNoTracking()
            .Where(m => m.SubjectKind == subjectKind && m.SubjectId == subjectId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Take(MaxPerSubject)
            .ToListAsync(cancellationToken);
        return [.. messages.Select(message => View(message, templates))];
    }

    public static CommunicationView View(CommunicationMessage message, CommunicationTemplates templates)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(templates);
        var content = templates.Contains(message.TemplateCode)
            ? templates[message.TemplateCode].Render(message.Parameters())
            : new RenderedCommunication("", "");
        return new CommunicationView(
            message.Id,
            message.Channel.ToWire(),
            message.RecipientMasked,
            message.TemplateCode,
            content.Subject,
            content.Body,
            message.State.ToWire(),
            message.Attempts,
            message.CreatedAt,
            message.SentAt,
            message.State == CommunicationState.Pending ? message.NextAttemptAt : null,
            message.LastError);
    }
}
