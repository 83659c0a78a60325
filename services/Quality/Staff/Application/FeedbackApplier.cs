using HallPlatform.Application;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Messaging;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Staff.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Quality.Staff.Application;

/// <summary>
/// Customers' feedback from events, as feedback items to triage (one per case): every complaint (its first
/// <c>complaint.statusChanged</c>), and every dissatisfied survey answer (<c>quality.survey.answered</c> with CSAT at
/// most 3 or NPS at most 6). Payloads carry no free text: the item holds the case reference and the scores, and a
/// manager attaches the customer's words from the case when they matter.
/// </summary>
public sealed partial class FeedbackApplier(TimeProvider time, ILogger<FeedbackApplier> logger) : IIntegrationEventApplier<QualityDbContext>
{
    public const int DissatisfiedUpToCsat = 3;
    public const int DetractorUpToNps = 6;

    public IReadOnlyCollection<string> EventTypes { get; } = [IntegrationEventTypes.ComplaintStatusChanged, IntegrationEventTypes.SurveyAnswered];

    public async Task HandleAsync(EventEnvelope envelope, QualityDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(db);
        if (envelope.HallId.Length == 0)
        {
            return;
        }
        var item = envelope.Type switch
        {
            IntegrationEventTypes.ComplaintStatusChanged when envelope.PayloadAs<ComplaintChange>() is { ComplaintId: { Length: > 0 and <= Suggestion.MaxCaseReferenceLength } id } complaint =>
                Suggestion.FromCustomerEvent(Suggestion.NewId(), FeedbackSource.Complaint, envelope.HallId, id, $"Complaint {id} ({complaint.Category ?? "uncategorised"})",
                    null, null, null, time.GetStoredUtcNow()),
            IntegrationEventTypes.SurveyAnswered when envelope.PayloadAs<SurveyAnswer>() is { ResponseId: { Length: > 0 and <= Suggestion.MaxCaseReferenceLength } id } answer
                && (answer.CsatScore <= DissatisfiedUpToCsat || answer.NpsScore <= DetractorUpToNps) =>
                Suggestion.FromCustomerEvent(Suggestion.NewId(), FeedbackSource.Survey, envelope.HallId, id,
                    $"Survey answer {id} about {answer.CaseType} {answer.CaseId}", answer.CsatScore, answer.NpsScore, null, time.GetStoredUtcNow()),
            _ => null,
        };
        if (item is null
            || await db.Set<Suggestion>().AnyAsync(s => s.Source == item.Source && s.CaseReference == item.CaseReference, cancellationToken)
            || db.ChangeTracker.Entries<Suggestion>().Any(e => e.Entity.Source == item.Source && e.Entity.CaseReference == item.CaseReference))
        {
            return;
        }
        db.Set<Suggestion>().Add(item);
        LogFeedbackItem(item.SuggestionId, item.Source);
    }

    private sealed record ComplaintChange(string? ComplaintId, string? Category);

    private sealed record SurveyAnswer(string? ResponseId, string? CaseType, string? CaseId, int? CsatScore, int? NpsScore);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback item {SuggestionId} opened from a {Source} event")]
    private partial void LogFeedbackItem(string suggestionId, FeedbackSource source);
}
