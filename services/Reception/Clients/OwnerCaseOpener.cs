using Grpc.Core;
using HallPlatform.Contracts.Business.V1;
using HallPlatform.Contracts.Complaint.V1;
using HallPlatform.Contracts.Fault.V1;
using HallPlatform.Application;
using HallPlatform.Identity;
using HallPlatform.Reception.Application.Queue;
using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Clients;

/// <summary>
/// Opens a called visit's case over gRPC in the service that owns its service type: Business
/// (<c>OrderService.OpenOrder</c>), Fault (<c>OpenTicketForVisit</c>) or Complaint (<c>OpenComplaintForVisit</c>).
/// Always signed as Reception itself, not as the staff member whose call-next triggered it: the owners accept
/// open-for-visit only from services, and a retry long after the request must be allowed just the same.
/// </summary>
public sealed class OwnerCaseOpener(
    OrderService.OrderServiceClient orders,
    TroubleTicketService.TroubleTicketServiceClient faults,
    ComplaintService.ComplaintServiceClient complaints,
    HallCallerSigner signer) : ICaseOpener
{
    public async Task<string> OpenCaseAsync(CaseOpening opening, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(opening);
        var (caller, signature) = signer.Sign(signer.Service);
        var options = new CallOptions(
            new Metadata
            {
                { HallCallerSignature.CallerHeader.ToLowerInvariant(), caller },
                { HallCallerSignature.SignatureHeader.ToLowerInvariant(), signature },
            },
            cancellationToken: cancellationToken);
        switch (opening.Owner)
        {
            case CaseOwner.Fault:
                var ticket = await faults.OpenTicketForVisitAsync(new OpenTicketForVisitRequest
                {
                    VisitId = opening.VisitId,
                    JourneyId = opening.JourneyId ?? "",
                    HallId = opening.HallId,
                    ServiceType = opening.ServiceType,
                    CounterId = opening.CounterId,
                    TicketNumber = opening.TicketNumber,
                    CustomerName = opening.CustomerName ?? "",
                    CustomerPhone = opening.CustomerPhone ?? "",
                }, options);
                return Required(ticket.TicketId, opening);
            case CaseOwner.Complaint:
                var complaint = await complaints.OpenComplaintForVisitAsync(new OpenComplaintForVisitRequest
                {
                    VisitId = opening.VisitId,
                    JourneyId = opening.JourneyId ?? "",
                    HallId = opening.HallId,
                    ServiceType = opening.ServiceType,
                    CounterId = opening.CounterId,
                    TicketNumber = opening.TicketNumber,
                    CustomerName = opening.CustomerName ?? "",
                    CustomerPhone = opening.CustomerPhone ?? "",
                }, options);
                return Required(complaint.ComplaintId, opening);
            default:
                var order = await orders.OpenOrderAsync(new OpenOrderRequest
                {
                    VisitId = opening.VisitId,
                    JourneyId = opening.JourneyId ?? "",
                    HallId = opening.HallId,
                    ServiceType = opening.ServiceType,
                    CounterId = opening.CounterId,
                    TicketNumber = opening.TicketNumber,
                }, options);
                return Required(order.OrderId, opening);
        }
    }

    private static string Required(string caseId, CaseOpening opening) =>
        string.IsNullOrEmpty(caseId)
            ? throw new InvalidOperationException($"The {opening.Owner.ToWire()} service answered no case id for visit {opening.VisitId}.")
            : caseId;
}
