using Grpc.Core;
using HallPlatform.Contracts.Contacts.V1;
using HallPlatform.Fault.Application;
using static HallPlatform.Application.OutcomeRpc;

namespace HallPlatform.Fault.Grpc;

/// <summary>
/// CaseContacts for trouble tickets: the customer's name and phone, decrypted, for service callers only (Quality).
/// Not routed by the gateway. Fault records no do-not-contact wish, so do_not_contact is always false.
/// </summary>
public sealed class TicketCaseContactsGrpcService(TroubleTicketHandling tickets) : CaseContacts.CaseContactsBase
{
    public override async Task<CaseContact> GetCaseContact(GetCaseContactRequest request, ServerCallContext context)
    {
        var ticket = ValueOrThrow(await tickets.CaseContactAsync(request.CaseId, context.CancellationToken));
        return new CaseContact
        {
            CaseId = ticket.TicketId,
            CustomerName = ticket.CustomerName ?? "",
            CustomerPhone = ticket.CustomerPhone ?? "",
            HallId = ticket.HallId ?? "",
            JourneyId = ticket.JourneyId ?? "",
            DoNotContact = false,
        };
    }
}
