using System.Globalization;
using HallPlatform.Application;
using HallPlatform.Quality.Staff.Application;
using HallPlatform.Quality.Staff.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Quality.Staff.Api;

public sealed record SuggestionResource(
    string SuggestionId,
    [property: WireEnum<FeedbackSource>] string Source,
    string HallId,
    string? SubmittedBy,
    string Title,
    string? Text,
    string? CaseReference,
    int? CsatScore,
    int? NpsScore,
    [property: WireEnum<FeedbackCategory>] string? Category,
    [property: WireEnum<SuggestionStatus>] string Status,
    string? Response,
    string? ImprovementActionId,
    DateTimeOffset SubmittedAt,
    DateTimeOffset StatusChangedAt)
{
    public static SuggestionResource From(Suggestion s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.SuggestionId, s.Source.ToWire(), s.HallId, s.SubmittedBy, s.Title, s.Text, s.CaseReference, s.CsatScore, s.NpsScore,
            s.Category?.ToWire(), s.Status.ToWire(), s.Response, s.ImprovementActionId, s.SubmittedAt, s.StatusChangedAt);
    }
}

public static class SuggestionsApi
{
    public const string BasePath = "/api/v1/suggestions";
    public const string ThemesPath = "/api/v1/feedback-themes";

    public static IEndpointRouteBuilder MapSuggestionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath).WithTag("Suggestions", "Staff suggestions and customers' feedback (from complaint and survey "
            + "events): triaged, answered, linked to improvement actions; the submitter sees the response.");
        group.MapPost("/", SubmitAsync).WithName("SubmitSuggestion")
            .WithSummary("Submit a suggestion")
            .WithDescription("Any staff member, for one of their halls. Status `submitted`. 201 with Location.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/mine", MineAsync).WithName("ListMySuggestions")
            .WithSummary("My suggestions")
            .WithDescription("The caller's own suggestions, newest first, with status, category and response.");
        group.MapGet("/", ListAsync).WithName("ListSuggestions")
            .WithSummary("List feedback items")
            .WithDescription("Items of the caller's halls (supervisors and administrators), newest first, by `hallId`, `status`, `category`, `source`.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/{suggestionId}", GetAsync).WithName("GetSuggestion")
            .WithSummary("Get a feedback item")
            .WithDescription("Its submitter, or the managers of its hall; anyone else gets 404 like an unknown id.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{suggestionId}/status", TriageAsync).WithName("TriageSuggestion")
            .WithSummary("Triage, accept, reject or mark implemented")
            .WithDescription("submitted → triaged (needs `category`) → accepted or rejected (need `response`, which the submitter reads); "
                + "accepted → implemented. A forbidden move is 409.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{suggestionId}/improvement-action", LinkAsync).WithName("LinkSuggestionToImprovementAction")
            .WithSummary("Link to an improvement action")
            .WithDescription("By the action's id (improvement actions, /api/v1/improvement-actions): the action must exist in the item's hall "
                + "(404 naming improvementActionId otherwise). Triaged, accepted or implemented items only (409 otherwise).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{suggestionId}/text", AttachTextAsync).WithName("AttachFeedbackText")
            .WithSummary("Attach the customer's words")
            .WithDescription("For items from complaint or survey events (their events carry no free text): the text copied from the case. "
                + "Stored encrypted. A staff suggestion's own text is not replaced (409).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        routes.MapGroup(ThemesPath).WithTag("Suggestions", "Feedback themes.")
            .MapGet("/", ThemesAsync).WithName("GetFeedbackThemes")
            .WithSummary("Feedback themes of a period")
            .WithDescription("Counts of the items submitted in `[from, to)`, by category (null: not yet triaged), status and source; optionally of one `hallId`.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    private static async Task<Results<Created<SuggestionResource>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        SubmitSuggestionCommand body, SuggestionHandling handling, CancellationToken cancellationToken) =>
        (await handling.SubmitAsync(body, cancellationToken)).ToCreated(SuggestionResource.From, s => $"{BasePath}/{s.SuggestionId}");

    private static async Task<Results<Ok<ResultPage<SuggestionResource>>, ValidationProblem, ProblemHttpResult>> MineAsync(
        SuggestionHandling handling,
        CancellationToken cancellationToken,
        [IntegerText(1, PageRequest.MaxPage)] string? page = null,
        [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize = null)
    {
        var errors = new FieldErrors();
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        return (await handling.MineAsync(paging, cancellationToken)).ToOk(result => result.Map(SuggestionResource.From));
    }

    private static async Task<Results<Ok<ResultPage<SuggestionResource>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        SuggestionHandling handling,
        CancellationToken cancellationToken,
        string? hallId = null,
        [WireEnum<SuggestionStatus>] string? status = null,
        [WireEnum<FeedbackCategory>] string? category = null,
        [WireEnum<FeedbackSource>] string? source = null,
        [IntegerText(1, PageRequest.MaxPage)] string? page = null,
        [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize = null)
    {
        var errors = new FieldErrors();
        var hall = HallIds.Check("hallId", hallId, errors);
        var statusFilter = ConductRegister.ParseOptional<SuggestionStatus>("status", status, errors);
        var categoryFilter = ConductRegister.ParseOptional<FeedbackCategory>("category", category, errors);
        var sourceFilter = ConductRegister.ParseOptional<FeedbackSource>("source", source, errors);
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var outcome = await handling.ListAsync(new SuggestionQuery(hall, statusFilter, categoryFilter, sourceFilter, paging), cancellationToken);
        return outcome.ToOk(result => result.Map(SuggestionResource.From));
    }

    private static async Task<Results<Ok<SuggestionResource>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string suggestionId, SuggestionHandling handling, CancellationToken cancellationToken) =>
        (await handling.GetAsync(suggestionId, cancellationToken)).ToOk(SuggestionResource.From);

    private static async Task<Results<Ok<SuggestionResource>, ValidationProblem, ProblemHttpResult>> TriageAsync(
        string suggestionId, TriageSuggestionCommand body, SuggestionHandling handling, CancellationToken cancellationToken) =>
        (await handling.TriageAsync(suggestionId, body, cancellationToken)).ToOk(SuggestionResource.From);

    private static async Task<Results<Ok<SuggestionResource>, ValidationProblem, ProblemHttpResult>> LinkAsync(
        string suggestionId, LinkImprovementActionCommand body, SuggestionHandling handling, CancellationToken cancellationToken) =>
        (await handling.LinkAsync(suggestionId, body, cancellationToken)).ToOk(SuggestionResource.From);

    private static async Task<Results<Ok<SuggestionResource>, ValidationProblem, ProblemHttpResult>> AttachTextAsync(
        string suggestionId, AttachTextCommand body, SuggestionHandling handling, CancellationToken cancellationToken) =>
        (await handling.AttachTextAsync(suggestionId, body, cancellationToken)).ToOk(SuggestionResource.From);

    private static async Task<Results<Ok<FeedbackThemes>, ValidationProblem, ProblemHttpResult>> ThemesAsync(
        SuggestionHandling handling, CancellationToken cancellationToken, string? hallId = null, string? from = null, string? to = null)
    {
        var errors = new FieldErrors();
        var hall = HallIds.Check("hallId", hallId, errors);
        var fromInstant = InstantRange.Parse("from", from, errors);
        var toInstant = InstantRange.Parse("to", to, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        return (await handling.ThemesAsync(hall, fromInstant, toInstant, cancellationToken)).ToOk(themes => themes);
    }

}
