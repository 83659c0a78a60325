using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HallPlatform.Contracts.Fault.V1;
using HallPlatform.Fault.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.Application;
using static HallPlatform.Application.OutcomeRpc;

namespace HallPlatform.Fault.Grpc;

/// <summary>gRPC TroubleTicketService: partner channels report faults through the gateway's gRPC passthrough.</summary>
public sealed class TroubleTicketGrpcService(TroubleTicketHandling tickets) : TroubleTicketService.TroubleTicketServiceBase
{
    public override async Task<TroubleTicketReply> ReportFault(ReportFaultRequest request, ServerCallContext context)
    {
        var command = new ReportFaultCommand(request.Channel, request.ExternalId, request.Name, request.Description,
            request.Severity, request.TicketType, request.HallId, request.CustomerPhone, request.CustomerName, request.ServiceAffected);
        return ToReply(ValueOrThrow(await tickets.ReportAsync(command, context.CancellationToken)));
    }

    /// <summary>Reception opens the ticket of a called visit (services only; not routed by the gateway).</summary>
    public override async Task<TroubleTicketReply> OpenTicketForVisit(OpenTicketForVisitRequest request, ServerCallContext context)
    {
        var command = new OpenTicketForVisitCommand(request.VisitId, request.JourneyId, request.HallId, request.ServiceType, request.CounterId,
            request.TicketNumber, request.CustomerName, request.CustomerPhone, request.HasDescription ? request.Description : null);
        return ToReply(ValueOrThrow(await tickets.OpenForVisitAsync(command, context.CancellationToken)));
    }

    public override async Task<TroubleTicketReply> GetTroubleTicket(GetTroubleTicketRequest request, ServerCallContext context) =>
        ToReply(ValueOrThrow(await tickets.GetAsync(request.TicketId, context.CancellationToken)));

    private static TroubleTicketReply ToReply(TroubleTicket ticket) => new()
    {
        TicketId = ticket.TicketId,
        Channel = ticket.Channel.ToWire(),
        ExternalId = ticket.ExternalId ?? "",
        Name = ticket.Name,
        Severity = ticket.Severity.ToWire(),
        TicketType = ticket.TicketType.ToWire(),
        Status = ticket.Status.ToWire(),
        CreatedAt = Timestamp.FromDateTimeOffset(ticket.CreatedAt),
        ExpectedResolutionDate = Timestamp.FromDateTimeOffset(ticket.ExpectedResolutionDate),
        JourneyId = ticket.JourneyId ?? "",
        VisitId = ticket.VisitId ?? "",
    };
}
