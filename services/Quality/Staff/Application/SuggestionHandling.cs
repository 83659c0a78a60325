using System.ComponentModel.DataAnnotations;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Staff.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Quality.Staff.Application;

public sealed record SubmitSuggestionCommand(
    [property: Required, MaxLength(HallIds.MaxLength)] string? HallId,
    [property: Required, MaxLength(Suggestion.MaxTitleLength)] string? Title,
    [property: Required, MaxLength(Suggestion.MaxTextLength)] string? Text);

/// <summary>A triage step: the new status, and the category (required to triage) and response (required to accept or reject).</summary>
public sealed record TriageSuggestionCommand(
    [property: Required, WireEnum<SuggestionStatus>] string? Status,
    [property: WireEnum<FeedbackCategory>] string? Category,
    [property: MaxLength(Suggestion.MaxResponseLength)] string? Response);

public sealed record LinkImprovementActionCommand([property: Required, MaxLength(Suggestion.MaxActionIdLength)] string? ImprovementActionId);

public sealed record AttachTextCommand([property: Required, MaxLength(Suggestion.MaxTextLength)] string? Text);

public sealed record SuggestionQuery(string? HallId, SuggestionStatus? Status, FeedbackCategory? Category, FeedbackSource? Source, PageRequest Page);

/// <summary>Counts of feedback items submitted in [From, To) by category (null = not yet triaged), status and source.</summary>
public sealed record ThemeCount(string? Category, string Status, string Source, int Count);

public sealed record FeedbackThemes(string? HallId, DateTimeOffset From, DateTimeOffset To, int Total, IReadOnlyList<ThemeCount> Counts);

/// <summary>
/// Suggestions and customer feedback: any staff member submits and reads their own (with the response); the
/// supervisors and administrators of the item's hall triage, answer, link and report. Every change is audited.
/// </summary>
public sealed partial class SuggestionHandling(
    QualityDbContext db, AuditTrail audit, IHallCallerAccessor callers, TimeProvider time, ILogger<SuggestionHandling> logger)
{
    public const string RecordType = "suggestion";

    public async Task<Outcome<Suggestion>> SubmitAsync(SubmitSuggestionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var caller = callers.Current;
        if (caller.Kind != CallerKind.Staff)
        {
            return Outcome<Suggestion>.Forbidden("Staff only.", "Suggestions are submitted by staff members.");
        }
        var errors = new FieldErrors();
        var hallId = HallIds.Required("hallId", command.HallId, errors);
        var title = errors.RequiredText("title", command.Title, Suggestion.MaxTitleLength);
        var text = errors.RequiredText("text", command.Text, Suggestion.MaxTextLength);
        if (errors.Any)
        {
            return Outcome<Suggestion>.Invalid(errors.ToDictionary());
        }
        if (!caller.CanSeeHall(hallId!))
        {
            return Outcome<Suggestion>.Forbidden("Not your hall.", $"Hall '{hallId}' is not one of this caller's halls.");
        }
        var suggestion = Suggestion.FromStaff(Suggestion.NewId(), hallId!, caller.Id, title!, text!, time.GetStoredUtcNow());
        db.Set<Suggestion>().Add(suggestion);
        audit.Record("suggestion.submitted", RecordType, suggestion.SuggestionId, after: Snapshot(suggestion), hallId: suggestion.HallId);
        await db.SaveChangesAsync(cancellationToken);
        LogSubmitted(suggestion.SuggestionId, suggestion.HallId);
        return Outcome<Suggestion>.Created(suggestion);
    }

    /// <summary>The caller's own suggestions, newest first, with their status and response.</summary>
    public async Task<Outcome<ResultPage<Suggestion>>> MineAsync(PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var caller = callers.Current;
        if (caller.Kind != CallerKind.Staff)
        {
            return Outcome<ResultPage<Suggestion>>.Forbidden("Staff only.", "Only staff members have suggestions of their own.");
        }
        var mine = db.Set<Suggestion>().AsNoTracking().Where(s => s.SubmittedBy == caller.Id);
        var total = await mine.CountAsync(cancellationToken);
        var items = await mine.OrderByDescending(s => s.SubmittedAt).ThenByDescending(s => s.SuggestionId).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return Outcome<ResultPage<Suggestion>>.Ok(page.Of<Suggestion>(items, total));
    }

    /// <summary>One item: its hall's managers, or its submitter.</summary>
    public async Task<Outcome<Suggestion>> GetAsync(string suggestionId, CancellationToken cancellationToken)
    {
        var caller = callers.Current;
        var suggestion = await db.Set<Suggestion>().AsNoTracking().FirstOrDefaultAsync(s => s.SuggestionId == suggestionId, cancellationToken);
        var own = suggestion is not null && caller.Kind == CallerKind.Staff && string.Equals(suggestion.SubmittedBy, caller.Id, StringComparison.Ordinal);
        if (suggestion is null || !(own || StaffAccess.ManagesHall(caller, suggestion.HallId)))
        {
            return NotFound(suggestionId);
        }
        return Outcome<Suggestion>.Ok(suggestion);
    }

    public async Task<Outcome<ResultPage<Suggestion>>> ListAsync(SuggestionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var caller = callers.Current;
        if (!StaffAccess.IsManager(caller))
        {
            return ManagersOnly<ResultPage<Suggestion>>();
        }
        if (query.HallId is { } hall && !caller.CanSeeHall(hall))
        {
            return Outcome<ResultPage<Suggestion>>.Forbidden("Not your hall.", $"Hall '{hall}' is not one of this caller's halls.");
        }
        var items = Visible(db.Set<Suggestion>().AsNoTracking(), query.HallId);
        if (query.Status is { } status)
        {
            items = items.Where(s => s.Status == status);
        }
        if (query.Category is { } category)
        {
            items = items.Where(s => s.Category == category);
        }
        if (query.Source is { } source)
        {
            items = items.Where(s => s.Source == source);
        }
        var total = await items.CountAsync(cancellationToken);
        var page = await items.OrderByDescending(s => s.SubmittedAt).ThenByDescending(s => s.SuggestionId)
            .Skip(query.Page.Skip).Take(query.Page.PageSize).ToListAsync(cancellationToken);
        return Outcome<ResultPage<Suggestion>>.Ok(query.Page.Of<Suggestion>(page, total));
    }

    public async Task<Outcome<Suggestion>> TriageAsync(string suggestionId, TriageSuggestionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!StaffAccess.IsManager(callers.Current))
        {
            return ManagersOnly<Suggestion>();
        }
        var errors = new FieldErrors();
        var target = ConductRegister.ParseRequired<SuggestionStatus>("status", command.Status, errors);
        var category = ConductRegister.ParseOptional<FeedbackCategory>("category", command.Category, errors);
        var response = errors.OptionalText("response", command.Response, Suggestion.MaxResponseLength);
        if (errors.Any)
        {
            return Outcome<Suggestion>.Invalid(errors.ToDictionary());
        }
        return await ChangeAsync(suggestionId, "suggestion.status-changed", suggestion =>
        {
            if (target == SuggestionStatus.Triaged && category is null && suggestion.Category is null)
            {
                return Outcome<Suggestion>.Invalid("category", "The category field is required to triage an item.");
            }
            if (target is SuggestionStatus.Accepted or SuggestionStatus.Rejected && response is null && suggestion.Response is null)
            {
                return Outcome<Suggestion>.Invalid("response", "The response field is required to accept or reject an item: the submitter reads it.");
            }
            var from = suggestion.Status;
            if (!suggestion.MoveTo(target!.Value, callers.Current.Id, category, response, time.GetStoredUtcNow()))
            {
                var allowed = SuggestionLifecycle.NextStatuses(from);
                return Outcome<Suggestion>.Conflict("Status change not allowed.",
                    $"Suggestion {suggestionId} is '{from.ToWire()}' and cannot move to '{target.Value.ToWire()}'. Allowed next statuses: "
                    + (allowed.Count == 0 ? "none, it is final" : string.Join(", ", allowed.Select(s => s.ToWire()))) + ".");
            }
            return null;
        }, cancellationToken);
    }

    /// <summary>
    /// Links the item to an improvement action of the evaluation meetings, by id: the action must exist in the item's
    /// hall (an unknown action, or another hall's, is 404 naming improvementActionId).
    /// </summary>
    public async Task<Outcome<Suggestion>> LinkAsync(string suggestionId, LinkImprovementActionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!StaffAccess.IsManager(callers.Current))
        {
            return ManagersOnly<Suggestion>();
        }
        var errors = new FieldErrors();
        var actionId = errors.RequiredText("improvementActionId", command.ImprovementActionId, Suggestion.MaxActionIdLength);
        if (actionId is not null && !actionId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            errors.Add("improvementActionId", "The improvementActionId field must be letters, digits, '_' or '-'.");
        }
        if (errors.Any)
        {
            return Outcome<Suggestion>.Invalid(errors.ToDictionary());
        }
        var actionHall = await db.ImprovementActions.AsNoTracking().Where(a => a.ActionId == actionId).Select(a => a.HallId).FirstOrDefaultAsync(cancellationToken);
        return await ChangeAsync(suggestionId, "suggestion.action-linked", suggestion =>
        {
            if (suggestion.Status is SuggestionStatus.Submitted or SuggestionStatus.Rejected)
            {
                return Outcome<Suggestion>.Conflict("Not linkable now.",
                    $"Suggestion {suggestionId} is '{suggestion.Status.ToWire()}': only triaged, accepted or implemented items are linked to improvement actions.");
            }
            if (!string.Equals(actionHall, suggestion.HallId, StringComparison.Ordinal))
            {
                return Outcome<Suggestion>.NotFound("Improvement action not found.",
                    $"improvementActionId: there is no improvement action '{actionId}' in hall '{suggestion.HallId}'.");
            }
            suggestion.LinkImprovementAction(actionId!, callers.Current.Id);
            return null;
        }, cancellationToken);
    }

    /// <summary>Attaches the customer's words, copied from the case, to an item that came from an event.</summary>
    public async Task<Outcome<Suggestion>> AttachTextAsync(string suggestionId, AttachTextCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!StaffAccess.IsManager(callers.Current))
        {
            return ManagersOnly<Suggestion>();
        }
        var errors = new FieldErrors();
        var text = errors.RequiredText("text", command.Text, Suggestion.MaxTextLength);
        if (errors.Any)
        {
            return Outcome<Suggestion>.Invalid(errors.ToDictionary());
        }
        return await ChangeAsync(suggestionId, "suggestion.text-attached", suggestion =>
        {
            if (suggestion.Source == FeedbackSource.Staff)
            {
                return Outcome<Suggestion>.Conflict("Not a customer item.", $"Suggestion {suggestionId} is a staff member's own text; it is not replaced.");
            }
            suggestion.AttachText(text!, callers.Current.Id);
            return null;
        }, cancellationToken);
    }

    /// <summary>Counts of the items submitted in [from, to) by category, status and source: the periodic themes report.</summary>
    public async Task<Outcome<FeedbackThemes>> ThemesAsync(string? hallId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var caller = callers.Current;
        if (!StaffAccess.IsManager(caller))
        {
            return ManagersOnly<FeedbackThemes>();
        }
        var errors = new FieldErrors();
        if (from is null)
        {
            errors.Add("from", "The from field is required.");
        }
        if (to is null)
        {
            errors.Add("to", "The to field is required.");
        }
        var inRange = InstantRange.Check("from", from, errors) & InstantRange.Check("to", to, errors);
        if (inRange && from > to)
        {
            errors.Add("from", "The from field must not be later than the to field.");
        }
        if (errors.Any)
        {
            return Outcome<FeedbackThemes>.Invalid(errors.ToDictionary());
        }
        if (hallId is not null && !caller.CanSeeHall(hallId))
        {
            return Outcome<FeedbackThemes>.Forbidden("Not your hall.", $"Hall '{hallId}' is not one of this caller's halls.");
        }
        var start = from!.Value.ToUniversalTime();
        var end = to!.Value.ToUniversalTime();
        var rows = await Visible(db.Set<Suggestion>().AsNoTracking(), hallId)
            .Where(s => s.SubmittedAt >= start && s.SubmittedAt < end)
            .GroupBy(s => new { s.Category, s.Status, s.Source })
            .Select(g => new { g.Key.Category, g.Key.Status, g.Key.Source, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var counts = rows.Select(r => new ThemeCount(r.Category?.ToWire(), r.Status.ToWire(), r.Source.ToWire(), r.Count))
            .OrderBy(c => c.Category ?? "", StringComparer.Ordinal).ThenBy(c => c.Status, StringComparer.Ordinal).ThenBy(c => c.Source, StringComparer.Ordinal).ToList();
        return Outcome<FeedbackThemes>.Ok(new FeedbackThemes(hallId, start, end, counts.Sum(c => c.Count), counts));
    }

    private async Task<Outcome<Suggestion>> ChangeAsync(string suggestionId, string action, Func<Suggestion, Outcome<Suggestion>?> change, CancellationToken cancellationToken)
    {
        var caller = callers.Current;
        var suggestion = await db.Set<Suggestion>().FirstOrDefaultAsync(s => s.SuggestionId == suggestionId, cancellationToken);
        if (suggestion is null || !caller.CanSeeHall(suggestion.HallId))
        {
            return NotFound(suggestionId);
        }
        var before = Snapshot(suggestion);
        if (change(suggestion) is { } refused)
        {
            return refused;
        }
        audit.Record(action, RecordType, suggestion.SuggestionId, before: before, after: Snapshot(suggestion), hallId: suggestion.HallId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<Suggestion>.Conflict("Suggestion changed concurrently.", $"Suggestion {suggestionId} was changed by another request. Read it again and retry.");
        }
        LogChanged(suggestionId, action);
        return Outcome<Suggestion>.Ok(suggestion);
    }

    private IQueryable<Suggestion> Visible(IQueryable<Suggestion> items, string? hallId)
    {
        var caller = callers.Current;
        if (hallId is not null)
        {
            return items.Where(s => s.HallId == hallId);
        }
        if (!caller.IsLimitedToHalls)
        {
            return items;
        }
        var halls = caller.Halls.ToList();
        return items.Where(s => halls.Contains(s.HallId));
    }

    /// <summary>The trail keeps facts and whether there is text, never the text itself.</summary>
    private static object Snapshot(Suggestion s) => new
    {
        source = s.Source.ToWire(), s.HallId, s.SubmittedBy, s.CaseReference, category = s.Category?.ToWire(), status = s.Status.ToWire(),
        hasText = s.Text is not null, hasResponse = s.Response is not null, s.ImprovementActionId,
    };

    private static Outcome<T> ManagersOnly<T>() =>
        Outcome<T>.Forbidden("Managers only.", "Feedback items are triaged by supervisors and administrators of their hall.");

    private static Outcome<Suggestion> NotFound(string suggestionId) => Outcome<Suggestion>.NotFoundById("Suggestion", suggestionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Suggestion {SuggestionId} submitted at hall {HallId}")]
    private partial void LogSubmitted(string suggestionId, string hallId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Suggestion {SuggestionId}: {Action}")]
    private partial void LogChanged(string suggestionId, string action);
}
