using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HallPlatform.Contracts.Reception.V1;
using HallPlatform.Reception.Application;
using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Grpc;

/// <summary>Kiosks and partner channels check in over gRPC; same use cases as the REST API.</summary>
public sealed class ReceptionGrpcService(CheckInService checkIn, VisitQueries visits) : ReceptionService.ReceptionServiceBase
{
    /// <summary>Optional request header that makes a retried CheckIn return the first visit instead of a second ticket.</summary>
    public const string IdempotencyKeyHeader = "idempotency-key";

    public override async Task<CheckInReply> CheckIn(CheckInRequest request, ServerCallContext context)
    {
        var command = new CheckInCommand(
            request.HallId,
            request.CustomerName,
            request.CustomerPhone,
            request.ServiceType,
            request.Channel,
            context.RequestHeaders.GetValue(IdempotencyKeyHeader));
        var outcome = await checkIn.CheckInAsync(command, context.CancellationToken);
        return new CheckInReply { Visit = ToReply(Unwrap(outcome).Visit) };
    }

    public override async Task<VisitReply> GetVisit(GetVisitRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.VisitId))
        {
            throw ToRpcException(Failure.Invalid("visitId", "The visit id is required."));
        }
        return ToReply(Unwrap(await visits.GetAsync(request.VisitId, context.CancellationToken)));
    }

    private static T Unwrap<T>(Outcome<T> outcome) =>
        outcome.Failure is { } failure ? throw ToRpcException(failure) : outcome.Value!;

    /// <summary>Field errors travel in the status detail and as "invalid-field" trailers (one per field).</summary>
    internal static RpcException ToRpcException(Failure failure)
    {
        var code = failure.Kind switch
        {
            FailureKind.Invalid => StatusCode.InvalidArgument,
            FailureKind.NotFound => StatusCode.NotFound,
            FailureKind.Conflict => StatusCode.FailedPrecondition,
            FailureKind.Unavailable => StatusCode.Unavailable,
            _ => StatusCode.Internal,
        };
        var trailers = new Metadata();
        var detail = failure.Detail;
        if (failure.Errors is { Count: > 0 } errors)
        {
            detail = string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            foreach (var field in errors.Keys)
            {
                trailers.Add("invalid-field", field);
            }
        }
        return new RpcException(new Status(code, $"{failure.Title} {detail}"), trailers);
    }

    private static VisitReply ToReply(VisitView view) => new()
    {
        VisitId = view.VisitId,
        HallId = view.HallId,
        ServiceType = view.ServiceType,
        TicketNumber = view.TicketNumber,
        Status = view.Status.ToWire(),
        Position = view.Position ?? 0,
        EstimatedWaitSeconds = view.EstimatedWaitSeconds ?? 0,
        CounterId = view.CounterId ?? "",
        OrderId = view.OrderId ?? "",
        ArrivedAt = Timestamp.FromDateTimeOffset(view.ArrivedAt),
        CalledAt = view.CalledAt is { } calledAt ? Timestamp.FromDateTimeOffset(calledAt) : null,
        Channel = view.Channel.ToWire(),
    };
}
