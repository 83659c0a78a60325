using Google.Protobuf.WellKnownTypes;
using HallPlatform.Complaint.Application;
using HallPlatform.Complaint.Domain;
using HallPlatform.Contracts.Complaint.V1;
using HallPlatform.Application;
using global::Grpc.Core;
using static HallPlatform.Application.OutcomeRpc;

namespace HallPlatform.Complaint.Grpc;

/// <summary>Partner channels register complaints here; the same application code as REST.</summary>
public sealed class ComplaintGrpcService(ComplaintHandling handling) : ComplaintService.ComplaintServiceBase
{
    public override async Task<ComplaintReply> RegisterComplaint(RegisterComplaintRequest request, ServerCallContext context)
    {
        // proto3 has no "absent" for strings: empty means not given.
        var command = new RegisterComplaintCommand(
            NullIfEmpty(request.Channel),
            NullIfEmpty(request.ExternalId),
            NullIfEmpty(request.Subject),
            NullIfEmpty(request.Description),
            NullIfEmpty(request.RemedySought),
            NullIfEmpty(request.Category),
            NullIfEmpty(request.HallId),
            NullIfEmpty(request.CustomerPhone),
            NullIfEmpty(request.CustomerName),
            NullIfEmpty(request.RelatedVisitId),
            NullIfEmpty(request.RelatedOrderId),
            NullIfEmpty(request.RelatedTicketId),
            NullIfEmpty(request.RelatedStaffId));
        var outcome = await handling.RegisterAsync(command, context.CancellationToken);
        return ToReply(ValueOrThrow(outcome));
    }

    /// <summary>Reception opens the complaint of a called visit (services only; not routed by the gateway).</summary>
    public override async Task<ComplaintReply> OpenComplaintForVisit(OpenComplaintForVisitRequest request, ServerCallContext context)
    {
        var command = new OpenComplaintForVisitCommand(
            NullIfEmpty(request.VisitId),
            NullIfEmpty(request.JourneyId),
            NullIfEmpty(request.HallId),
            NullIfEmpty(request.TicketNumber),
            NullIfEmpty(request.CustomerName),
            NullIfEmpty(request.CustomerPhone),
            request.HasDescription ? NullIfEmpty(request.Description) : null);
        return ToReply(ValueOrThrow(await handling.OpenForVisitAsync(command, context.CancellationToken)));
    }

    public override async Task<ComplaintReply> GetComplaint(GetComplaintRequest request, ServerCallContext context)
    {
        var outcome = await handling.GetAsync(request.ComplaintId, context.CancellationToken);
        return ToReply(ValueOrThrow(outcome));
    }

    private static ComplaintReply ToReply(CustomerComplaint complaint) => new()
    {
        ComplaintId = complaint.ComplaintId,
        Channel = complaint.Channel.ToWire(),
        Subject = complaint.Subject,
        Category = complaint.Category.ToWire(),
        Status = complaint.Status.ToWire(),
        ReceivedAt = Timestamp.FromDateTimeOffset(complaint.ReceivedAt),
        ResponseDueAt = Timestamp.FromDateTimeOffset(complaint.ResponseDueAt),
        JourneyId = complaint.JourneyId ?? "",
        VisitId = complaint.VisitId ?? "",
        DepartmentId = complaint.DepartmentId ?? "",
        Outcome = complaint.Outcome?.ToWire() ?? "",
    };
}
