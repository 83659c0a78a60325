using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using HallPlatform.Contracts.Business.V1;
using HallPlatform.Contracts.Complaint.V1;
using HallPlatform.Contracts.Fault.V1;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>
/// Stands in for the case owners behind Reception's gRPC clients (Business OpenOrder, Fault OpenTicketForVisit,
/// Complaint OpenComplaintForVisit): records every request, answers like the owners do (one case per visit, the same
/// case again on a repeat), or fails as if the owner were down.
/// </summary>
public sealed class FakeOwners : CallInvoker
{
    // Per visit and kind of case (the id prefix): a visit transferred to another owner's type gets a case there too.
    private readonly ConcurrentDictionary<(string VisitId, string Prefix), string> _caseByVisit = new();
    private readonly ConcurrentDictionary<string, int> _answersByVisit = new();

    public ConcurrentQueue<OpenOrderRequest> OpenOrderRequests { get; } = new();

    public ConcurrentQueue<OpenTicketForVisitRequest> OpenTicketRequests { get; } = new();

    public ConcurrentQueue<OpenComplaintForVisitRequest> OpenComplaintRequests { get; } = new();

    /// <summary>The caller header of every request, as Reception signed it.</summary>
    public ConcurrentQueue<string> Callers { get; } = new();

    public bool Unreachable { get; set; }

    /// <summary>The first case an owner opened for the visit (null: none opened).</summary>
    public string? OrderFor(string visitId) =>
        _caseByVisit.Where(c => c.Key.VisitId == visitId).OrderBy(c => c.Value, StringComparer.Ordinal).Select(c => c.Value).FirstOrDefault();

    /// <summary>The case of one kind (id prefix <c>ord_</c>, <c>tt_</c>, <c>cmp_</c>) opened for the visit.</summary>
    public string? CaseFor(string visitId, string prefix) => _caseByVisit.GetValueOrDefault((visitId, prefix));

    /// <summary>How many cases the owners created for the visit (a repeat of the same visit and owner creates none).</summary>
    public int CasesCreatedFor(string visitId) => _caseByVisit.Keys.Count(k => k.VisitId == visitId);

    /// <summary>How many successful answers the owner sent for the visit.</summary>
    public int AnswersFor(string visitId) => _answersByVisit.GetValueOrDefault(visitId);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Callers.Enqueue(options.Headers?.GetValue("x-hall-caller") ?? "");
        var (visitId, prefix) = request switch
        {
            OpenOrderRequest order => Record(OpenOrderRequests, order, order.VisitId, "ord_"),
            OpenTicketForVisitRequest ticket => Record(OpenTicketRequests, ticket, ticket.VisitId, "tt_"),
            OpenComplaintForVisitRequest complaint => Record(OpenComplaintRequests, complaint, complaint.VisitId, "cmp_"),
            _ => throw new NotSupportedException(method.FullName),
        };
        if (Unreachable)
        {
            var failure = new RpcException(new Status(StatusCode.Unavailable, "The owner is down (test)."));
            return new AsyncUnaryCall<TResponse>(Task.FromException<TResponse>(failure), Task.FromResult(new Metadata()),
                () => failure.Status, () => [], () => { });
        }
        var caseId = _caseByVisit.GetOrAdd((visitId, prefix), _ => prefix + Guid.CreateVersion7().ToString("N"));
        _answersByVisit.AddOrUpdate(visitId, 1, (_, count) => count + 1);
        IMessage reply = request switch
        {
            OpenOrderRequest open => new OrderReply
            {
                OrderId = caseId,
                VisitId = open.VisitId,
                HallId = open.HallId,
                ServiceType = open.ServiceType,
                CounterId = open.CounterId,
                TicketNumber = open.TicketNumber,
                State = "acknowledged",
                JourneyId = open.JourneyId,
            },
            OpenTicketForVisitRequest open => new TroubleTicketReply { TicketId = caseId, Channel = "hall", VisitId = open.VisitId, JourneyId = open.JourneyId },
            OpenComplaintForVisitRequest open => new ComplaintReply { ComplaintId = caseId, Channel = "hall", VisitId = open.VisitId, JourneyId = open.JourneyId },
            _ => throw new NotSupportedException(method.FullName),
        };
        return new AsyncUnaryCall<TResponse>(Task.FromResult((TResponse)reply), Task.FromResult(new Metadata()),
            () => Status.DefaultSuccess, () => [], () => { });
    }

    private static (string VisitId, string Prefix) Record<T>(ConcurrentQueue<T> requests, T request, string visitId, string prefix)
    {
        requests.Enqueue(request);
        return (visitId, prefix);
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
