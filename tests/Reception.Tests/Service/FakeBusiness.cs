using System.Collections.Concurrent;
using Grpc.Core;
using HallPlatform.Contracts.Business.V1;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>
/// Stands in for the Business service behind OrderService.OrderServiceClient: records every OpenOrder and
/// answers like Business does (one order per visit), or fails as if Business were down.
/// </summary>
public sealed class FakeBusiness : CallInvoker
{
    private readonly ConcurrentDictionary<string, string> _orderByVisit = new();

    public ConcurrentQueue<OpenOrderRequest> OpenOrderRequests { get; } = new();

    public bool Unreachable { get; set; }

    public string? OrderFor(string visitId) => _orderByVisit.GetValueOrDefault(visitId);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        if (request is not OpenOrderRequest open)
        {
            throw new NotSupportedException(method.FullName);
        }
        OpenOrderRequests.Enqueue(open);
        if (Unreachable)
        {
            var failure = new RpcException(new Status(StatusCode.Unavailable, "Business is down (test)."));
            return new AsyncUnaryCall<TResponse>(Task.FromException<TResponse>(failure), Task.FromResult(new Metadata()),
                () => failure.Status, () => [], () => { });
        }
        var orderId = _orderByVisit.GetOrAdd(open.VisitId, _ => "ord_" + Guid.CreateVersion7().ToString("N"));
        var reply = new OrderReply
        {
            OrderId = orderId,
            VisitId = open.VisitId,
            HallId = open.HallId,
            ServiceType = open.ServiceType,
            CounterId = open.CounterId,
            TicketNumber = open.TicketNumber,
            State = "acknowledged",
        };
        return new AsyncUnaryCall<TResponse>(Task.FromResult((TResponse)(object)reply), Task.FromResult(new Metadata()),
            () => Status.DefaultSuccess, () => [], () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException(method.FullName);

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException(method.FullName);

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException(method.FullName);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException(method.FullName);
}
