using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HallPlatform.Contracts.Fault.V1;
using HallPlatform.Fault.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.Application;

namespace HallPlatform.Fault.Grpc;

/// <summary>gRPC TroubleTicketService: partner channels report faults through the gateway's gRPC passthrough.</summary>
public sealed class TroubleTicketGrpcService(TroubleTicketApplicationService tickets) : TroubleTicketService.TroubleTicketServiceBase
{
    public override async Task<TroubleTicketReply> ReportFault(ReportFaultRequest request, ServerCallContext context)
    {
        var command = new ReportFaultCommand(request.Channel, request.ExternalId, request.Name, request.Description,
            request.Severity, request.TicketType, request.HallId, request.CustomerPhone);
        return await tickets.ReportAsync(command, context.CancellationToken) switch
        {
            ReportResult.Created created => ToReply(created.Ticket),
            ReportResult.Replayed replayed => ToReply(replayed.Ticket),
            ReportResult.Invalid invalid => throw OutcomeRpc.InvalidArgument(invalid.Errors),
            ReportResult.KeyConflict conflict => throw new RpcException(new Status(StatusCode.AlreadyExists,
                conflict.ExistingTicketId is null
                    ? $"The {conflict.Channel.ToWire()} reference '{conflict.ExternalId}' already belongs to another reporter's ticket."
                    : $"The {conflict.Channel.ToWire()} reference '{conflict.ExternalId}' already belongs to ticket " +
                        $"{conflict.ExistingTicketId}, registered with different content.")),
            _ => throw new RpcException(new Status(StatusCode.Internal, "Unexpected report outcome.")),
        };
    }

    public override async Task<TroubleTicketReply> GetTroubleTicket(GetTroubleTicketRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.TicketId))
        {
            throw OutcomeRpc.InvalidArgument(new Dictionary<string, string[]> { ["ticketId"] = ["ticketId is required."] });
        }
        var ticket = await tickets.GetAsync(request.TicketId, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"No trouble ticket has id '{request.TicketId}'."));
        return ToReply(ticket);
    }

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
    };
}
