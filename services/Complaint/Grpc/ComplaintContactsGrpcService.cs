using HallPlatform.Complaint.Application;
using HallPlatform.Contracts.Contacts.V1;
using global::Grpc.Core;
using static HallPlatform.Application.OutcomeRpc;

namespace HallPlatform.Complaint.Grpc;

/// <summary>
/// CaseContacts for complaints: the complainant's contact, for Quality's callback or survey invitation. Service
/// callers only (PERMISSION_DENIED otherwise; the gateway has no route to it); NOT_FOUND for an unknown complaint.
/// </summary>
public sealed class ComplaintContactsGrpcService(ComplaintHandling handling) : CaseContacts.CaseContactsBase
{
    public override async Task<CaseContact> GetCaseContact(GetCaseContactRequest request, ServerCallContext context)
    {
        var complaint = ValueOrThrow(await handling.CaseContactAsync(request.CaseId, context.CancellationToken));
        return new CaseContact
        {
            CaseId = complaint.ComplaintId,
            CustomerName = complaint.CustomerName ?? "",
            CustomerPhone = complaint.CustomerPhone,
            HallId = complaint.HallId,
            JourneyId = complaint.JourneyId ?? "",
            DoNotContact = false,
        };
    }
}
