using HallPlatform.Application;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Quality.Api;

/// <summary>An open survey link: what the survey is about (no personal data) and until when it works.</summary>
public sealed record SurveyInvitationResource(
    [property: WireEnum<CaseType>] string CaseKind,
    string? HallId,
    DateTimeOffset ExpiresAt)
{
    public static SurveyInvitationResource From(SurveyInvitationView view) => new(view.CaseKind.ToWire(), view.HallId, view.ExpiresAt);
}

/// <summary>The answer taken through a survey link.</summary>
public sealed record SurveyInvitationAnswerResource(string ResponseId, DateTimeOffset AnsweredAt);

public static class SurveyInvitationsApi
{
    public const string BasePath = "/api/v1/survey-invitations";

    public static IEndpointRouteBuilder MapSurveyInvitationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath)
            .WithTag("Survey invitations", "The single-use survey link sent to a customer by SMS after a finished case (no login: the token is the credential).");
        group.MapGet("/{token}", GetAsync).WithName("GetSurveyInvitation")
            .WithSummary("Open a survey link")
            .WithDescription("The case kind and hall the survey is about, and the link's expiry. 404 for an unknown token; 409 when the link "
                + "was used already or has expired.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{token}/answer", AnswerAsync).WithName("AnswerSurveyInvitation")
            .WithSummary("Answer through a survey link")
            .WithDescription("`csatScore` 1..5 and `npsScore` 0..10 (required), `firstContactResolved` (was it solved the first time), "
                + "`comment` up to 1000 characters. Recorded as the case's survey answer (201). The link works once: a second use, "
                + "an expired link or a case answered already is 409; an unknown token 404.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<Results<Ok<SurveyInvitationResource>, ProblemHttpResult>> GetAsync(
        string token, SurveyInvitationHandling handling, CancellationToken cancellationToken)
    {
        var outcome = await handling.GetAsync(token, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(SurveyInvitationResource.From(outcome.Value!)) : outcome.ToProblem();
    }

    private static async Task<Results<Created<SurveyInvitationAnswerResource>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        string token, AnswerSurveyInvitationCommand body, SurveyInvitationHandling handling, CancellationToken cancellationToken)
    {
        var outcome = await handling.AnswerAsync(token, body, cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Created => TypedResults.Created($"{SurveyResponsesApi.BasePath}/{outcome.Value!.ResponseId}",
                new SurveyInvitationAnswerResource(outcome.Value.ResponseId, outcome.Value.AnsweredAt)),
            OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors!, title: outcome.Title),
            _ => outcome.ToProblem(),
        };
    }
}
