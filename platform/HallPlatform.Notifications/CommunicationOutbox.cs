using System.Diagnostics;
using HallPlatform.Application;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HallPlatform.Notifications;

/// <summary>
/// The one way a use case asks for a customer message (scoped, on the service's own DbContext, like the audit trail):
/// the message is added to the same DbContext as the domain change, so the next SaveChanges commits both or neither.
/// </summary>
public sealed class CommunicationOutbox(DbContext db, CommunicationTemplates templates, TimeProvider time)
{
    public CommunicationMessage Queue(CommunicationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var template = templates[request.TemplateCode];
        var missing = template.Placeholders.Where(name => !request.Parameters.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            // A programming error, caught before anything is stored rather than at every delivery attempt.
            throw new InvalidOperationException($"Template {template.Code} needs the parameters {string.Join(", ", missing)}.");
        }
        var message = CommunicationMessage.Create(request, time.GetStoredUtcNow(), JourneyTrace.Current());
        db.Set<CommunicationMessage>().Add(message);
        return message;
    }

    /// <summary>
    /// Whether a save failed because the message's source key is already taken: the same domain change was committed
    /// by a concurrent request, which a use case handles like any lost race.
    /// </summary>
    public static bool IsDuplicateSource(DbUpdateException exception) =>
        exception?.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: CommunicationModel.SourceKeyIndexName,
        };
}
