using Grpc.Core;
using HallPlatform.Contracts.Reception.V1;
using HallPlatform.Application;
using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Queue;
using static HallPlatform.Application.OutcomeRpc;

namespace HallPlatform.Reception.Grpc;

/// <summary>Kiosks and partner channels check in over gRPC; same use cases as the REST API.</summary>
public sealed class ReceptionGrpcService(CheckInHandling checkIn, VisitQueries visits, HallQueries halls, HallCatalogue catalogue)
    : ReceptionService.ReceptionServiceBase
{
    /// <summary>
    /// Request metadata that older clients send instead of <see cref="CheckInRequest.IdempotencyKey"/>; still read
    /// when the field is empty.
    /// </summary>
    public const string IdempotencyKeyHeader = "idempotency-key";

    public override async Task<CheckInReply> CheckIn(CheckInRequest request, ServerCallContext context)
    {
        var idempotencyKey = IdempotencyKey(request, context.RequestHeaders);
        // proto3 sends "" for a field not given; the application treats null as absent (an appointment fills the gaps).
        var command = new CheckInCommand(
            NullIfEmpty(request.HallId),
            NullIfEmpty(request.CustomerName),
            NullIfEmpty(request.CustomerPhone),
            NullIfEmpty(request.ServiceType),
            NullIfEmpty(request.Channel),
            idempotencyKey,
            NullIfEmpty(request.PriorityClass),
            NullIfEmpty(request.AppointmentId),
            NullIfEmpty(request.IdDocumentType),
            NullIfEmpty(request.IdDocumentNumber));
        var outcome = await checkIn.CheckInAsync(command, context.CancellationToken);
        return new CheckInReply { Visit = ReceptionRpc.ToReply(ValueOrThrow(outcome)), Replayed = outcome.Kind == OutcomeKind.Replayed };
    }

    public override async Task<VisitReply> GetVisit(GetVisitRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.VisitId))
        {
            throw InvalidArgument(new Dictionary<string, string[]> { ["visitId"] = ["The visit id is required."] });
        }
        return ReceptionRpc.ToReply(ValueOrThrow(await visits.GetAsync(request.VisitId, context.CancellationToken)));
    }

    public override async Task<WaitTimesReply> GetWaitTimes(GetWaitTimesRequest request, ServerCallContext context)
    {
        var hallId = catalogue.ResolveHallId(NullIfEmpty(request.HallId));
        var rows = ValueOrThrow(await halls.WaitTimesAsync(hallId, context.CancellationToken));
        var reply = new WaitTimesReply { HallId = hallId };
        reply.ServiceTypes.AddRange(rows.Select(ReceptionRpc.ToReply));
        return reply;
    }

    /// <summary>The field, else the metadata; both given and different is a field error rather than a guess.</summary>
    private static string? IdempotencyKey(CheckInRequest request, Metadata headers)
    {
        var field = NullIfEmpty(request.IdempotencyKey);
        var header = headers.GetValue(IdempotencyKeyHeader);
        if (field is not null && header is not null && !string.Equals(field, header, StringComparison.Ordinal))
        {
            throw InvalidArgument(new Dictionary<string, string[]>
            {
                ["idempotencyKey"] = [$"The idempotency_key field and the {IdempotencyKeyHeader} metadata differ; send the key once."],
            });
        }
        return field ?? header;
    }
}
