using Grpc.Core;
using HallPlatform.Application;
using Microsoft.AspNetCore.Http;

namespace HallPlatform.ServiceDefaults.Tests;

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
}
