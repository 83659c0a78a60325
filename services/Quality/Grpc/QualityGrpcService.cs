using Google.Protobuf.WellKnownTypes;
using HallPlatform.Contracts.Quality.V1;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Domain;
using HallPlatform.ServiceDefaults.Api;
using global::Grpc.Core;

namespace HallPlatform.Quality.Grpc;

/// <summary>Survey answers and satisfaction statistics over gRPC; the same application code as REST.</summary>
public sealed class QualityGrpcService(SurveyHandling handling) : QualityService.QualityServiceBase
{
    public override async Task<SurveyResponseReply> RecordSurveyResponse(RecordSurveyResponseRequest request, ServerCallContext context)
    {
        // proto3 has no "absent": an empty string is a missing field, and a csat_score of 0 is out of range anyway.
        var command = new RecordSurveyResponseCommand(
            NullIfEmpty(request.CaseType),
            NullIfEmpty(request.CaseId),
            NullIfEmpty(request.HallId),
            request.CsatScore,
            request.NpsScore,
            NullIfEmpty(request.Comment));
        var response = GrpcOutcomes.ValueOrThrow(await handling.RecordAsync(command, context.CancellationToken));
        return new SurveyResponseReply
        {
            ResponseId = response.ResponseId,
            CaseType = response.CaseType.ToWire(),
            CaseId = response.CaseId,
            AnsweredAt = Timestamp.FromDateTimeOffset(response.AnsweredAt),
        };
    }

    /// <summary>With no responses the reply has responses = 0 and both scores 0: proto3 doubles cannot be null.</summary>
    public override async Task<SatisfactionSummaryReply> GetSatisfactionSummary(SatisfactionSummaryRequest request, ServerCallContext context)
    {
        var outcome = await handling.SummaryAsync(
            NullIfEmpty(request.HallId), request.From?.ToDateTimeOffset(), request.To?.ToDateTimeOffset(), context.CancellationToken);
        var summary = GrpcOutcomes.ValueOrThrow(outcome);
        return new SatisfactionSummaryReply
        {
            Responses = summary.Tally.Responses,
            CsatPercent = summary.Tally.CsatPercent ?? 0,
            Nps = summary.Tally.NetPromoterScore ?? 0,
        };
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

/// <summary>Translates use-case outcomes to gRPC status codes.</summary>
internal static class GrpcOutcomes
{
    public static T ValueOrThrow<T>(Outcome<T> outcome) => outcome.Kind switch
    {
        OutcomeKind.Created or OutcomeKind.Replayed or OutcomeKind.Ok => outcome.Value!,
        OutcomeKind.Invalid => throw new RpcException(new Status(StatusCode.InvalidArgument, FieldMessages(outcome.Errors!))),
        OutcomeKind.NotFound => throw new RpcException(new Status(StatusCode.NotFound, outcome.Detail ?? "Not found.")),
        // A different answer for an already answered case: that case's response already exists.
        OutcomeKind.Conflict when outcome.Title == SurveyHandling.IdempotencyConflictTitle =>
            throw new RpcException(new Status(StatusCode.AlreadyExists, outcome.Detail ?? "Already exists.")),
        OutcomeKind.Conflict => throw new RpcException(new Status(StatusCode.FailedPrecondition, outcome.Detail ?? "Conflict.")),
        _ => throw new RpcException(new Status(StatusCode.Internal, "Unexpected outcome.")),
    };

    /// <summary>"field_name: message; ..." with the proto's snake_case field names.</summary>
    private static string FieldMessages(IReadOnlyDictionary<string, string[]> errors) =>
        string.Join("; ", errors.SelectMany(entry => entry.Value.Select(message => $"{SnakeCase(entry.Key)}: {message}")));

    private static string SnakeCase(string camelCase) =>
        string.Concat(camelCase.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString()));
}
