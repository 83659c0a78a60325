using HallPlatform.Contracts.Contacts.V1;
using HallPlatform.Quality.Domain;

namespace HallPlatform.Quality.Application;

/// <summary>The customer's contact for a case, as its owner tells it (contracts/contacts.proto).</summary>
public sealed record CaseContactInfo(string? CustomerName, string? CustomerPhone, bool DoNotContact);

/// <summary>
/// Asks a case's owner for the customer's contact: Reception for visits (and orders, through their visit), Fault for
/// trouble tickets, Complaint for complaints. Null when the owner does not know the case; an owner that cannot be
/// reached throws (the caller retries later).
/// </summary>
public interface ICaseContactSource
{
    Task<CaseContactInfo?> GetAsync(CaseType kind, string contactCaseId, CancellationToken cancellationToken);
}

/// <summary>The real source: the owners' <c>CaseContacts</c> gRPC service, signed as Quality itself.</summary>
public sealed class GrpcCaseContactSource(IServiceProvider services) : ICaseContactSource
{
    public const string ReceptionClient = "contacts-reception";
    public const string FaultClient = "contacts-fault";
    public const string ComplaintClient = "contacts-complaint";

    public async Task<CaseContactInfo?> GetAsync(CaseType kind, string contactCaseId, CancellationToken cancellationToken)
    {
        var factory = services.GetRequiredService<global::Grpc.Net.ClientFactory.GrpcClientFactory>();
        var client = factory.CreateClient<CaseContacts.CaseContactsClient>(kind switch
        {
            CaseType.Visit or CaseType.Order => ReceptionClient,
            CaseType.TroubleTicket => FaultClient,
            _ => ComplaintClient,
        });
        try
        {
            var contact = await client.GetCaseContactAsync(new GetCaseContactRequest { CaseId = contactCaseId },
                deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
            return new CaseContactInfo(
                contact.CustomerName.Length == 0 ? null : contact.CustomerName,
                contact.CustomerPhone.Length == 0 ? null : contact.CustomerPhone,
                contact.DoNotContact);
        }
        catch (global::Grpc.Core.RpcException exception) when (exception.StatusCode == global::Grpc.Core.StatusCode.NotFound)
        {
            return null;
        }
    }
}
