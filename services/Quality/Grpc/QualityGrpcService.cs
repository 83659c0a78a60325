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
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var from = TimeOrError(request.From, "from", errors);
        var to = TimeOrError(request.To, "to", errors);
        if (errors.Count > 0)
        {
            throw InvalidArgument(errors);
        }
        var outcome = await handling.SummaryAsync(NullIfEmpty(request.HallId), from, to, context.CancellationToken);
        var summary = ValueOrThrow(outcome);
        return new SatisfactionSummaryReply
        {
            Responses = summary.Tally.Responses,
            CsatPercent = summary.Tally.CsatPercent ?? 0,
            Nps = summary.Tally.NetPromoterScore ?? 0,
        };
    }

    /// <summary>
    /// The timestamp as a time, or a field error: <see cref="Timestamp.ToDateTimeOffset"/> throws for seconds outside
    /// years 0001..9999 or nanos outside 0..999,999,999, which a client can send.
    /// </summary>
    private static DateTimeOffset? TimeOrError(Timestamp? timestamp, string field, Dictionary<string, string[]> errors)
    {
        if (timestamp is null)
        {
            return null;
        }
        if (timestamp.Seconds is < MinTimestampSeconds or > MaxTimestampSeconds || timestamp.Nanos is < 0 or > 999_999_999)
        {
            errors[field] = ["Must be a valid time between 0001-01-01 and 9999-12-31."];
            return null;
        }
        return timestamp.ToDateTimeOffset();
    }

    /// <summary>0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in seconds since the Unix epoch.</summary>
    private const long MinTimestampSeconds = -62_135_596_800;
    private const long MaxTimestampSeconds = 253_402_300_799;
}
