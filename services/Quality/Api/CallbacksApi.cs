using HallPlatform.Application;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Quality.Api;

/// <summary>A callback in the list: no personal data (the contact comes with the claim).</summary>
public sealed record CallbackResource(
    string FollowUpId,
    [property: WireEnum<CaseType>] string CaseKind,
    string CaseId,
    string? HallId,
    [property: WireEnum<FollowUpStatus>] string Status,
    DateTimeOffset DueAt,
    DateTimeOffset CallableFrom,
    int CallAttempts,
    string? ResponseId)
{
    public static CallbackResource From(FollowUp followUp) => new(
        followUp.FollowUpId, followUp.CaseKind.ToWire(), followUp.CaseId, followUp.HallId, followUp.Status.ToWire(),
        followUp.DueAt, followUp.NextAttemptAt, followUp.CallAttempts, followUp.ResponseId);
}

/// <summary>A claimed callback: the customer's name and phone to call (the claim is audited with the customer reference).</summary>
public sealed record ClaimedCallbackResource(
    string FollowUpId,
    [property: WireEnum<CaseType>] string CaseKind,
    string CaseId,
    string? HallId,
    [property: WireEnum<FollowUpStatus>] string Status,
    string? CustomerName,
    string? CustomerPhone,
    int CallAttempts)
{
    public static ClaimedCallbackResource From(FollowUp followUp) => new(
        followUp.FollowUpId, followUp.CaseKind.ToWire(), followUp.CaseId, followUp.HallId, followUp.Status.ToWire(),
        followUp.CustomerName, followUp.CustomerPhone, followUp.CallAttempts);
}

public static class CallbacksApi
{
    public const string BasePath = "/api/v1/callbacks";

    public static IEndpointRouteBuilder MapCallbacksApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath)
            .WithTag("Callbacks", "Follow-up calls (回访) to customers of finished cases: the due list, claims and results.");
        group.MapGet("/", ListAsync).WithName("ListDueCallbacks")
            .WithSummary("List due callbacks")
            .WithDescription("Ready follow-ups whose time has come, oldest first, in the caller's halls (or `hallId`); never those of cases "
                + "the caller served. No personal data: the contact comes with the claim. A `hallId` not the caller's is 403.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/{followUpId}/claim", ClaimAsync).WithName("ClaimCallback")
            .WithSummary("Claim a callback")
            .WithDescription("ready → claimed by the caller, answered with the customer's name and phone (audited). 404 for an unknown "
                + "id or another hall's; 409 when it is not a due ready callback, was claimed meanwhile, or the caller served the case.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{followUpId}/result", RecordResultAsync).WithName("RecordCallbackResult")
            .WithSummary("Record a callback's result")
            .WithDescription("By the analyst holding the claim. `result`: reached (optional answers: `csatScore` 1..5 with `npsScore` "
                + "0..10, `firstContactResolved`, `comment` up to 1000 characters, recorded as the case's survey answer), refused, or "
                + "not-reached (listed again after the retry interval; unreachable after the last allowed call). 409 when not claimed by the caller.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<Results<Ok<ResultPage<CallbackResource>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        CallbackHandling handling,
        CancellationToken cancellationToken,
        string? hallId = null,
        [IntegerText(1, PageRequest.MaxPage)] string? page = null,
        [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize = null)
    {
        var errors = new FieldErrors();
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var outcome = await handling.ListDueAsync(hallId, paging, cancellationToken);
        return outcome.ToOk(result => result.Map(CallbackResource.From));
    }

    private static async Task<Results<Ok<ClaimedCallbackResource>, ValidationProblem, ProblemHttpResult>> ClaimAsync(
        string followUpId, CallbackHandling handling, CancellationToken cancellationToken)
    {
        var outcome = await handling.ClaimAsync(followUpId, cancellationToken);
        return outcome.ToOk(ClaimedCallbackResource.From);
    }

    private static async Task<Results<Ok<CallbackResource>, ValidationProblem, ProblemHttpResult>> RecordResultAsync(
        string followUpId, RecordCallbackResultCommand body, CallbackHandling handling, CancellationToken cancellationToken)
    {
        var outcome = await handling.RecordResultAsync(followUpId, body, cancellationToken);
        return outcome.ToOk(CallbackResource.From);
    }
}
