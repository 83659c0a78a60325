using Google.Protobuf.WellKnownTypes;
using HallPlatform.Contracts.Quality.V1;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Domain;
using HallPlatform.Application;
using global::Grpc.Core;
using static HallPlatform.Application.OutcomeRpc;

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
        var response = ValueOrThrow(await handling.RecordAsync(command, context.CancellationToken));
        return new SurveyResponseReply
        {
            ResponseId = response.ResponseId,
            CaseType = response.CaseType.ToWire(),
            CaseId = response.CaseId,
            AnsweredAt = Timestamp.FromDateTimeOffset(response.AnsweredAt),
        };
    }

    /// <summary>
    /// Without hall_id, every hall the caller sees. With no responses the reply has responses = 0 and both scores 0:
    /// proto3 doubles cannot be null.
    /// </summary>
    public override async Task<SatisfactionSummaryReply> GetSatisfactionSummary(SatisfactionSummaryRequest request, ServerCallContext context)
    {
        var outcome = await handling.SummaryAsync(
            NullIfEmpty(request.HallId), request.From?.ToDateTimeOffset(), request.To?.ToDateTimeOffset(), context.CancellationToken);
        var summary = ValueOrThrow(outcome);
        return new SatisfactionSummaryReply
        {
            Responses = summary.Tally.Responses,
            CsatPercent = summary.Tally.CsatPercent ?? 0,
            Nps = summary.Tally.NetPromoterScore ?? 0,
        };
    }
}
