using Grpc.Core;
using HallPlatform.Application;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Platform.Tests;

public sealed class OutcomeTranslationTests
{
    [Theory]
    [InlineData(OutcomeKind.NotFound, StatusCodes.Status404NotFound)]
    [InlineData(OutcomeKind.Conflict, StatusCodes.Status409Conflict)]
    [InlineData(OutcomeKind.KeyReused, StatusCodes.Status409Conflict)]
    [InlineData(OutcomeKind.Forbidden, StatusCodes.Status403Forbidden)]
    public void Failed_outcomes_become_problems_with_their_status(OutcomeKind kind, int status)
    {
        var problem = new Outcome<int>(kind, Title: "title", Detail: "detail").ToProblem();

        Assert.Equal(status, problem.StatusCode);
        Assert.Equal("title", problem.ProblemDetails.Title);
        Assert.Equal("detail", problem.ProblemDetails.Detail);
    }

    [Theory]
    [InlineData(OutcomeKind.NotFound, StatusCode.NotFound)]
    [InlineData(OutcomeKind.Conflict, StatusCode.FailedPrecondition)]
    [InlineData(OutcomeKind.KeyReused, StatusCode.AlreadyExists)]
    [InlineData(OutcomeKind.Forbidden, StatusCode.PermissionDenied)]
    public void Failed_outcomes_become_grpc_statuses(OutcomeKind kind, StatusCode code)
    {
        var exception = Assert.Throws<RpcException>(() => OutcomeRpc.ValueOrThrow(new Outcome<int>(kind, Detail: "detail")));

        Assert.Equal(code, exception.StatusCode);
        Assert.Equal("detail", exception.Status.Detail);
    }

    [Fact]
    public void Invalid_fields_are_named_as_in_rest_in_the_detail_and_one_trailer_each()
    {
        var invalid = Outcome<int>.Invalid(new Dictionary<string, string[]> { ["customerPhone"] = ["is required"], ["hallId"] = ["is unknown"] });

        var exception = Assert.Throws<RpcException>(() => OutcomeRpc.ValueOrThrow(invalid));

        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        Assert.Equal("Invalid request: customerPhone: is required; hallId: is unknown", exception.Status.Detail);
        Assert.Equal(["customerPhone", "hallId"], exception.Trailers.GetAll(OutcomeRpc.InvalidFieldTrailer).Select(e => e.Value));
    }

    [Fact]
    public void Successful_outcomes_give_their_value_and_a_reused_key_is_titled()
    {
        Assert.Equal(7, OutcomeRpc.ValueOrThrow(Outcome<int>.Replayed(7)));
        Assert.Equal("Idempotency key reused.", Outcome<int>.KeyReused("detail").Title);
        Assert.Null(OutcomeRpc.NullIfEmpty(""));
    }

    [Fact]
    public void The_convenience_factories_name_the_unknown_id_and_the_one_invalid_field()
    {
        var notFound = Outcome<int>.NotFoundById("Visit", "vis_1");
        var invalid = Outcome<int>.Invalid("visitId", "The visit id is required.");

        Assert.Equal((OutcomeKind.NotFound, "Visit not found.", "There is no visit 'vis_1'."), (notFound.Kind, notFound.Title, notFound.Detail));
        Assert.Equal(OutcomeKind.Invalid, invalid.Kind);
        Assert.Equal(["The visit id is required."], invalid.Errors!["visitId"]);
    }

    [Fact]
    public void Created_is_201_with_its_location_and_replayed_or_ok_are_200()
    {
        var created = Outcome<int>.Created(7).ToCreatedOrOk(v => v * 2, v => $"/things/{v}").Result;
        var replayed = Outcome<int>.Replayed(7).ToCreatedOrOk(v => v * 2, v => $"/things/{v}").Result;
        var invalid = Outcome<int>.Invalid("name", "required").ToCreatedOrOk(v => v, v => "/").Result;
        var conflict = Outcome<int>.Conflict("title", "detail").ToCreatedOrOk(v => v, v => "/").Result;

        var createdResult = Assert.IsType<Created<int>>(created);
        Assert.Equal(("/things/14", 14), (createdResult.Location, createdResult.Value));
        Assert.Equal(14, Assert.IsType<Ok<int>>(replayed).Value);
        Assert.IsType<ValidationProblem>(invalid);
        Assert.Equal(StatusCodes.Status409Conflict, Assert.IsType<ProblemHttpResult>(conflict).StatusCode);
    }

    [Fact]
    public void Created_only_is_201_or_the_failure()
    {
        var created = Outcome<int>.Created(7).ToCreated(v => v, v => $"/things/{v}").Result;
        var notFound = Outcome<int>.NotFoundById("Hall", "hall-9").ToCreated(v => v, v => "/").Result;

        Assert.Equal("/things/7", Assert.IsType<Created<int>>(created).Location);
        Assert.Equal(StatusCodes.Status404NotFound, Assert.IsType<ProblemHttpResult>(notFound).StatusCode);
    }

    [Fact]
    public void A_status_detail_quoting_a_huge_input_is_capped_so_the_trailer_stays_readable()
    {
        var unknownId = new string('a', 100_000);

        var notFound = Assert.Throws<RpcException>(() => OutcomeRpc.ValueOrThrow(Outcome<int>.NotFoundById("Visit", unknownId)));
        var invalid = OutcomeRpc.InvalidArgument(
            new Dictionary<string, string[]> { ["serviceType"] = [$"Unknown service type '{unknownId}'."] });

        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(OutcomeRpc.MaxDetailLength, notFound.Status.Detail.Length);
        Assert.StartsWith("There is no visit 'aaa", notFound.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(OutcomeRpc.MaxDetailLength, invalid.Status.Detail.Length);
        Assert.Equal("serviceType", invalid.Trailers.GetValue(OutcomeRpc.InvalidFieldTrailer));
    }
}
