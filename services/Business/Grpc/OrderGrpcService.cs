using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HallPlatform.Business.Application;
using HallPlatform.Business.Domain;
using HallPlatform.Contracts.Business.V1;
using HallPlatform.Application;
using static HallPlatform.Application.OutcomeRpc;

namespace HallPlatform.Business.Grpc;

/// <summary>gRPC OrderService: Reception opens the visit's order when a counter calls its ticket.</summary>
public sealed class OrderGrpcService(OrderHandling orders) : OrderService.OrderServiceBase
{
    public override async Task<OrderReply> OpenOrder(OpenOrderRequest request, ServerCallContext context)
    {
        var command = new OpenOrderCommand(request.VisitId, request.HallId, request.ServiceType, request.CounterId, request.TicketNumber, request.JourneyId);
        return ToReply(ValueOrThrow(await orders.OpenOrderAsync(command, context.CancellationToken)));
    }

    /// <summary>Another hall's order is not found, as over REST.</summary>
    public override async Task<OrderReply> GetOrder(GetOrderRequest request, ServerCallContext context) =>
        ToReply(ValueOrThrow(await orders.GetAsync(request.OrderId, context.CancellationToken)));

    private static OrderReply ToReply(Order order) => new()
    {
        OrderId = order.OrderId,
        VisitId = order.VisitId,
        HallId = order.HallId,
        ServiceType = order.ServiceType,
        CounterId = order.CounterId,
        TicketNumber = order.TicketNumber,
        State = order.State.ToWire(),
        CreatedAt = Timestamp.FromDateTimeOffset(order.CreatedAt),
        StateChangedAt = Timestamp.FromDateTimeOffset(order.StateChangedAt),
        JourneyId = order.JourneyId ?? "",
    };
}
