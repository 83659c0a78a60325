using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HallPlatform.Contracts.Reception.V1;
using HallPlatform.Reception.Application;
using HallPlatform.Reception.Application.Queue;
using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Grpc;

/// <summary>Translates Reception's use-case outcomes and views to gRPC statuses and messages.</summary>
internal static class ReceptionRpc
{
    public static T ValueOrThrow<T>(Outcome<T> outcome) =>
        outcome.Failure is { } failure ? throw ToRpcException(failure) : outcome.Value!;

    /// <summary>Field errors in the one format every service uses (<see cref="ServiceDefaults.Api.OutcomeRpc.InvalidArgument"/>).</summary>
    public static RpcException ToRpcException(Failure failure)
    {
        if (failure.Kind == FailureKind.Invalid && failure.Errors is { Count: > 0 } errors)
        {
            return ServiceDefaults.Api.OutcomeRpc.InvalidArgument(errors);
        }
        var code = failure.Kind switch
        {
            FailureKind.Invalid => StatusCode.InvalidArgument,
            FailureKind.NotFound => StatusCode.NotFound,
            FailureKind.KeyReused => StatusCode.AlreadyExists,
            FailureKind.Conflict => StatusCode.FailedPrecondition,
            FailureKind.Unavailable => StatusCode.Unavailable,
            _ => StatusCode.Internal,
        };
        return new RpcException(new Status(code, $"{failure.Title} {failure.Detail}"));
    }

    /// <summary>
    /// What REST's VisitResponse shows: the masked fields always masked; customer_name, customer_phone and
    /// id_document_number in clear only when the view carries them (GetVisit by a role that needs them), else empty.
    /// </summary>
    public static VisitReply ToReply(VisitView view)
    {
        var reply = new VisitReply
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
            CalledAt = ToTimestamp(view.CalledAt),
            Channel = view.Channel.ToWire(),
            PriorityClass = view.PriorityClass.ToWire(),
            Guidance = new Contracts.Reception.V1.Guidance { SelfService = view.Guidance.SelfService },
            ServingStartedAt = ToTimestamp(view.ServingStartedAt),
            CompletedAt = ToTimestamp(view.CompletedAt),
            RecallCount = view.RecallCount,
            StaffId = view.StaffId ?? "",
            AppointmentId = view.AppointmentId ?? "",
            Outcome = view.Outcome ?? "",
            MaskedCustomerName = view.MaskedCustomerName,
            MaskedCustomerPhone = view.MaskedCustomerPhone,
            IdDocumentType = view.IdDocumentType ?? "",
            MaskedIdDocumentNumber = view.MaskedIdDocumentNumber ?? "",
        };
        if (view.Customer is { } customer)
        {
            reply.CustomerName = customer.Name;
            reply.CustomerPhone = customer.Phone;
            reply.IdDocumentNumber = customer.IdDocumentNumber ?? "";
        }
        reply.Guidance.CounterIds.AddRange(view.Guidance.CounterIds);
        return reply;
    }

    public static ServiceTypeWaitTime ToReply(WaitTimeView row) => new()
    {
        ServiceType = row.ServiceType,
        Name = row.Name,
        Waiting = row.Waiting,
        EstimatedWaitSeconds = row.EstimatedWaitSeconds,
        OpenCounters = row.OpenCounters,
    };

    private static Timestamp? ToTimestamp(DateTimeOffset? value) => value is { } at ? Timestamp.FromDateTimeOffset(at) : null;
}
