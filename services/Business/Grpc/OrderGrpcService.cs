using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HallPlatform.Business.Application;
using HallPlatform.Business.Domain;
using HallPlatform.Contracts.Business.V1;
using HallPlatform.Application;

namespace HallPlatform.Business.Grpc;

/// <summary>gRPC OrderService: Reception opens the visit's order when a counter calls its ticket.</summary>
public sealed class OrderGrpcService(OrderApplicationService orders) : OrderService.OrderServiceBase
{
    public override async Task<OrderReply> OpenOrder(OpenOrderRequest request, ServerCallContext context)
    {
        var command = new OpenOrderCommand(request.VisitId, request.HallId, request.ServiceType, request.CounterId, request.TicketNumber);
        return await orders.OpenOrderAsync(command, context.CancellationToken) switch
        {
            OpenOrderResult.Opened opened => ToReply(opened.Order),
            OpenOrderResult.Invalid invalid => throw OutcomeRpc.InvalidArgument(invalid.Errors),
            OpenOrderResult.OutsideCallerHalls outside => throw new RpcException(new Status(
                StatusCode.PermissionDenied, $"Orders of hall '{outside.HallId}' cannot be opened by this caller: it is not one of their halls.")),
            _ => throw new RpcException(new Status(StatusCode.Internal, "Unexpected OpenOrder outcome.")),
        };
    }

    public override async Task<OrderReply> GetOrder(GetOrderRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.OrderId))
        {
            throw OutcomeRpc.InvalidArgument(new Dictionary<string, string[]> { ["orderId"] = ["orderId is required."] });
        }
        // Another hall's order is not found, as over REST.
        var order = await orders.GetAsync(request.OrderId, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"No order has id '{request.OrderId}'."));
        return ToReply(order);
    }

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
    };
}
