using Grpc.Core;
using HallPlatform.Contracts.Contacts.V1;
using HallPlatform.Reception.Application.Queue;
using static HallPlatform.Application.OutcomeRpc;

namespace HallPlatform.Reception.Grpc;

/// <summary>Reception's side of <c>CaseContacts</c>: the contact of a visit, for service callers (no gateway route).</summary>
public sealed class CaseContactsGrpcService(VisitContacts contacts) : CaseContacts.CaseContactsBase
{
    public override async Task<CaseContact> GetCaseContact(GetCaseContactRequest request, ServerCallContext context)
    {
        var contact = ValueOrThrow(await contacts.GetAsync(request.CaseId, context.CancellationToken));
        return new CaseContact
        {
            CaseId = contact.VisitId,
            CustomerName = contact.CustomerName,
            CustomerPhone = contact.CustomerPhone,
            HallId = contact.HallId,
            JourneyId = contact.JourneyId ?? "",
        };
    }
}
