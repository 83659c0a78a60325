using HallPlatform.Application;
using Google.Protobuf.WellKnownTypes;
using HallPlatform.Contracts.Reception.V1;
using HallPlatform.Reception.Application.Queue;
using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Grpc;

/// <summary>Translates Reception's views to gRPC messages (outcomes go through ServiceDefaults' <c>OutcomeRpc</c>).</summary>
internal static class ReceptionRpc
{
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
            JourneyId = view.JourneyId ?? "",
            CaseOwner = view.CaseOwner.ToWire(),
            CaseState = view.CaseState.ToWire(),
            CaseId = view.CaseId ?? "",
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
